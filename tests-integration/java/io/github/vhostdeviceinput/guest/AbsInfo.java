// The range of one absolute axis as a libevdev client sees it (struct input_absinfo).
package io.github.vhostdeviceinput.guest;

/** An axis's range, fuzz, flat, resolution and current value. */
public record AbsInfo(int min, int max, int fuzz, int flat, int resolution, int value) {

  /** An axis with the given range and everything else zero. */
  public static AbsInfo of(int min, int max) {
    return new AbsInfo(min, max, 0, 0, 0, 0);
  }
}
