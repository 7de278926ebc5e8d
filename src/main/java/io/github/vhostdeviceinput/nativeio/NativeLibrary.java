// Loads libvhostdeviceinput.so from java.library.path and explains any failure in one line.
package io.github.vhostdeviceinput.nativeio;

import java.io.File;
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
    try {
      System.load(found.toString());
    } catch (UnsatisfiedLinkError e) {
      failure = "cannot load " + found + ": " + oneLine(e.getMessage(), found.toString());
      throw new UnsatisfiedLinkError(failure);
    }
    loaded = true;
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
