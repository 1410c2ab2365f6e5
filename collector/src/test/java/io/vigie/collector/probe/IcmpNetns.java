package io.vigie.collector.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces of the test's own, a client and a target joined by a veth pair ({@code
 * 10.231.0.1} and {@code 10.231.0.2}), so that ICMP runs over real packets without touching the
 * host's network. The client namespace's {@code net.ipv4.ping_group_range} lets every group open
 * ICMP datagram sockets (the sysctl is per namespace). Code runs "in" a namespace on a thread that
 * joined it with {@code setns()}: a socket opened or a process started by that thread belongs to
 * the namespace.
 *
 * <p>Loss and delay on the way to the target are set with {@code tc netem} on the client's veth
 * where the kernel has netem; where it has not (this project's Firecracker kernels lack {@code
 * sch_netem}), the target's kernel stops answering echo requests ({@code icmp_echo_ignore_all}) and
 * a responder of the test answers them from a raw socket instead, dropping each request with the
 * set probability and replying after the set delay: real packets on a real link either way.
 *
 * <p>Needs root and iproute2; fails (never skips) saying so otherwise. Deleting the namespaces in
 * {@link #close()} deletes the veth pair with them.
 */
final class IcmpNetns implements AutoCloseable {
  static final String CLIENT_IP = "10.231.0.1";
  static final String TARGET_IP = "10.231.0.2";

  /** On the link, with a static neighbour entry to a MAC nobody has: requests vanish. */
  static final String BLACK_HOLE_IP = "10.231.0.99";

  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;
  private static final int SOCK_RAW = 3;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;

  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, int[] addrlen)
        throws LastErrorException;

    long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen)
        throws LastErrorException;
  }

  final String client;
  final String target;
  private final List<String> created = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> responders = new ArrayList<>();
  private final ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();

  /** How loss and delay are made: {@code netem} or {@code responder}; empty until set. */
  String impairment = "";

  private static final AtomicInteger SEQ = new AtomicInteger();

  /** Fails with what is needed when this is not root or {@code ip netns} does not work. */
  static void requireRootAndIpNetns() {
    String uid = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          uid = line.substring(4).trim().split("\\s+")[1];
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read /proc/self/status: " + e, e);
    }
    if (!"0".equals(uid)) {
      throw new AssertionError(
          "the ICMP integration tests need root (network namespaces, tc, setns): run them as"
              + " root, as ./vigie test does; this process's effective uid is "
              + uid);
    }
    Result r = exec(List.of("ip", "netns", "list"));
    if (r.code != 0) {
      throw new AssertionError(
          "the ICMP integration tests need `ip netns` (Debian package iproute2): " + r.output);
    }
  }

  IcmpNetns() {
    requireRootAndIpNetns();
    long pid = ProcessHandle.current().pid();
    int n = SEQ.incrementAndGet();
    client = "vigie-icmp-c-" + pid + "-" + n;
    target = "vigie-icmp-t-" + pid + "-" + n;
    removeStale();
    try {
      run("ip", "netns", "add", client);
      created.add(client);
      run("ip", "netns", "add", target);
      created.add(target);
      String vc = "vic" + n;
      String vt = "vit" + n;
      run(
          "ip", "-n", client, "link", "add", vc, "type", "veth", "peer", "name", vt, "netns",
          target);
      run("ip", "-n", client, "addr", "add", CLIENT_IP + "/24", "dev", vc);
      run("ip", "-n", target, "addr", "add", TARGET_IP + "/24", "dev", vt);
      for (String[] ns : new String[][] {{client, vc}, {target, vt}}) {
        run("ip", "-n", ns[0], "link", "set", "lo", "up");
        run("ip", "-n", ns[0], "link", "set", ns[1], "up");
      }
      run(
          "ip",
          "-n",
          client,
          "neigh",
          "add",
          BLACK_HOLE_IP,
          "lladdr",
          "02:00:00:00:02:31",
          "dev",
          vc,
          "nud",
          "permanent");
      run("ip", "netns", "exec", client, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
      this.clientVeth = vc;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private String clientVeth = "";

  /**
   * Makes the way from client to target lose {@code lossPercent} of echo requests and delay the
   * answers by {@code delayMs}.
   */
  void impair(int lossPercent, int delayMs) {
    Result netem =
        exec(
            List.of(
                "ip",
                "netns",
                "exec",
                client,
                "tc",
                "qdisc",
                "add",
                "dev",
                clientVeth,
                "root",
                "netem",
                "loss",
                lossPercent + "%",
                "delay",
                delayMs + "ms"));
    if (netem.code == 0) {
      impairment = "netem";
      return;
    }
    if (!netem.output.contains("qdisc kind is unknown")) {
      throw new AssertionError("tc netem failed: " + netem.output);
    }
    impairment = "responder";
    run("ip", "netns", "exec", target, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1");
    startResponder(lossPercent / 100.0, delayMs);
  }

  /** Runs {@code task} on a new thread that joined namespace {@code ns}, and waits for it. */
  static <T> T in(String ns, Callable<T> task) {
    FutureTask<T> future =
        new FutureTask<>(
            () -> {
              join(ns);
              return task.call();
            });
    Thread t = new Thread(future, "in-" + ns);
    t.start();
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void join(String ns) {
    int fd = LibC.INSTANCE.open("/var/run/netns/" + ns, O_RDONLY);
    try {
      LibC.INSTANCE.setns(fd, CLONE_NEWNET);
    } finally {
      LibC.INSTANCE.close(fd);
    }
  }

  private void startResponder(double loss, int delayMs) {
    int fd = in(target, () -> LibC.INSTANCE.socket(2, SOCK_RAW, 1));
    byte[] timeout =
        ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0).putLong(200_000).array();
    LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length);
    Random random = new Random(20_231);
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[2048];
              byte[] from = new byte[16];
              int[] fromLen = new int[1];
              try {
                while (!stop.get()) {
                  fromLen[0] = from.length;
                  long n;
                  try {
                    n = LibC.INSTANCE.recvfrom(fd, buf, buf.length, 0, from, fromLen);
                  } catch (LastErrorException e) {
                    continue; // the receive timeout: look at stop again
                  }
                  int ihl = (buf[0] & 0x0f) * 4;
                  if (n < ihl + 8 || (buf[ihl] & 0xff) != 8) {
                    continue; // not an echo request (our own replies come back here too)
                  }
                  if (random.nextDouble() < loss) {
                    continue;
                  }
                  byte[] reply = new byte[(int) n - ihl];
                  System.arraycopy(buf, ihl, reply, 0, reply.length);
                  reply[0] = 0;
                  reply[2] = 0;
                  reply[3] = 0;
                  int sum = checksum(reply);
                  reply[2] = (byte) (sum >>> 8);
                  reply[3] = (byte) sum;
                  byte[] to = from.clone();
                  replies.schedule(
                      () -> {
                        try {
                          LibC.INSTANCE.sendto(fd, reply, reply.length, 0, to, to.length);
                        } catch (LastErrorException e) {
                          // the namespace is going away
                        }
                      },
                      delayMs,
                      TimeUnit.MILLISECONDS);
                }
              } finally {
                LibC.INSTANCE.close(fd);
              }
            },
            "icmp-responder-" + target);
    t.setDaemon(true);
    t.start();
    responders.add(t);
  }

  private static int checksum(byte[] b) {
    long sum = 0;
    for (int i = 0; i + 1 < b.length; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (b.length % 2 == 1) {
      sum += (b[b.length - 1] & 0xff) << 8;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  @Override
  public void close() {
    stop.set(true);
    for (Thread t : responders) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    replies.shutdownNow();
    List<String> failures = new ArrayList<>();
    for (String ns : created) {
      Result r = exec(List.of("ip", "netns", "del", ns));
      if (r.code != 0) {
        failures.add(ns + ": " + r.output);
      }
    }
    created.clear();
    if (!failures.isEmpty()) {
      throw new AssertionError("could not delete the test's namespaces: " + failures);
    }
  }

  /** Namespaces left by a test JVM that died before its cleanup (killed): not by a live one. */
  private static void removeStale() {
    Result list = exec(List.of("ip", "netns", "list"));
    for (String line : list.output.split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith("vigie-icmp-")) {
        String[] parts = name.split("-");
        if (parts.length >= 5) {
          long pid = Long.parseLong(parts[3]);
          if (ProcessHandle.of(pid).isEmpty()) {
            exec(List.of("ip", "netns", "del", name));
          }
        }
      }
    }
  }

  record Result(int code, String output) {}

  static void run(String... command) {
    Result r = exec(List.of(command));
    if (r.code != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + r.output);
    }
  }

  static Result exec(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + out);
      }
      return new Result(p.exitValue(), out.trim());
    } catch (IOException e) {
      return new Result(-1, command.get(0) + " cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
