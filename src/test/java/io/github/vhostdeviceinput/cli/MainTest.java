// Tests Main.run in process: exit codes and the one-line errors, through the real native library.
package io.github.vhostdeviceinput.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Asserts exactly one line on stderr, "vhost-device-input: " + expected. */
  private void assertOneErrorLine(String expected) {
    String text = err.toString();
    assertEquals("vhost-device-input: " + expected + System.lineSeparator(), text);
    assertFalse(text.contains("Exception"), text);
  }

  @Test
  void helpExitsZero() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("--socket-path <SOCKET_PATH>"));
    assertEquals("", err.toString());
  }

  @Test
  void versionExitsZero() {
    assertEquals(0, run("-V"));
    assertTrue(out.toString().startsWith("vhost-device-input "));
  }

  @Test
  void usageErrorExitsTwo() {
    assertEquals(2, run("-s", dir + "/in.sock"));
    assertOneErrorLine("missing required option --event-list (see --help)");
  }

  @Test
  void missingDevice() {
    assertEquals(1, run("-s", dir + "/in.sock", "-e", "/dev/input/event99"));
    assertOneErrorLine("/dev/input/event99: No such file or directory");
  }

  @Test
  void notAnEvdevDevice() {
    assertEquals(1, run("-s", dir + "/in.sock", "-e", "/dev/null"));
    assertOneErrorLine("/dev/null: not an evdev input device");
  }

  @Test
  void regularFileIsNotAnEvdevDevice() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "not a device");
    assertEquals(1, run("-s", dir + "/in.sock", "-e", file.toString()));
    assertOneErrorLine(file + ": not an evdev input device");
  }

  @Test
  void directoryIsNotADevice() {
    assertEquals(1, run("-s", dir + "/in.sock", "-e", dir.toString()));
    assertOneErrorLine(dir + ": Is a directory");
  }

  @Test
  void deviceListedTwice() {
    assertEquals(1, run("-s", dir + "/in.sock", "-e", "/dev/null,/dev/null"));
    assertOneErrorLine("/dev/null: listed twice in --event-list");
  }

  @Test
  void sameDeviceThroughSymlink() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("null-link"), Path.of("/dev/null"));
    assertEquals(1, run("-s", dir + "/in.sock", "-e", "/dev/null," + link));
    assertOneErrorLine(link + ": the same device as /dev/null, listed twice in --event-list");
    Files.delete(link);
  }

  @Test
  void socketDirectoryMissing() {
    assertEquals(1, run("-s", "/nonexistent-dir/in.sock", "-e", "/dev/null"));
    assertOneErrorLine("socket directory /nonexistent-dir does not exist");
  }

  @Test
  void socketInUseByRunningProcess() throws IOException {
    Path socket = dir.resolve("in.sock0");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(socket));
      assertEquals(1, run("-s", dir + "/in.sock", "-e", "/dev/null"));
      assertOneErrorLine("socket " + socket + " is in use by a running process");
      assertTrue(Files.exists(socket), "a live socket is never removed");
    }
  }

  @Test
  void socketPathIsARegularFile() throws IOException {
    Path file = Files.writeString(dir.resolve("in.sock0"), "");
    assertEquals(1, run("-s", dir + "/in.sock", "-e", "/dev/null"));
    assertOneErrorLine("socket " + file + ": exists and is not a socket");
  }

  @Test
  void socketPathTooLong() {
    String base = dir + "/" + "x".repeat(120);
    assertEquals(1, run("-s", base, "-e", "/dev/null"));
    assertOneErrorLine("socket " + base + "0: path too long (at most 107 bytes)");
  }

  @Test
  void staleSocketPassesTheCheck() throws IOException {
    // A socket file whose listener is gone: the check lets it through (it is replaced at listen),
    // so the next failure is the device's.
    Path socket = dir.resolve("in.sock0");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertTrue(Files.exists(socket));
    assertEquals(1, run("-s", dir + "/in.sock", "-e", "/dev/null"));
    assertOneErrorLine("/dev/null: not an evdev input device");
  }
}
