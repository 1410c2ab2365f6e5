package io.vigie.bench;

import io.vigie.collector.ssh.Sshd;
import io.vigie.testkit.FreePort;
import io.vigie.testkit.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Breach to inbox: a value in a file crosses its threshold at a random moment of the 10 s poll
 * cycle; how long until the alert mail is in an SMTP server's inbox. Vigie: the packaged collector
 * polls the file over SSH with a Nagios-style check, the packaged alerting service decides and
 * mails. Then, in the same run, Prometheus + Alertmanager on the same kind of breach (a value in a
 * node_exporter textfile), with matched settings and with their defaults, through the peer script
 * {@code ../shared/peers/peer-alert-latency.sh}. The same SMTP sink timestamps every arrival.
 *
 * <p>{@code --breaches N (50) --peer-breaches N (40) --peer-default-breaches N (4) --out FILE}
 */
public final class MailLatencyBench {
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    int breaches = Integer.parseInt(opts.getOrDefault("breaches", "50"));
    int peerBreaches = Integer.parseInt(opts.getOrDefault("peer-breaches", "40"));
    int peerDefaultBreaches = Integer.parseInt(opts.getOrDefault("peer-default-breaches", "4"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path root = Path.of(System.getProperty("user.dir"));
    Path peers = root.resolve("../shared/peers").normalize();
    Path work = Files.createTempDirectory("vigie-bench-mail-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<Process> started = new ArrayList<>();
    double[] latencies = new double[breaches];
    try (InfluxServer influxd = BenchServers.influx(work);
        Sshd sshd = BenchServers.sshd()) {
      Path value = work.resolve("value");
      write(value, "10");
      Path check = work.resolve("check_value.sh");
      Files.writeString(
          check,
          "#!/bin/sh\nv=$(cat "
              + value
              + ")\n"
              + "if [ \"$v\" -gt 50 ]; then echo \"CRITICAL - value $v | value=$v;;50\"; exit 2; fi\n"
              + "echo \"OK - value $v | value=$v;;50\"; exit 0\n");
      Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(
          work.resolve("inventory.yml"),
          """
          version: 1
          clients:
            - {id: bench, name: Bench, language: en, contacts: [noc@bench.test]}
          targets:
            - id: probe
              client: bench
              kind: ssh
              address: 127.0.0.1
              interval: 10s
              credentials:
                private_key: {file: %s}
              ssh:
                user: %s
                port: %d
                host_key: %s
                checks:
                  - {name: value, command: %s}
          """
              .formatted(
                  sshd.userKey(),
                  BenchServers.login(sshd),
                  sshd.port(),
                  sshd.hostKeyFingerprint(),
                  check));
      Files.writeString(
          work.resolve("mdp.yml"),
          "users:\n  - {name: bench, password: \"%s\", roles: [viewer]}\n"
              .formatted(new BCryptPasswordEncoder(4).encode("bench-password")));
      int smtpPort = FreePort.pick();
      Path sink = work.resolve("sink.log");
      Files.writeString(sink, "");
      started.add(
          start(
              work.resolve("sink.out"),
              "/usr/bin/python3",
              peers.resolve("peer-alert/smtp_sink.py").toString(),
              String.valueOf(smtpPort),
              sink.toString()));
      String java = ProcessHandle.current().info().command().orElse("java");
      started.add(
          start(
              work.resolve("collector.log"),
              java,
              "-Xmx256m",
              "-jar",
              root.resolve("collector/target/vigie-collector-exec.jar").toString(),
              "collector",
              "--inventory",
              work.resolve("inventory.yml").toString(),
              "--influx-url",
              influxd.url(),
              "--database",
              "vigie",
              "--create-database",
              "--data-dir",
              work.resolve("collector").toString(),
              "--port",
              String.valueOf(FreePort.pick()),
              // Points reach InfluxDB within 200 ms of a poll instead of 1 s.
              "--vigie.writer.flush-interval=200ms"));
      started.add(
          start(
              work.resolve("alerting.log"),
              java,
              "-Xmx256m",
              "-jar",
              root.resolve("alerting/target/vigie-alerting-exec.jar").toString(),
              "serve",
              "--server.port=" + FreePort.pick(),
              "--vigie.inventory=" + work.resolve("inventory.yml"),
              "--vigie.alerting.users-file=" + work.resolve("mdp.yml"),
              "--vigie.alerting.data-dir=" + work.resolve("alerting"),
              "--vigie.influx.url=" + influxd.url(),
              // Reads are incremental: evaluating a small inventory four times a second is cheap.
              "--vigie.alerting.evaluation.interval=250ms",
              // Alertmanager has no flap detection; a change every few seconds would be flapping.
              "--vigie.alerting.evaluation.flap-start=100000",
              "--vigie.alerting.mail.group-window=1s",
              "--vigie.alerting.mail.tick=100ms",
              "--vigie.smtp.host=127.0.0.1",
              "--vigie.smtp.port=" + smtpPort,
              "--vigie.smtp.security=NONE",
              "--vigie.smtp.from=vigie@bench.test"));
      // Warm up: the first polls open the session, the first evaluations see the target.
      TimeUnit.SECONDS.sleep(30);
      // Each breach comes a random time after the previous recovery mail, so at a random moment
      // of the poll cycle. The delays are a stratified uniform sample of [0, 10 s), shuffled: one
      // in each tenth of the cycle per ten breaches, so that 50 breaches cover the cycle evenly
      // instead of depending on the luck of one seed.
      Random random = new Random(7);
      List<Integer> delays = new ArrayList<>();
      for (int n = 0; n < breaches; n++) {
        delays.add((int) ((n + random.nextDouble()) * 10_000 / breaches));
      }
      Collections.shuffle(delays, random);
      for (int n = 0; n < breaches; n++) {
        TimeUnit.MILLISECONDS.sleep(delays.get(n));
        long lines = Files.readAllLines(sink).size();
        write(value, "99");
        double t0 = System.currentTimeMillis() / 1e3;
        double t1 = waitFor(sink, lines, "[ERROR] probe", 120);
        latencies[n] = t1 - t0;
        System.out.printf(
            Locale.ROOT,
            "breach %d/%d: pre-delay %.2f s, %.2f s%n",
            n + 1,
            breaches,
            delays.get(n) / 1e3,
            latencies[n]);
        lines = Files.readAllLines(sink).size();
        write(value, "10");
        waitFor(sink, lines, "[RUN] probe", 120);
      }
    } finally {
      for (Process p : started) {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
      }
    }
    String matched = peer(peers, "a", peerBreaches, 19100);
    String defaults = peer(peers, "b", peerDefaultBreaches, 19200);
    double[] sorted = latencies.clone();
    Arrays.sort(sorted);
    double median = percentile(sorted, 50);
    double[] peerMatched = peerFigures(matched);
    StringBuilder md = new StringBuilder();
    md.append("## Breach to inbox: Vigie beside Prometheus + Alertmanager\n\n")
        .append("`./vigie bench mail`, run ")
        .append(java.time.LocalDate.now())
        .append(". ")
        .append(Report.machine())
        .append("\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "A value in a file goes from 10 to 99 (threshold 50) at a random moment of a 10 s poll"
                    + " cycle (the delay after the previous recovery mail is a stratified uniform sample of [0, 10 s),"
                    + " shuffled); the time until the alert mail has been received by an SMTP sink (aiosmtpd,"
                    + " `peers/peer-alert/smtp_sink.py`, timestamp at the end of DATA). After each breach the"
                    + " value goes back and the recovery mail is awaited. **Vigie**: the packaged collector"
                    + " polls the file every 10 s over SSH with a Nagios-style check (a real sshd on"
                    + " loopback), writes to a real InfluxDB within 200 ms; the alerting service evaluates every"
                    + " 250 ms (its reads are incremental: cheap for a small inventory), groups for 1 s"
                    + " (matched to Alertmanager's group_wait) and mails. **Prometheus"
                    + " 2.42 + Alertmanager 0.25** (Debian), run by `peers/peer-alert-latency.sh` in the"
                    + " same run: node_exporter's textfile collector exposes the value.%n%n"
                    + "| system | breaches | median s | p90 s | p99 s | max s |%n|---|---|---|---|---|---|%n"
                    + "| Vigie (poll 10 s, writes every 200 ms, evaluation every 250 ms, group window 1 s) | %d | **%.2f** | %.2f | %.2f | %.2f |%n",
                breaches,
                median,
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted[sorted.length - 1]))
        .append(
            peerRow(
                "Prometheus + Alertmanager, matched (scrape and evaluation 10 s, group_wait 1 s)",
                peerMatched))
        .append(
            peerRow(
                "Prometheus + Alertmanager, defaults (1 min, 1 min, group_wait 30 s)",
                peerFigures(defaults)))
        .append(
            String.format(
                Locale.ROOT,
                "%nTargets: p99 at most 12 s (poll interval + 2 s): **%.2f s**; median at most 0.7 times the"
                    + " matched Prometheus + Alertmanager median: **%.2f** times.%n",
                percentile(sorted, 99),
                Double.isNaN(peerMatched[1]) ? Double.NaN : median / peerMatched[1]));
    Report.write(out, "mail", md.toString());
    System.out.println(md);
  }

  private static String peerRow(String name, double[] f) {
    return String.format(
        Locale.ROOT, "| %s | %.0f | %.2f | %.2f | n/a | %.2f |%n", name, f[0], f[1], f[2], f[3]);
  }

  /** n, median, p90, max from the peer's summary.md, NaN when absent. */
  static double[] peerFigures(String summary) {
    for (String line : summary.split("\n")) {
      if (line.startsWith("| T1−T0 |")) {
        String[] c = line.split("\\|");
        return new double[] {
          Double.parseDouble(c[2].trim()),
          Double.parseDouble(c[4].trim()),
          Double.parseDouble(c[6].trim()),
          Double.parseDouble(c[7].trim())
        };
      }
    }
    return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
  }

  private static String peer(Path peers, String config, int count, int basePort) throws Exception {
    Path root = Files.createTempDirectory("vigie-bench-peer-alert-");
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                peers.resolve("peer-alert-latency.sh").toString(),
                config,
                String.valueOf(count))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("harness.out").toFile());
    pb.environment().put("ROOT", root.toString());
    pb.environment().put("BASE_PORT", String.valueOf(basePort));
    pb.environment().put("SEED", "7");
    int code = pb.start().waitFor();
    try (var dirs = Files.list(root)) {
      for (Path run : dirs.filter(Files::isDirectory).toList()) {
        Path summary = run.resolve("summary.md");
        if (Files.exists(summary)) {
          return Files.readString(summary);
        }
      }
    }
    System.err.println(
        "peer " + config + " exited " + code + "; see " + root.resolve("harness.out"));
    return "";
  }

  private static Process start(Path log, String... command) throws Exception {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Atomically, as the peer writes its .prom file: a reader never sees half a value. */
  private static void write(Path file, String content) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content + "\n");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The sink's arrival time of the first new line whose subject starts with {@code prefix}. */
  private static double waitFor(Path sink, long skip, String prefix, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      List<String> lines = Files.readAllLines(sink);
      for (int i = (int) skip; i < lines.size(); i++) {
        String[] f = lines.get(i).split("\t", 2);
        if (f.length == 2 && f[1].startsWith(prefix)) {
          return Double.parseDouble(f[0]);
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new IllegalStateException(
        "no mail \"" + prefix + "\" within " + seconds + " s; see " + sink.getParent());
  }

  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
