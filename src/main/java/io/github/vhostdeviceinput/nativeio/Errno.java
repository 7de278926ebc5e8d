// The errno values (Linux) that Java code reacts to by name.
package io.github.vhostdeviceinput.nativeio;

/** Linux errno numbers. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EIO = 5;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EINVAL = 22;
  public static final int ENOTTY = 25;
  public static final int EPIPE = 32;
  public static final int ENOTSOCK = 88;
  public static final int EADDRINUSE = 98;
  public static final int ECONNRESET = 104;
  public static final int ETIMEDOUT = 110;

  private Errno() {}
}
