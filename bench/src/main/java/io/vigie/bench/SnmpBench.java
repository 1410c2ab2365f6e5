package io.vigie.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.collector.metrics.CollectorMetrics;
import io.vigie.collector.point.Point;
import io.vigie.collector.schedule.PollScheduler;
import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.snmp.SnmpSource;
import io.vigie.collector.source.Sources;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import io.vigie.model.schema.Schema;
import io.vigie.model.snmp.SnmpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 1,000 SNMP devices (one snmpd answering on 1,000 loopback addresses, as the peer script does),
 * each polled with the system and if-mib profiles every 10 s by the collector's own scheduler and
 * SNMP engine, for five minutes. Reports the share of polls completed within their interval,
 * varbinds per second and per collector CPU-second, and the collector's CPU and memory; the peers
 * (snmp_exporter, snmpbulkwalk) are measured by shared/peers/peer-snmp.sh in the same run, and
 * their summary is read to give the ratios.
 */
public final class SnmpBench {
  private static final int PORT = 16100;

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    int devices = Integer.parseInt(opts.getOrDefault("devices", "1000"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "300"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "30"));
    int interval = Integer.parseInt(opts.getOrDefault("interval-s", "10"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path peerSummary = opts.containsKey("peer-summary") ? Path.of(opts.get("peer-summary")) : null;
    Path work = Files.createTempDirectory("vigie-snmp-bench-");
    Process snmpd = startSnmpd(work, devices);
    try (SnmpEngine engine = new SnmpEngine(256)) {
      SecretResolver secrets = new SecretResolver(Map.of("COMMUNITY", "public"));
      List<Target> targets = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        targets.add(
            new Target(
                String.format("dev%04d", i),
                "bench",
                TargetKind.SNMP,
                address(i),
                Duration.ofSeconds(interval),
                null,
                Map.of("community", SecretRef.env("COMMUNITY")),
                Map.of(),
                new SnmpSettings(
                    SnmpSettings.Version.V2C,
                    PORT,
                    List.of("system", "if-mib"),
                    Duration.ofSeconds(2),
                    1,
                    25,
                    null,
                    null,
                    null,
                    null,
                    null),
                null));
      }
      AtomicLong polls = new AtomicLong();
      AtomicLong onTime = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicLong skipped = new AtomicLong();
      AtomicLong points = new AtomicLong();
      AtomicLong used = new AtomicLong();
      AtomicLong measuring = new AtomicLong();
      PollScheduler scheduler =
          new PollScheduler(
              new Sources(
                  Map.of(
                      TargetKind.SNMP, t -> new SnmpSource(engine, t, secrets, Clock.systemUTC()))),
              batch -> {
                if (measuring.get() == 0) {
                  return;
                }
                points.addAndGet(batch.size() - 1);
                Point poll = batch.get(batch.size() - 1);
                polls.incrementAndGet();
                used.addAndGet((Long) poll.fields().get("values"));
                String reason = (String) poll.fields().get(Schema.POLL_REASON);
                if (reason.startsWith("skipped")) {
                  skipped.incrementAndGet();
                } else if (!Long.valueOf(1).equals(poll.fields().get(Schema.POLL_UP))
                    || !reason.isEmpty()) {
                  failed.incrementAndGet();
                } else if ((Double) poll.fields().get(Schema.POLL_DURATION_MS)
                    < interval * 1000.0) {
                  onTime.incrementAndGet();
                }
              },
              new CollectorMetrics(new SimpleMeterRegistry()),
              Clock.systemUTC(),
              "bench",
              2);
      scheduler.apply(
          new Inventory(
              "bench",
              Duration.ofSeconds(interval),
              List.of(new Client("bench", "Bench", List.of(), Language.EN, null)),
              targets,
              Thresholds.none()));
      WriterBench.log("%d devices polled every %d s; warming up %d s", devices, interval, warmup);
      TimeUnit.SECONDS.sleep(warmup);
      long self = ProcessHandle.current().pid();
      double cpu0 = WriterBench.processCpuNanos() / 1e9;
      double snmpd0 = Procs.cpuSeconds(snmpd.pid());
      double busy0 = Procs.machineBusySeconds();
      long vb0 = engine.varbindsReceived();
      long start = System.nanoTime();
      measuring.set(1);
      WriterBench.log("measuring %d s", seconds);
      double rssMax = 0;
      double rssSum = 0;
      int samples = 0;
      for (int t = 0; t < seconds; t += interval) {
        TimeUnit.SECONDS.sleep(Math.min(interval, seconds - t));
        double rss = Procs.rssMb(self);
        rssMax = Math.max(rssMax, rss);
        rssSum += rss;
        samples++;
      }
      measuring.set(0);
      double wall = (System.nanoTime() - start) / 1e9;
      double cpu = WriterBench.processCpuNanos() / 1e9 - cpu0;
      double snmpdCpu = Procs.cpuSeconds(snmpd.pid()) - snmpd0;
      double other = Procs.machineBusySeconds() - busy0 - cpu - snmpdCpu;
      long received = engine.varbindsReceived() - vb0;
      long varbinds = used.get();
      scheduler.close();
      long expected = (long) devices * (long) Math.floor(wall / interval);

      double vbPerCpu = varbinds / cpu;
      StringBuilder md = new StringBuilder();
      md.append("## SNMP polling: 1,000 devices, Vigie beside snmp_exporter and snmpbulkwalk\n\n")
          .append("`./vigie bench snmp`, run ")
          .append(java.time.LocalDate.now())
          .append(". ")
          .append(Report.machine())
          .append("\n\n")
          .append(
              String.format(
                  Locale.ROOT,
                  "%,d devices = one snmpd answering on %,d loopback addresses (127.10.x.y:%d), each reporting"
                      + " this machine's interfaces. Vigie polls each with the `system` and `if-mib` profiles"
                      + " (SNMPv2c, GETBULK of 19 ifTable/ifXTable columns) every %d s with its own scheduler"
                      + " and engine (2 worker threads, 256 requests in flight at most), measured over %.0f s"
                      + " after a %d s warm-up.%n%n",
                  devices,
                  devices,
                  PORT,
                  interval,
                  wall,
                  warmup))
          .append("| Vigie | figure |\n|---|---|\n")
          .append(
              String.format(
                  Locale.ROOT,
                  "| polls in the window | %,d (expected about %,d) |%n",
                  polls.get(),
                  expected))
          .append(
              String.format(
                  Locale.ROOT,
                  "| completed within their interval | **%.2f%%** (%,d); failed %,d; skipped %,d |%n",
                  100.0 * onTime.get() / Math.max(1, polls.get()),
                  onTime.get(),
                  failed.get(),
                  skipped.get()))
          .append(
              String.format(
                  Locale.ROOT,
                  "| varbinds used per second | %,.0f (received %,.0f: the rest ran past the end of a column) |%n",
                  varbinds / wall,
                  received / wall))
          .append(
              String.format(Locale.ROOT, "| points per second | %,.0f |%n", points.get() / wall))
          .append(
              String.format(
                  Locale.ROOT,
                  "| collector CPU | %.1f CPU-s, %.1f%% of one core |%n",
                  cpu,
                  100 * cpu / wall))
          .append(
              String.format(
                  Locale.ROOT,
                  "| **varbinds used per collector CPU-second** | **%,.0f** |%n",
                  vbPerCpu))
          .append(
              String.format(
                  Locale.ROOT,
                  "| collector resident memory | mean %.0f MB, max %.0f MB |%n",
                  rssSum / samples,
                  rssMax))
          .append(
              String.format(
                  Locale.ROOT,
                  "| snmpd CPU | %.1f CPU-s; other processes %.1f CPU-s |%n",
                  snmpdCpu,
                  other));
      // Vigie's own figures first, so that a problem with the peers' summary cannot lose them.
      System.out.println(md);
      if (peerSummary != null && Files.exists(peerSummary)) {
        md.append(
                "\nPeers, measured by `shared/peers/peer-snmp.sh` in the same run on the same 1,000 devices")
            .append(
                " (median of its cycles; its full report is in `bench/results/peer-snmp.md`):\n\n")
            .append("| peer | varbinds per poller CPU-s | Vigie's ratio |\n|---|---|---|\n");
        for (String line : Files.readAllLines(peerSummary)) {
          String[] cells = line.split("\\|");
          if (cells.length == 12
              && cells[1].trim().matches("A|B")
              && cells[5].trim().matches("[\\d,.]+.*")) {
            double peer;
            try {
              peer = Double.parseDouble(cells[5].trim().split("[ \\[]")[0].replace(",", ""));
            } catch (NumberFormatException e) {
              continue;
            }
            String name =
                cells[1].trim().equals("A")
                    ? "prometheus-snmp-exporter 0.21 (if_mib, P=" + cells[3].trim() + ")"
                    : "snmpbulkwalk, a process per walk (P=" + cells[3].trim() + ")";
            md.append(
                String.format(
                    Locale.ROOT, "| %s | %,.0f | **%.1f×** |%n", name, peer, vbPerCpu / peer));
          }
        }
        md.append(
                "\nTarget: at least twice snmp_exporter's varbinds per CPU-second. snmp_exporter walks all")
            .append(
                " of ifTable and ifXTable (about 160 varbinds a device here); Vigie walks the 19 columns its")
            .append(
                " profile needs, so varbinds per CPU-second, not per device, is the fair measure.\n");
      } else {
        md.append(
            "\nNo peer summary was given: run through `./vigie bench snmp` to measure the peers beside it.\n");
      }
      Report.write(out, "snmp", md.toString());
      System.out.println(md);
    } finally {
      snmpd.destroy();
      snmpd.waitFor(20, TimeUnit.SECONDS);
    }
  }

