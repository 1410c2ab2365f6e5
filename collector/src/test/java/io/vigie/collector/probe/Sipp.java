package io.vigie.collector.probe;

import io.vigie.testkit.FreePort;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's sipp (package sip-tester) as a UAS on a free loopback port, answering every OPTIONS with
 * one status (a scenario of its own: receive OPTIONS, send the status), over UDP ({@code -t u1}) or
 * TCP ({@code -t t1}).
 */
final class Sipp extends DnsSipRtspPeer {
  private final String status;
  private final boolean tcp;

  /**
   * @param status the status line's code and words, {@code 200 OK}
   */
  Sipp(String status, boolean tcp) {
    this.status = status;
    this.tcp = tcp;
  }

  @Override
  Path binary() {
    return Path.of("/usr/bin/sipp");
  }

  @Override
  String installHint() {
    return "install it with `apt-get install sip-tester` (./vigie test does it)";
  }

  @Override
  List<String> command(Path dir, int port) throws IOException {
    Path scenario =
        write(
            dir,
            "options.xml",
            String.join(
                "\n",
                "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>",
                "<scenario name=\"options " + status + "\">",
                "  <recv request=\"OPTIONS\" />",
                "  <send>",
                "    <![CDATA[",
                "",
                "      SIP/2.0 " + status,
                "      [last_Via:]",
                "      [last_From:]",
                "      [last_To:];tag=[pid]SIPpTag01[call_number]",
                "      [last_Call-ID:]",
                "      [last_CSeq:]",
                "      Contact: <sip:[local_ip]:[local_port];transport=[transport]>",
                "      Content-Length: 0",
                "",
                "    ]]>",
                "  </send>",
                "</scenario>",
                ""));
    return List.of(
        binary().toString(),
        "-sf",
        scenario.toString(),
        "-i",
        "127.0.0.1",
        "-p",
        String.valueOf(port),
        "-t",
        tcp ? "t1" : "u1",
        "-nostdin",
        "-trace_err",
        // sipp also binds a media port pair and a control port: free ones, not its defaults.
        "-mp",
        String.valueOf(FreePort.pick()),
        "-cp",
        String.valueOf(FreePort.pick()));
  }

  /** Whether sipp has bound the port (from /proc: a probe connection would be a call). */
  @Override
  boolean ready(int port) {
    return bound(port, tcp);
  }
}
