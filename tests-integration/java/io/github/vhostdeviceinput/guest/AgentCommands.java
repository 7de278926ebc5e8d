// The agent's token syntax: blanks separate, double quotes group, \xHH escapes any byte.
package io.github.vhostdeviceinput.guest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds and splits agent lines the way the C agent does. */
public final class AgentCommands {
  private AgentCommands() {}

  /**
   * Quotes s as one agent token: {@code "..."}, with {@code "}, {@code \} and bytes outside
   * printable ASCII (in UTF-8) written as {@code \xHH}.
   */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        out.append(String.format("\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * Splits an agent line into tokens, decoding quotes and escapes; tokens are UTF-8.
   *
   * @throws IllegalArgumentException for an open quote or a malformed escape
   */
  public static List<String> tokenize(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    List<String> tokens = new ArrayList<>();
    ByteArrayOutputStream token = new ByteArrayOutputStream();
    boolean inToken = false;
    boolean quoted = false;
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      if (!quoted && (c == ' ' || c == '\t')) {
        if (inToken) {
          tokens.add(token.toString(StandardCharsets.UTF_8));
          token.reset();
          inToken = false;
        }
        continue;
      }
      inToken = true;
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\') {
        if (i + 3 >= bytes.length || bytes[i + 1] != 'x') {
          throw new IllegalArgumentException("bad escape in: " + line);
        }
        int hi = Character.digit(bytes[i + 2], 16);
        int lo = Character.digit(bytes[i + 3], 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad escape in: " + line);
        }
        token.write(hi * 16 + lo);
        i += 3;
      } else {
        token.write(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("open quote in: " + line);
    }
    if (inToken) {
      tokens.add(token.toString(StandardCharsets.UTF_8));
    }
    return tokens;
  }

  /**
   * Rewrites a command so that it fits in one quoted kernel argument ({@code vdi.run="..."}): the
   * kernel's own quoting cannot nest, so quoted blanks become {@code \x20} and the quotes go.
   */
  public static String forKernelCommandLine(String command) {
    StringBuilder out = new StringBuilder();
    boolean quoted = false;
    for (byte b : command.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"') {
        quoted = !quoted;
      } else if (c < 0x20 || c > 0x7e || (quoted && c == ' ')) {
        out.append(String.format("\\x%02x", c));
      } else {
        out.append((char) c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("open quote in: " + command);
    }
    return out.toString();
  }

  /** Escapes a device name for {@code vdi.expect="..."}: like {@link #quote} without quotes. */
  static String forKernelName(String name) {
    String quoted = quote(name);
    return quoted.substring(1, quoted.length() - 1);
  }
}
