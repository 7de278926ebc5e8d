// Boots the test guest in QEMU (TCG), collects its serial lines, talks to its agent and to QMP.
package io.github.vhostdeviceinput.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One QEMU process running the test guest. The guest's console (ttyS0), its agent (ttyS1) and
 * QEMU's stderr are collected as timestamped {@link SerialLine}s and written to a log file. Closing
 * always kills QEMU; a shutdown hook kills any that a crashed test left behind.
 */
public final class QemuGuest implements AutoCloseable {
  /** The default for every wait that has no timeout argument. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int KERNEL_CMDLINE_MAX = 2047;
  private static final int TAIL_LINES = 40;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "qemu-guest-reaper"));
  }

  private final List<String> commandLine;
  private final Path tempDir;
  private final Path logFile;
  private final Object lock = new Object();
  private final List<SerialLine> lines = new ArrayList<>();
  private final AgentTranscript agent = new AgentTranscript();
  private final List<Thread> readers = new ArrayList<>();
  private final AtomicInteger nextTag = new AtomicInteger(1);
  private final long startNanos;
  private Writer log;
  private Process process;
  private ServerSocketChannel agentServer;
  private ServerSocketChannel qmpServer;
  private SocketChannel agentChannel;
  private Qmp qmp;
  private boolean closed;

  private QemuGuest(Builder b) throws IOException {
    tempDir = Files.createTempDirectory("vdi-qemu-");
    Path agentSocket = tempDir.resolve("agent.sock");
    Path qmpSocket = tempDir.resolve("qmp.sock");
    commandLine = b.commandLine(agentSocket, qmpSocket);
    String name = b.name != null ? b.name : "qemu-guest-" + INSTANCES.incrementAndGet();
    logFile = b.image.logDir().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    startNanos = System.nanoTime();
    try {
      Files.createDirectories(logFile.getParent());
      log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
      log.write("# " + String.join(" ", commandLine) + "\n");
      // QEMU connects to both as a client while it starts, so nothing the guest says is lost.
      agentServer = UnixSockets.listen(agentSocket);
      qmpServer = UnixSockets.listen(qmpSocket);
      process =
          new ProcessBuilder(commandLine)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      LIVE.add(process);
      startReader(process.getInputStream(), SerialLine.Port.CONSOLE, StandardCharsets.UTF_8);
      startReader(process.getErrorStream(), SerialLine.Port.QEMU, StandardCharsets.UTF_8);
      agentChannel =
          UnixSockets.accept(agentServer, b.connectTimeout, process::isAlive, "the agent port");
      startReader(
          UnixSockets.inputStream(agentChannel),
          SerialLine.Port.AGENT,
          StandardCharsets.ISO_8859_1);
      SocketChannel qmpChannel =
          UnixSockets.accept(qmpServer, b.connectTimeout, process::isAlive, "QMP");
      qmp = Qmp.start(qmpChannel, b.connectTimeout);
    } catch (IOException | RuntimeException e) {
      String tail = tail();
      close();
      if (e instanceof GuestException) {
        throw new GuestException(e.getMessage() + "\n" + tail, e);
      }
      throw e;
    }
  }

  /** A builder for a guest; {@link Builder#start} boots it. */
  public static Builder builder() {
    return new Builder();
  }

