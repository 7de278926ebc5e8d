// Loads libvhostdeviceinput.so from java.library.path and explains any failure in one line.
package io.github.vhostdeviceinput.nativeio;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds and loads the JNI library once per JVM. */
public final class NativeLibrary {
  static final String FILE_NAME = System.mapLibraryName("vhostdeviceinput");

  private static String failure;
  private static boolean loaded;

  private NativeLibrary() {}

  /**
   * Loads the library if it is not loaded yet.
   *
   * @throws UnsatisfiedLinkError with one line naming the file tried and why it failed
   */
  public static synchronized void load() {
    if (loaded) {
      return;
    }
    if (failure != null) {
      throw new UnsatisfiedLinkError(failure);
    }
    String searchPath = System.getProperty("java.library.path", "");
    Path found = null;
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, FILE_NAME);
      if (Files.exists(candidate)) {
        found = candidate.toAbsolutePath();
        break;
      }
    }
    if (found == null) {
      failure = FILE_NAME + " not found in java.library.path (" + searchPath + ")";
      throw new UnsatisfiedLinkError(failure);
    }
    String notElf = checkElf(found);
    if (notElf != null) {
      failure = "cannot load " + found + ": " + notElf;
      throw new UnsatisfiedLinkError(failure);
    }
    try {
      System.load(found.toString());
    } catch (UnsatisfiedLinkError e) {
      failure = "cannot load " + found + ": " + oneLine(e.getMessage(), found.toString());
      throw new UnsatisfiedLinkError(failure);
    }
    loaded = true;
  }

  /**
   * Returns why {@code file} is not a 64-bit ELF file, or null if it is. The JVM would print a
   * multi-line stack-guard warning for a non-ELF file before failing, so check first.
   */
  private static String checkElf(Path file) {
    byte[] ident = new byte[5];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(ident, 0, ident.length) < ident.length) {
        return "not an ELF shared library (file too short)";
      }
    } catch (IOException e) {
      return e.getMessage();
    }
    boolean elf = ident[0] == 0x7f && ident[1] == 'E' && ident[2] == 'L' && ident[3] == 'F';
    if (!elf) {
      return "not an ELF shared library";
    }
    if (ident[4] != 2) {
      return "not a 64-bit ELF shared library";
    }
    return null;
  }

  /** The JVM's message repeats the path; keep only the reason. */
  private static String oneLine(String message, String path) {
    if (message == null) {
      return "unknown error";
    }
    String reason = message.replace(path + ": ", "").replace(path, "").strip();
    int newline = reason.indexOf('\n');
    return newline >= 0 ? reason.substring(0, newline) : reason;
  }
}
