package io.vigie.bench;

import io.vigie.collector.source.PollResult;
import io.vigie.collector.ssh.SshSessions;
import io.vigie.collector.ssh.SshSource;
import io.vigie.collector.ssh.Sshd;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.schema.Schema;
import io.vigie.model.ssh.SshSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-poll cost of an agentless SSH poll (the Linux probe) against a real OpenSSH sshd on loopback,
 * in one run: Vigie on its kept-open session, Vigie reconnecting for every poll, the OpenSSH client
 * with ControlMaster multiplexing, and the probe run locally as the floor. Overhead is a poll's
 * median minus the local run's median.
 */
public final class SshBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    int polls = Integer.parseInt(opts.getOrDefault("polls", "200"));
    int fleet = Integer.parseInt(opts.getOrDefault("targets", "200"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "180"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    try (Sshd sshd = BenchServers.sshd();
        SshSessions sessions = new SshSessions()) {
      Path dir = sshd.dir();
      int port = sshd.port();
      String user = BenchServers.login(sshd);
      String fingerprint = sshd.hostKeyFingerprint();
      final String login = user;
      Target target =
          new Target(
              "bench",
              "bench",
              TargetKind.SSH,
              "127.0.0.1",
              Duration.ofSeconds(10),
              null,
              Map.of("private_key", SecretRef.file(sshd.userKey().toString())),
              Map.of(),
              null,
              new SshSettings(
                  port,
                  login,
                  fingerprint,
                  null,
                  false,
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(30),
                  List.of()));
      SecretResolver secrets = SecretResolver.fromSystem();

      double[] local = time(polls, () -> run("sh", "-c", SshSource.PROBE_COMMAND));
      SshSource kept = new SshSource(sessions, target, secrets, Clock.systemUTC());
      check(kept.poll().toCompletableFuture().get());
      double[] keptOpen = time(polls, () -> check(kept.poll().toCompletableFuture().get()));
      double[] reconnect =
          time(
              polls,
              () -> {
                SshSource fresh = new SshSource(sessions, target, secrets, Clock.systemUTC());
                check(fresh.poll().toCompletableFuture().get());
                fresh.close();
              });
      List<String> ssh =
          new ArrayList<>(
              List.of(
                  "ssh",
                  "-q",
                  "-i",
                  sshd.userKey().toString(),
                  "-p",
                  String.valueOf(port),
                  "-o",
                  "UserKnownHostsFile=" + sshd.knownHosts(),
                  "-o",
                  "StrictHostKeyChecking=yes",
                  "-o",
                  "BatchMode=yes",
                  "-o",
                  "ControlMaster=auto",
                  "-o",
                  "ControlPath=" + dir.resolve("cm-%r@%h:%p"),
                  "-o",
                  "ControlPersist=120",
                  login + "@127.0.0.1",
                  SshSource.PROBE_COMMAND));
      run(ssh.toArray(String[]::new));
      double[] controlMaster = time(polls, () -> run(ssh.toArray(String[]::new)));

      double floor = median(local);
      StringBuilder md = new StringBuilder();
      md.append("## SSH per-poll cost: kept-open session, reconnecting, OpenSSH ControlMaster\n\n")
          .append("`./vigie bench ssh`, run ")
          .append(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
          .append(". ")
          .append(Report.machine())
          .append("\n\n")
          .append(
              String.format(
                  Locale.ROOT,
                  "One poll = the Linux probe (one command reading /proc, df and the process count) against a"
                      + " real OpenSSH sshd on loopback, %d polls each, one after the other, in one run. Vigie"
                      + " polls include parsing the output into samples. Overhead = median minus the median of"
                      + " the same command run locally (`sh -c`, %.1f ms). The account logged in to is a"
                      + " monitoring account with `/bin/sh` and no profile (`%s`), as the ssh_target role"
                      + " makes: a person's login shell start-up (pyenv and the like in ~/.bashrc) would add"
                      + " its own cost to every command, whatever the client.%n%n",
                  polls,
                  floor,
                  login))
          .append("| how | median ms | p90 ms | overhead ms (median) |\n|---|---|---|---|\n");
      row(md, "Vigie, kept-open session (a channel per poll)", keptOpen, floor);
      row(md, "Vigie, a new connection and login per poll", reconnect, floor);
      row(
          md,
          "OpenSSH client, ControlMaster multiplexing (a process per poll)",
          controlMaster,
          floor);
      row(md, "the command run locally (the floor)", local, floor);
      md.append(
          String.format(
              Locale.ROOT,
              "%nKept-open overhead: **%.1f ms** (target: 20 ms or less); reconnecting costs **%.1f×** as much"
                  + " (target: at least 10×).%n",
              median(keptOpen) - floor,
              (median(reconnect) - floor) / Math.max(0.001, median(keptOpen) - floor)));
      fleet(md, sessions, target, secrets, fleet, seconds);
      Report.write(out, "ssh", md.toString());
      System.out.println(md);
    }
  }

  /** {@code n} targets on the one sshd, every 10 s, through the collector's own scheduler. */
  private static void fleet(
      StringBuilder md,
      SshSessions sessions,
      Target template,
      SecretResolver secrets,
      int n,
      int seconds)
      throws Exception {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      targets.add(
          new Target(
              String.format("host%03d", i),
              "bench",
              TargetKind.SSH,
              template.address(),
              Duration.ofSeconds(10),
              null,
              template.credentials(),
              Map.of(),
              null,
              java.util.Objects.requireNonNull(template.ssh(), "the template is an ssh target")));
    }
    java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong onTime = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicBoolean measuring =
        new java.util.concurrent.atomic.AtomicBoolean();
    io.vigie.collector.schedule.PollScheduler scheduler =
        new io.vigie.collector.schedule.PollScheduler(
            new io.vigie.collector.source.Sources(
                Map.of(
                    TargetKind.SSH, t -> new SshSource(sessions, t, secrets, Clock.systemUTC()))),
            batch -> {
              if (!measuring.get()) {
                return;
              }
              io.vigie.collector.point.Point poll = batch.get(batch.size() - 1);
              polls.incrementAndGet();
              if (!Long.valueOf(1).equals(poll.fields().get(Schema.POLL_UP))
                  || !"".equals(poll.fields().get(Schema.POLL_REASON))) {
                failed.incrementAndGet();
              } else if (poll.fields().get(Schema.POLL_DURATION_MS) instanceof Double ms
                  && ms < 10_000) {
                onTime.incrementAndGet();
              }
            },
            new io.vigie.collector.metrics.CollectorMetrics(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
            Clock.systemUTC(),
            "bench",
            8);
    scheduler.apply(
        new io.vigie.model.inventory.Inventory(
            "bench",
            Duration.ofSeconds(10),
            List.of(
                new io.vigie.model.inventory.Client(
                    "bench", "Bench", List.of(), io.vigie.model.inventory.Language.EN, null)),
            targets,
            io.vigie.model.inventory.Thresholds.none()));
    TimeUnit.SECONDS.sleep(25); // every target opens its session once
    double cpu0 = WriterBench.processCpuNanos() / 1e9;
    long start = System.nanoTime();
    measuring.set(true);
    TimeUnit.SECONDS.sleep(seconds);
    measuring.set(false);
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = WriterBench.processCpuNanos() / 1e9 - cpu0;
    scheduler.close();
    md.append(
        String.format(
            Locale.ROOT,
            "%n%,d SSH targets on the same sshd (a kept-open session each), polled every 10 s with the probe by"
                + " the collector's scheduler (8 worker threads) for %.0f s after a 25 s warm-up:%n%n"
                + "| figure | value |%n|---|---|%n"
                + "| polls | %,d (expected about %,d) |%n"
                + "| completed within their interval | **%.2f%%**; failed %,d |%n"
                + "| collector CPU | %.1f CPU-s, **%.1f%%** of one core |%n",
            n,
            wall,
            polls.get(),
            (long) (n * Math.floor(wall / 10)),
            100.0 * onTime.get() / Math.max(1, polls.get()),
            failed.get(),
            cpu,
            100 * cpu / wall));
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double[] time(int n, Step step) throws Exception {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  private static void row(StringBuilder md, String how, double[] sorted, double floor) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %.1f | %.1f | %.1f |%n",
            how,
            median(sorted),
            sorted[(int) (sorted.length * 0.9)],
            median(sorted) - floor));
  }

  private static void check(PollResult result) {
    if (!result.failure().isEmpty() || result.samples().isEmpty()) {
      throw new IllegalStateException("poll failed: " + result.failure());
    }
  }

  private static void run(String... command) throws Exception {
    Procs.run(command);
  }
}
