// The first thing to run: host input reaches a QEMU guest through the packaged backend, shown
// readably.
package io.github.vhostdeviceinput.demo;

import io.github.vhostdeviceinput.backend.Backend;
import io.github.vhostdeviceinput.backend.HostFacts;
import io.github.vhostdeviceinput.fixture.DeviceSpec;
import io.github.vhostdeviceinput.fixture.Event;
import io.github.vhostdeviceinput.fixture.FakeEvdev;
import io.github.vhostdeviceinput.guest.AgentEvent;
import io.github.vhostdeviceinput.guest.QemuBinary;
import io.github.vhostdeviceinput.guest.QemuGuest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/demo}: with no arguments, a fake keyboard and mouse type and move into a guest;
 * with device paths, the guest shows what those real devices send for a while.
 */
public final class Demo {
  private static final Duration BOOT = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String TEXT = "hello from the host";

  private final PrintStream out = System.out;

  private Demo() {}

  public static void main(String[] args) throws Exception {
    int seconds = 20;
    List<Path> devices = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--seconds") && i + 1 < args.length) {
        seconds = Integer.parseInt(args[++i]);
      } else if (args[i].startsWith("-")) {
        System.err.println("usage: scripts/demo [--seconds N] [/dev/input/eventX ...]");
        System.exit(2);
      } else {
        devices.add(Path.of(args[i]));
      }
    }
    try {
      if (devices.isEmpty()) {
        new Demo().withFakeDevices();
      } else {
        new Demo().withRealDevices(devices, seconds);
      }
    } catch (Exception | AssertionError e) {
      System.err.println("demo failed: " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  private void withFakeDevices() throws Exception {
    Path dir = Files.createTempDirectory("vhost-device-input-demo");
    out.println("vhost-device-input demo: host input -> backend -> QEMU -> guest kernel");
    try (FakeEvdev fake = FakeEvdev.start(DeviceSpec.KEYBOARD, DeviceSpec.MOUSE);
        Backend backend = Backend.start(dir, List.of(fake.path(0), fake.path(1)))) {
      out.println(
          "  host devices: a fake keyboard and mouse, "
              + fake.path(0)
              + " and "
              + fake.path(1)
              + " (FUSE files that behave like /dev/input nodes)");
      out.println(
          "  backend:      " + backendCommand(backend, List.of(fake.path(0), fake.path(1))));
      try (QemuGuest guest = boot(backend, 2, "fakeevdev keyboard", "fakeevdev mouse")) {
        backend.awaitEventRings(2);
        String keyboard = guest.deviceNamed("fakeevdev keyboard").tag();
        String mouse = guest.deviceNamed("fakeevdev mouse").tag();
        guest.sendCommand("rep " + keyboard + " 0 0"); // no guest autorepeat while we type

        out.println();
        out.println("typing \"" + TEXT + "\" on the host keyboard...");
        List<Event> keys = KeyText.type(TEXT);
        int before = guest.events(keyboard).size();
        typeLikeAPerson(fake, keys);
        guest.awaitEvents(keyboard, before + keys.size(), TIMEOUT);
        out.println(
            "guest read: "
                + text(guest.events(keyboard).subList(before, guest.events(keyboard).size())));

        out.println();
        out.println("moving the host mouse right 30 and up 20, then clicking...");
        before = guest.events(mouse).size();
        List<Event> moves = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          moves.addAll(List.of(new Event(2, 0, 3), new Event(2, 1, -2), new Event(0, 0, 0)));
        }
        moves.addAll(List.of(new Event(1, 0x110, 1), new Event(0, 0, 0)));
        moves.addAll(List.of(new Event(1, 0x110, 0), new Event(0, 0, 0)));
        for (int i = 0; i < moves.size(); i += 3) {
          fake.inject(1, moves.subList(i, Math.min(i + 3, moves.size())));
          Thread.sleep(8); // a 125 Hz mouse
        }
        List<AgentEvent> seen = guest.awaitEvents(mouse, before + moves.size(), TIMEOUT);
        out.println("guest saw: " + pointer(seen.subList(before, seen.size())));

        out.println();
        out.println("the guest turns Caps Lock on...");
        fake.takeWrites(0);
        guest.sendCommand("led " + keyboard + " 1 1");
        out.println("host keyboard got: " + awaitLed(fake));

        out.println();
        out.println("guest powered off (exit " + guest.powerOff(TIMEOUT) + ")");
      } catch (Exception | AssertionError e) {
        System.err.println("backend log:\n" + backend.log());
        throw e;
      }
      out.println("backend stopped on SIGTERM (exit " + backend.stop(TIMEOUT) + ")");
    } finally {
      deleteTree(dir);
    }
  }

  private void withRealDevices(List<Path> devices, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("vhost-device-input-demo");
    try (Backend backend = Backend.start(dir, devices)) {
      List<String> names = new ArrayList<>();
      for (Path device : devices) {
        names.add(HostFacts.of(device).name());
      }
      out.println("  backend: " + backendCommand(backend, devices));
      try (QemuGuest guest = boot(backend, devices.size(), names.toArray(String[]::new))) {
        backend.awaitEventRings(devices.size());
        out.println(
            "use the devices now: the guest shows what it reads for "
                + seconds
                + " s"
                + (devices.size() > 0
                    ? " (they are grabbed: your desktop does not see them)"
                    : ""));
        int shown = 0;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
          List<AgentEvent> all = guest.agent().allEvents();
          for (AgentEvent e : all.subList(shown, all.size())) {
            out.println("guest read: " + describe(e));
          }
          shown = all.size();
          Thread.sleep(100);
        }
        guest.powerOff(TIMEOUT);
      }
      backend.stop(TIMEOUT);
    } finally {
      deleteTree(dir);
    }
  }

  private QemuGuest boot(Backend backend, int count, String... names) throws Exception {
    List<Path> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sockets.add(backend.socket(i));
    }
    QemuBinary qemu = QemuBinary.find();
    out.println(
        "  guest:        "
            + qemu.versionLine()
            + ", q35 under TCG, one vhost-user-input-pci"
            + " per socket");
    QemuGuest.Builder builder = QemuGuest.builder().name("demo").vhostUserSockets(sockets);
    for (String name : names) {
      builder.expectDevice(name);
    }
    out.print("booting the guest... ");
    out.flush();
    QemuGuest guest = builder.start();
    Duration ready = guest.awaitReady(BOOT);
    out.printf("ready in %.1f s; it sees", ready.toMillis() / 1000.0);
    for (String name : names) {
      out.print(" \"" + name + "\" (" + guest.deviceNamed(name).tag() + ")");
    }
    out.println();
    return guest;
  }

  private static String backendCommand(Backend backend, List<Path> devices) {
    String base = backend.socket(0).toString();
    return "vhost-device-input -s "
        + base.substring(0, base.length() - 1)
        + " -e "
        + String.join(",", devices.stream().map(Path::toString).toList());
  }

  /**
   * Injects one key frame at a time, 40 ms apart. A real keyboard never sends a whole sentence at
   * once; one batch would overflow the device's 64-event kernel buffer, and the overflow would
   * (rightly) be resynced to "no key down" instead of delivered.
   */
  private static void typeLikeAPerson(FakeEvdev fake, List<Event> keys) throws Exception {
    for (int i = 0; i < keys.size(); i += 3) {
      fake.inject(0, keys.subList(i, i + 3));
      Thread.sleep(40);
    }
  }

  private static String text(List<AgentEvent> events) {
    StringBuilder text = new StringBuilder();
    for (AgentEvent e : events) {
      if (e.type() == KeyText.EV_KEY && e.value() == 1) {
        Character c = KeyText.charOf(e.code());
        text.append(c != null ? c : '?');
      }
    }
    return text.toString();
  }

  private static String pointer(List<AgentEvent> events) {
    int dx = 0;
    int dy = 0;
    List<String> buttons = new ArrayList<>();
    for (AgentEvent e : events) {
      if (e.type() == 2 && e.code() == 0) {
        dx += e.value();
      } else if (e.type() == 2 && e.code() == 1) {
        dy += e.value();
      } else if (e.type() == 1) {
        String button =
            switch (e.code()) {
              case 0x110 -> "left button";
              case 0x111 -> "right button";
              case 0x112 -> "middle button";
              default -> "button " + e.code();
            };
        buttons.add(button + (e.value() == 1 ? " pressed" : " released"));
      }
    }
    return String.format("mouse moved (%+d, %+d), %s", dx, dy, String.join(", ", buttons));
  }

  private static String awaitLed(FakeEvdev fake) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Event e : fake.takeWrites(0)) {
        if (e.type() == 0x11 && e.code() == 1) {
          return "EV_LED LED_CAPSL " + e.value();
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the host keyboard never got the Caps Lock LED");
  }

  private static String describe(AgentEvent e) {
    if (e.kind() != AgentEvent.Kind.EVENT) {
      return e.toString();
    }
    if (e.type() == KeyText.EV_KEY && KeyText.charOf(e.code()) != null) {
      return "key '" + KeyText.charOf(e.code()) + "' " + (e.value() == 0 ? "up" : "down");
    }
    return e.toString();
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // A temp dir left behind is harmless.
    }
  }
}
