// One absolute axis' range and resolution, as evdev reports it.
package io.github.vhostdeviceinput.virtio;

/** struct input_absinfo without the current value. */
public record AbsInfo(int min, int max, int fuzz, int flat, int resolution) {}
