// Where the benchmark finds its binaries and puts its scratch files.
package io.github.vhostdeviceinput.bench;

import java.nio.file.Path;

/**
 * @param launcher our packaged launcher (bin/vhost-device-input of the unpacked distribution)
 * @param floorReader bin/floor-reader of the CMake build
 * @param shim the fake evdev's grab shim, preloaded into backends
 * @param workDir a fresh directory for sockets and logs (short, for socket paths)
 * @param sourceDir the repository, for git facts
 */
record BenchEnv(Path launcher, Path floorReader, Path shim, Path workDir, Path sourceDir) {}
