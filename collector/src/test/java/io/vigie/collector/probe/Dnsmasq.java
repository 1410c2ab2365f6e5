package io.vigie.collector.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Debian's dnsmasq on a free loopback port, answering for {@code vigie.test} from its own records
 * only (no /etc/dnsmasq.conf, /etc/hosts or /etc/resolv.conf; any other name of that domain is
 * NXDOMAIN). It forks a process per TCP connection, as in production:
 *
 * <ul>
 *   <li>{@code www.vigie.test}: A 10.0.0.5 and AAAA 2001:db8::5;
 *   <li>{@code multi.vigie.test}: A 10.0.0.6 and 10.0.0.7;
 *   <li>{@code vigie.test}: MX {@code 10 mail.vigie.test.} and TXT {@code "v=spf1 -all"}.
 * </ul>
 */
final class Dnsmasq extends DnsSipRtspPeer {
  @Override
  Path binary() {
    return Path.of("/usr/sbin/dnsmasq");
  }

  @Override
  String installHint() {
    return "install it with `apt-get install dnsmasq-base` (./vigie test does it)";
  }

  @Override
  List<String> command(Path dir, int port) throws IOException {
    Path hosts =
        write(
            dir,
            "hosts",
            "10.0.0.5 www.vigie.test\n2001:db8::5 www.vigie.test\n"
                + "10.0.0.6 multi.vigie.test\n10.0.0.7 multi.vigie.test\n");
    return List.of(
        binary().toString(),
        // Not --no-daemon: in debug mode dnsmasq serves a TCP connection in its one process, and
        // dnsjava keeps its TCP connections open, so every UDP query after a TCP one would wait.
        "--keep-in-foreground",
        "--log-facility=-",
        "--conf-file=/dev/null",
        "--port=" + port,
        "--listen-address=127.0.0.1",
        "--bind-interfaces",
        "--no-resolv",
        "--no-hosts",
        "--no-poll",
        "--addn-hosts=" + hosts,
        "--local=/vigie.test/",
        "--mx-host=vigie.test,mail.vigie.test,10",
        "--txt-record=vigie.test,v=spf1 -all",
        "--pid-file=" + dir.resolve("dnsmasq.pid"));
  }

  @Override
  boolean ready(int port) {
    try {
      SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
      resolver.setTimeout(java.time.Duration.ofMillis(300));
      Message answer =
          resolver.send(
              Message.newQuery(
                  Record.newRecord(Name.fromString("www.vigie.test."), Type.A, DClass.IN)));
      return answer.getRcode() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
