// A backend under test as a command template, so any vhost-user input backend can be measured.
package io.github.vhostdeviceinput.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command line with placeholders, split into words like a shell would (single and double quotes
 * group, nothing is expanded), and run without a shell so its pid is the backend's:
 *
 * <ul>
 *   <li>{@code {launcher}}: our packaged launcher, bin/vhost-device-input;
 *   <li>{@code {socket_base}}: the socket path to which the backend appends 0, 1, ...;
 *   <li>{@code {devices}}: the device paths, comma-separated;
 *   <li>{@code {socket}} and {@code {device}}: one socket ({@code {socket_base}} + i) and one
 *       device. A template with these runs one process per device, as QEMU's contrib backend needs.
 * </ul>
 *
 * @param name how results name it
 * @param template the command line
 */
record BackendTemplate(String name, String template) {
  static final String OURS = "{launcher} --socket-path {socket_base} --event-list {devices}";

  /** Our flag that turns the pacing of bursts off; no other backend knows it. */
  static final String BURST_RATE_UNLIMITED = "--burst-rate unlimited";

  /** Our default --burst-rate, events per second: how fast a paced burst goes. */
  static final int DEFAULT_BURST_RATE = 1000;

  /** QEMU's contrib/vhost-user-input: one device per process. */
  static final String QEMU_CONTRIB =
      "vhost-user-input --socket-path={socket} --evdev-path={device}";

  /** rust-vmm's vhost-device-input (vhost-device repository). */
  static final String RUST_VMM =
      "vhost-device-input --socket-path {socket_base} --event-list {devices}";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  BackendTemplate {
    boolean base = template.contains("{socket_base}");
    boolean list = template.contains("{devices}");
    boolean socket = template.contains("{socket}");
    boolean device = template.contains("{device}");
    if (!(base && list && !socket && !device) && !(socket && device && !base && !list)) {
      throw new IllegalArgumentException(
          "backend template needs {socket_base} and {devices} (one process), or {socket} and"
              + " {device} (one process per device): "
              + template);
    }
    split(template); // refuses unbalanced quotes now, not at the first run
  }

  /** Our packaged launcher, the default backend under test. */
  static BackendTemplate ours() {
    return new BackendTemplate("ours", OURS);
  }

  /**
   * Our built-in template with pacing off, named NAME-unlimited, so a scenario can measure the data
   * plane's own capacity beside the paced default; empty for any other template, since a peer
   * backend (or ours with flags of its own) would not take or want the flag.
   */
  Optional<BackendTemplate> unlimited() {
    if (!template.equals(OURS)) {
      return Optional.empty();
    }
    return Optional.of(new BackendTemplate(name + "-unlimited", OURS + " " + BURST_RATE_UNLIMITED));
  }

  /** {@code NAME=TEMPLATE}, or a bare template named "custom". */
  static BackendTemplate parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq > 0 && NAME.matcher(spec.substring(0, eq)).matches()) {
      return new BackendTemplate(spec.substring(0, eq), spec.substring(eq + 1).strip());
    }
    return new BackendTemplate("custom", spec.strip());
  }

  /** Whether the template runs one process per device. */
  boolean perDevice() {
    return template.contains("{socket}");
  }

  /** The socket of device i: the base with the index appended, for every kind of template. */
  static Path socket(Path socketBase, int i) {
    return Path.of(socketBase + Integer.toString(i));
  }

  /** The command of each process to start: one, or one per device. */
  List<List<String>> commands(Path launcher, Path socketBase, List<Path> devices) {
    List<List<String>> out = new ArrayList<>();
    if (perDevice()) {
      for (int i = 0; i < devices.size(); i++) {
        out.add(expand(launcher, socketBase, socket(socketBase, i), devices.get(i), devices));
      }
    } else {
      out.add(expand(launcher, socketBase, null, null, devices));
    }
    return out;
  }

  private List<String> expand(
      Path launcher, Path socketBase, Path socket, Path device, List<Path> devices) {
    String all = String.join(",", devices.stream().map(Path::toString).toList());
    List<String> words = new ArrayList<>();
    for (String word : split(template)) {
      String w =
          word.replace("{launcher}", launcher.toString())
              .replace("{socket_base}", socketBase.toString())
              .replace("{devices}", all);
      if (socket != null) {
        w = w.replace("{socket}", socket.toString()).replace("{device}", device.toString());
      }
      words.add(w);
    }
    return words;
  }

  /**
   * Why this backend cannot run here, if its program is missing; empty if it can. A program named
   * vhost-device-input must be an ELF binary to count as rust-vmm's, since ours has that name too
   * and is a shell script.
   */
  Optional<String> unavailableReason(Path launcher) {
    String program = split(template).get(0).replace("{launcher}", launcher.toString());
    Optional<Path> found = resolve(program);
    if (found.isEmpty()) {
      return Optional.of(
          program + " not found (not on PATH, nor in /usr/libexec or /usr/lib/qemu)");
    }
    if (template.equals(RUST_VMM) && !isElf(found.get())) {
      return Optional.of(
          found.get() + " is not an ELF binary, so it is not rust-vmm's vhost-device-input");
    }
    return Optional.empty();
  }

  private static Optional<Path> resolve(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    List<String> dirs =
        new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/libexec", "/usr/lib/qemu"));
    for (String dir : dirs) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }

  private static boolean isElf(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 0x7f
          && magic[1] == 'E'
          && magic[2] == 'L'
          && magic[3] == 'F';
    } catch (IOException e) {
      return false;
    }
  }

  /** Splits like sh: blanks separate words, quotes group; no escapes, no expansion. */
  static List<String> split(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unbalanced quote in backend template: " + command);
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty backend template");
    }
    return words;
  }
}