  static String address(int i) {
    return "127.10." + (i / 250) + "." + (i % 250 + 1);
  }

  private static Process startSnmpd(Path work, int devices) throws Exception {
    Path persist = Files.createDirectories(work.resolve("persist"));
    Files.writeString(
        work.resolve("snmpd.conf"),
        "[snmp] persistentDir " + persist + "\nrocommunity public 127.0.0.0/8\n");
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < devices; i++) {
      list.append(i == 0 ? "" : ",").append("udp:").append(address(i)).append(':').append(PORT);
    }
    new ProcessBuilder("chown", "-R", "nobody:nogroup", work.toString()).start().waitFor();
    String cmd =
        "ulimit -n 8192; exec "
            + ("root".equals(System.getProperty("user.name"))
                ? "setpriv --reuid=nobody --regid=nogroup --clear-groups "
                : "")
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
    Process process = builder.start();
    for (int i = 0; i < 200; i++) {
      Process get =
          new ProcessBuilder(
                  "snmpget",
                  "-v2c",
                  "-c",
                  "public",
                  "-t",
                  "0.5",
                  "-r",
                  "0",
                  address(devices - 1) + ":" + PORT,
                  "1.3.6.1.2.1.1.3.0")
              .redirectErrorStream(true)
              .start();
      if (get.waitFor() == 0) {
        return process;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("snmpd exited; see " + work);
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException("snmpd did not answer on " + address(devices - 1));
  }
}
