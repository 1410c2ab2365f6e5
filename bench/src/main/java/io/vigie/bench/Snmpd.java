package io.vigie.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The simulated devices: one net-snmp snmpd answering SNMPv2c (community {@code public}) on {@code
 * devices} loopback addresses 127.10.x.y, each reporting this machine's interfaces. Vigie and the
 * peers poll the same snmpd, started once per benchmark run.
 */
final class Snmpd implements AutoCloseable {
  static final int PORT = 16100;
  static final String COMMUNITY = "public";

  private final Process process;
  private final int devices;

  private Snmpd(Process process, int devices) {
    this.process = process;
    this.devices = devices;
  }

  static String address(int i) {
    return "127.10." + (i / 250) + "." + (i % 250 + 1);
  }

  /** {@code address:port} of device {@code i}, as net-snmp's tools and the exporter take it. */
  static String agent(int i) {
    return address(i) + ":" + PORT;
  }

  int devices() {
    return devices;
  }

  /** The snmpd process (under bash's exec, the same PID). */
  long pid() {
    return process.pid();
  }

  /** Starts snmpd (as nobody when run as root) and waits until the last address answers. */
  static Snmpd start(Path work, int devices) throws Exception {
    Path persist = Files.createDirectories(work.resolve("persist"));
    Files.writeString(
        work.resolve("snmpd.conf"),
        "[snmp] persistentDir " + persist + "\nrocommunity " + COMMUNITY + " 127.0.0.0/8\n");
    // The addresses go on the command line: an agentAddress line in the config is cut at ~4 KB.
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < devices; i++) {
      list.append(i == 0 ? "" : ",").append("udp:").append(agent(i));
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      Procs.run("chown", "-R", "nobody:nogroup", work.toString());
    }
    String cmd =
        "ulimit -n 8192; exec "
            + (root ? "setpriv --reuid=nobody --regid=nogroup --clear-groups " : "")
            + "/usr/sbin/snmpd -f -Lf "
            + work.resolve("snmpd.log")
            + " -C -c "
            + work.resolve("snmpd.conf")
            + " -I -smux -p "
            + work.resolve("pid")
            + " "
            + list;
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", cmd)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("out.log").toFile());
    builder.environment().put("MIBS", "");
    Snmpd snmpd = new Snmpd(builder.start(), devices);
    for (int i = 0; i < 200; i++) {
      Process get =
          new ProcessBuilder(
                  "snmpget",
                  "-v2c",
                  "-c",
                  COMMUNITY,
                  "-t",
                  "0.5",
                  "-r",
                  "0",
                  agent(devices - 1),
                  "1.3.6.1.2.1.1.3.0")
              .redirectErrorStream(true)
              .start();
      get.getInputStream().readAllBytes();
      if (get.waitFor() == 0) {
        return snmpd;
      }
      if (!snmpd.process.isAlive()) {
        throw new IllegalStateException("snmpd exited; see " + work);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    snmpd.close();
    throw new IllegalStateException("snmpd did not answer on " + address(devices - 1));
  }

  /** Rows of ifTable that device 0 reports (ifNumber.0). */
  int interfaces() {
    String value =
        Procs.firstLine("snmpget", "-v2c", "-c", COMMUNITY, "-Oqv", agent(0), "1.3.6.1.2.1.2.1.0");
    return Integer.parseInt(value.trim());
  }

  @Override
  public void close() {
    Procs.stop(process);
  }
}
