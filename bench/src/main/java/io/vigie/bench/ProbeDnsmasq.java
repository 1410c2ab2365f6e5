package io.vigie.bench;

import io.vigie.testkit.FreePort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Debian's dnsmasq on a free loopback port, answering for {@value #DOMAIN} from a hosts file of its
 * own only (any other name of the domain is NXDOMAIN), as the probe tests' {@code Dnsmasq} starts
 * it; as nobody when the benchmark runs as root. Stopped by its own process handle.
 */
final class ProbeDnsmasq implements AutoCloseable {
  static final String DOMAIN = "vigie.test";
  private final Process process;
  private final int port;

  private ProbeDnsmasq(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ProbeDnsmasq start(Path dir, List<String> names) throws Exception {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringBuilder hosts = new StringBuilder("10.0.0.5 ready." + DOMAIN + "\n");
    for (int i = 0; i < names.size(); i++) {
      hosts.append("10.1.").append(i / 250).append('.').append(1 + i % 250);
      hosts.append(' ').append(names.get(i)).append('\n');
    }
    Path file = dir.resolve("hosts");
    Files.writeString(file, hosts.toString());
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = FreePort.pick();
      List<String> command = new ArrayList<>();
      if ("root".equals(System.getProperty("user.name"))) {
        command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
      }
      command.addAll(
          List.of(
              "/usr/sbin/dnsmasq",
              "--keep-in-foreground",
              "--log-facility=-",
              "--conf-file=/dev/null",
              "--port=" + port,
              "--listen-address=127.0.0.1",
              "--bind-interfaces",
              "--no-resolv",
              "--no-hosts",
              "--no-poll",
              "--cache-size=0",
              "--addn-hosts=" + file,
              "--local=/" + DOMAIN + "/",
              "--pid-file=" + dir.resolve("dnsmasq.pid")));
      Path log = dir.resolve("dnsmasq-" + attempt + ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      ProbeDnsmasq d = new ProbeDnsmasq(p, port);
      for (int i = 0; i < 100 && p.isAlive(); i++) {
        if (d.ready()) {
          return d;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      d.close();
      failures.add(Files.readString(log).strip());
    }
    throw new IllegalStateException("dnsmasq did not start: " + failures);
  }

  private boolean ready() {
    try {
      SimpleResolver resolver =
          new SimpleResolver(
              new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
      resolver.setTimeout(Duration.ofMillis(300));
      Message answer =
          resolver.send(
              Message.newQuery(
                  Record.newRecord(Name.fromString("ready." + DOMAIN + "."), Type.A, DClass.IN)));
      return answer.getRcode() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    Procs.stop(process);
  }
}