  private void startReader(InputStream in, SerialLine.Port port, Charset charset) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  add(port, line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
                }
              } catch (IOException e) {
                // The stream ends when QEMU exits or close() closes it.
              } finally {
                synchronized (lock) {
                  lock.notifyAll();
                }
              }
            },
            "qemu-" + port.name().toLowerCase());
    t.setDaemon(true);
    readers.add(t);
    t.start();
  }

  private void add(SerialLine.Port port, String text) {
    synchronized (lock) {
      SerialLine line = new SerialLine(port, elapsed(), text);
      lines.add(line);
      if (port == SerialLine.Port.AGENT) {
        agent.accept(text);
      }
      try {
        log.write(line + "\n");
        log.flush();
      } catch (IOException e) {
        // The log is for people; losing it must not fail a test.
      }
      lock.notifyAll();
    }
  }

  /** The time since QEMU was started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** The QEMU command line as run. */
  public List<String> commandLine() {
    return commandLine;
  }

  /** The log file with every line and the command line. */
  public Path logFile() {
    return logFile;
  }

  /** Every line so far, from all ports, in arrival order. */
  public List<SerialLine> lines() {
    synchronized (lock) {
      return List.copyOf(lines);
    }
  }

  /** The parsed agent output. */
  public AgentTranscript agent() {
    return agent;
  }

  /** The QMP connection. */
  public Qmp qmp() {
    return qmp;
  }

  /** QEMU's process id, for a test that stops and continues it. */
  public long pid() {
    return process.pid();
  }

  /** Whether QEMU is still running. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * Waits until a condition holds; it is checked whenever a line arrives.
   *
   * @throws GuestException on timeout, or when QEMU has exited and all its output is read
   */
  public <T> T await(Supplier<Optional<T>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        Optional<T> result = condition.get();
        if (result.isPresent()) {
          return result.get();
        }
        boolean outputDone = readers.stream().noneMatch(Thread::isAlive);
        if (!isAlive() && outputDone) {
          throw failure("QEMU exited (code " + process.exitValue() + ") while waiting for " + what);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw failure("timed out after " + timeout + " waiting for " + what);
        }
        try {
          // Wake now and then: QEMU can die without printing a line.
          lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GuestException("interrupted while waiting for " + what, e);
        }
      }
    }
  }

  /** Waits for the first line (earlier ones included) that matches. */
  public SerialLine awaitLine(Predicate<SerialLine> predicate, Duration timeout) {
    return await(
        () -> {
          synchronized (lock) {
            return lines.stream().filter(predicate).findFirst();
          }
        },
        timeout,
        "a matching line");
  }

  /** Waits for the first agent line (earlier ones included) that matches. */
  public SerialLine awaitAgentLine(Predicate<String> predicate, Duration timeout) {
    return awaitLine(l -> l.port() == SerialLine.Port.AGENT && predicate.test(l.text()), timeout);
  }

  /**
   * Waits for the agent's READY line.
   *
   * @return the time from QEMU's start to READY
   */
  public Duration awaitReady(Duration timeout) {
    return awaitAgentLine(t -> t.startsWith("READY"), timeout).at();
  }

  /** The device tags of the READY line, in the order of the expected names. */
  public List<String> readyDevices() {
    return agent.ready().orElseThrow(() -> failure("the agent has not printed READY"));
  }

  /** The facts of the device with this tag (e.g. {@code event1}). */
  public DeviceFacts device(String tag) {
    return agent.device(tag).orElseThrow(() -> failure("the agent reported no device " + tag));
  }

  /** The facts of the first open device with this name. */
  public DeviceFacts deviceNamed(String name) {
    return agent
        .deviceNamed(name)
        .orElseThrow(() -> failure("the agent reported no device named " + name));
  }

  /** The events of one device so far. */
  public List<AgentEvent> events(String tag) {
    return agent.events(tag);
  }

  /** Waits until a device has at least count events, and returns all of them. */
  public List<AgentEvent> awaitEvents(String tag, int count, Duration timeout) {
    return await(
        () -> {
          List<AgentEvent> events = agent.events(tag);
          return events.size() >= count ? Optional.of(events) : Optional.empty();
        },
        timeout,
        count + " events on " + tag);
  }

  /**
   * Sends one command to the agent and waits for its reply, OK or ERR.
   *
   * @param command e.g. {@code led event1 1 1}; see tests-integration/README.md
   */
  public AgentReply command(String command, Duration timeout) {
    String tag = "#" + nextTag.getAndIncrement();
    writeAgent(tag + " " + command);
    return await(() -> agent.reply(tag), timeout, "the reply to '" + command + "'");
  }

  /**
   * Sends one command to the agent and insists on OK.
   *
   * @return the reply
   * @throws GuestException on ERR or timeout
   */
  public AgentReply sendCommand(String command) {
    AgentReply reply = command(command, DEFAULT_TIMEOUT);
    if (!reply.ok()) {
      throw failure("agent command '" + command + "' failed: " + reply.line());
    }
    return reply;
  }

  /**
   * Switches a device between reading through libevdev (the default) and raw reading, which prints
   * every event exactly as the kernel queued it, including those libevdev would drop. The events
   * queued before are printed first, in the old mode. Back from raw, the agent makes a new libevdev
   * handle, so libevdev starts from the kernel's state of that moment.
   *
   * @return the reply, {@code OK #n raw TAG 1|0}
   * @throws GuestException on ERR or timeout
   */
  public AgentReply rawMode(String tag, boolean on) {
    return sendCommand("raw " + tag + (on ? " 1" : " 0"));
  }

  /**
   * The guest kernel's current state of a device, which the agent reads with ioctls after printing
   * the events queued for it (unless it is paused).
   *
   * @throws GuestException on ERR or timeout
   */
  public DeviceState state(String tag) {
    AgentReply reply = sendCommand("state " + tag);
    String device = reply.words().get(0);
    return agent.state(device).orElseThrow(() -> failure("no state parsed for " + device));
  }

  private void writeAgent(String line) {
    try {
      UnixSockets.writeFully(agentChannel, (line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new GuestException("cannot write to the agent port: " + e + "\n" + tail(), e);
    }
  }

  /**
   * Asks the agent to quit, so init powers the guest off, and waits for QEMU to exit.
   *
   * @return QEMU's exit code
   * @throws GuestException if QEMU is still running after the timeout
   */
  public int powerOff(Duration timeout) {
    try {
      writeAgent("#" + nextTag.getAndIncrement() + " quit");
    } catch (GuestException e) {
      // The guest may have powered off on its own already.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw failure("QEMU did not exit within " + timeout + " after quit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuestException("interrupted while waiting for QEMU to exit", e);
    }
    joinReaders();
    return process.exitValue();
  }

  private void joinReaders() {
    for (Thread t : readers) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The last lines from all ports, for failure messages. */
  public String tail() {
    StringBuilder out = new StringBuilder("last lines (full log: " + logFile + "):\n");
    List<SerialLine> all = lines();
    all.subList(Math.max(0, all.size() - TAIL_LINES), all.size())
        .forEach(l -> out.append("  ").append(l).append('\n'));
    return out.toString();
  }

  private GuestException failure(String message) {
    return new GuestException(message + "\n" + tail());
  }

  /** Kills QEMU (whatever state it is in) and removes the sockets. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LIVE.remove(process);
    }
    if (qmp != null) {
      qmp.close();
    }
    for (Channel channel : new Channel[] {agentChannel, agentServer, qmpServer}) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        // Best effort: the process is gone.
      }
    }
    joinReaders();
    synchronized (lock) {
      try {
        if (log != null) {
          log.close();
        }
      } catch (IOException e) {
        // Nothing to do about a log that cannot be closed.
      }
    }
    try (Stream<Path> files = Files.walk(tempDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  /** Collects the guest's configuration; {@link #start} boots it. */
  public static final class Builder {
    private GuestImage image;
    private QemuBinary qemu;
    private final List<Path> vhostUserSockets = new ArrayList<>();
    private final List<String> qemuArgs = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();
    private final List<String> script = new ArrayList<>();
    private final List<String> kernelArgs = new ArrayList<>();
    private int memoryMib = 256;
    private boolean quiet = true;
    private String name;
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The guest files; default {@link GuestImage#fromBuild()}. */
    public Builder image(GuestImage image) {
      this.image = image;
      return this;
    }

    /** The QEMU to run; default {@link QemuBinary#find()}. */
    public Builder qemu(QemuBinary qemu) {
      this.qemu = qemu;
      return this;
    }

    /** Adds a vhost-user-input-pci device whose back-end listens at socket. */
    public Builder vhostUserSocket(Path socket) {
      vhostUserSockets.add(socket);
      return this;
    }

    /** Adds vhost-user-input-pci devices, one per socket, in order. */
    public Builder vhostUserSockets(List<Path> sockets) {
      vhostUserSockets.addAll(sockets);
      return this;
    }

    /** Adds QEMU arguments, e.g. {@code -device virtio-keyboard-pci}. */
    public Builder qemuArgs(String... args) {
      qemuArgs.addAll(List.of(args));
      return this;
    }

    /** The agent prints READY once a device with this name is open (repeat for more). */
    public Builder expectDevice(String name) {
      expected.add(name);
      return this;
    }

    /** A command the agent runs right after READY, before any sent one (kernel command line). */
    public Builder script(String command) {
      script.add(command);
      return this;
    }

    /** Adds kernel command line arguments. */
    public Builder kernelArgs(String... args) {
      kernelArgs.addAll(List.of(args));
      return this;
    }

    /** Guest RAM in MiB (shared memfd, as vhost-user needs); default 256. */
    public Builder memoryMib(int memoryMib) {
      this.memoryMib = memoryMib;
      return this;
    }

    /** Whether the kernel prints only warnings on the console; default true. */
    public Builder quiet(boolean quiet) {
      this.quiet = quiet;
      return this;
    }

    /** Names the log file target/guest-logs/NAME.log. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** How long QEMU may take to connect its agent port and QMP; default 10 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The kernel command line the guest will get. */
    public String kernelCommandLine() {
      StringBuilder append = new StringBuilder("console=ttyS0 panic=-1");
      if (quiet) {
        append.append(" quiet");
      }
      for (String device : expected) {
        append.append(" vdi.expect=\"").append(AgentCommands.forKernelName(device)).append('"');
      }
      for (String command : script) {
        append
            .append(" vdi.run=\"")
            .append(AgentCommands.forKernelCommandLine(command))
            .append('"');
      }
      kernelArgs.forEach(a -> append.append(' ').append(a));
      if (append.length() > KERNEL_CMDLINE_MAX) {
        throw new IllegalArgumentException(
            "kernel command line longer than " + KERNEL_CMDLINE_MAX + " bytes: " + append);
      }
      return append.toString();
    }

    /** The QEMU command line, given where the agent port and QMP sockets will be. */
    List<String> commandLine(Path agentSocket, Path qmpSocket) {
      if (image == null) {
        image = GuestImage.fromBuild();
      }
      if (qemu == null) {
        qemu = QemuBinary.find();
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(qemu.path().toString());
      // vhost-user back-ends map guest RAM, so it must be a shared fd.
      option(cmd, "-machine", "q35,memory-backend=mem");
      option(cmd, "-object", "memory-backend-memfd,id=mem,size=" + memoryMib + "M,share=on");
      option(cmd, "-m", memoryMib + "M");
      option(cmd, "-cpu", "qemu64");
      option(cmd, "-accel", "tcg");
      option(cmd, "-smp", "1");
      cmd.addAll(List.of("-nodefaults", "-no-user-config", "-no-reboot"));
      option(cmd, "-display", "none");
      option(cmd, "-serial", "stdio");
      option(cmd, "-chardev", "socket,id=agent,path=" + agentSocket);
      option(cmd, "-serial", "chardev:agent");
      option(cmd, "-chardev", "socket,id=qmp,path=" + qmpSocket);
      option(cmd, "-mon", "chardev=qmp,mode=control");
      option(cmd, "-kernel", image.vmlinux().toString());
      option(cmd, "-initrd", image.initramfs().toString());
      option(cmd, "-append", kernelCommandLine());
      for (int i = 0; i < vhostUserSockets.size(); i++) {
        option(cmd, "-chardev", "socket,id=vhost" + i + ",path=" + vhostUserSockets.get(i));
        option(cmd, "-device", "vhost-user-input-pci,chardev=vhost" + i + ",id=vhost-input" + i);
      }
      cmd.addAll(qemuArgs);
      return cmd;
    }

    private static void option(List<String> cmd, String option, String value) {
      cmd.add(option);
      cmd.add(value);
    }

    /**
     * Starts QEMU and connects to its agent port and QMP; the guest then boots on its own.
     *
     * @throws GuestException if QEMU, the kernel image or the initramfs is missing, or QEMU fails
     *     to start
     */
    public QemuGuest start() throws IOException {
      if (image == null) {
        image = GuestImage.fromBuild();
      }
      if (qemu == null) {
        qemu = QemuBinary.find();
      }
      kernelCommandLine(); // fails early on a command line the kernel would cut
      return new QemuGuest(this);
    }
  }
}
