package io.vigie.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Breach to inbox: a value in a file crosses its threshold at a random moment of the poll cycle;
 * how long until the alert mail is in an SMTP server's inbox. Vigie ({@link VigieMailStack}) beside
 * Prometheus + Alertmanager ({@link PromAlertPeer}) with matched settings and with their defaults,
 * all running at once, Vigie and the matched peer breached together, round after round, so that the
 * machine's drift is shared; one {@link MailSink} timestamps every arrival. Each breach is set
 * beside the physical floor of its system ({@link MailReport#floor}).
 *
 * <p>{@code --breaches N (40)} Vigie's breaches, {@code --peer-breaches N (40)} the matched peer's,
 * one of each per round, at once; {@code --peer-default-breaches N (0)} the peer with its defaults,
 * spread over the rounds (0: not started); {@code --block N (10)} rounds per block for the ratio's
 * range; {@code --out FILE}.
 */
public final class MailLatencyBench {
  private MailLatencyBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    int breaches = Integer.parseInt(opts.getOrDefault("breaches", "40"));
    int peerBreaches = Integer.parseInt(opts.getOrDefault("peer-breaches", "40"));
    int defaultBreaches = Integer.parseInt(opts.getOrDefault("peer-default-breaches", "0"));
    int block = Integer.parseInt(opts.getOrDefault("block", "10"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path root = Path.of(System.getProperty("user.dir"));
    int rounds = Math.max(breaches, peerBreaches);
    if (rounds < 1 || block < 1) {
      throw new IllegalArgumentException("--breaches or --peer-breaches must be at least 1");
    }
    Path work = Files.createTempDirectory("vigie-bench-mail-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    WriterBench.log("mail: work dir %s", work);
    // Each breach comes a random time after the previous recovery, so at a random moment of the
    // poll or scrape cycle: a stratified uniform sample of [0, cycle), shuffled, one delay in each
    // tenth of the cycle per ten breaches, so that the cycle is covered evenly.
    List<Long> vigieDelays = delays(breaches, 10_000, 7);
    List<Long> matchedDelays = delays(peerBreaches, 10_000, 8);
    List<Long> defaultDelays =
        delays(defaultBreaches, PromAlertPeer.Settings.DEFAULTS.scrape() * 1000L, 9);
    // Per round: Vigie's breach and the matched peer's (absent from rounds beyond their count).
    TreeMap<Integer, VigieMailStack.Breach> vigieRuns = new TreeMap<>();
    TreeMap<Integer, PromAlertPeer.Breach> matchedRuns = new TreeMap<>();
    List<PromAlertPeer.Breach> defaultRuns = new ArrayList<>();
    // The machine is shared (2 cores, other work): its 1-minute load after each round.
    List<Double> loads = new ArrayList<>();
    double streamed = Double.NaN;
    try (MailSink sink = new MailSink();
        VigieMailStack vigieStack = VigieMailStack.start(root, work.resolve("vigie"), sink);
        @Nullable PromAlertPeer matched =
            peerBreaches > 0
                ? PromAlertPeer.start(PromAlertPeer.Settings.MATCHED, work.resolve("peer-a"), sink)
                : null;
        @Nullable PromAlertPeer defaults =
            defaultBreaches > 0
                ? PromAlertPeer.start(PromAlertPeer.Settings.DEFAULTS, work.resolve("peer-b"), sink)
                : null) {
      // Warm up: the first polls open the SSH session, the first evaluations see the target.
      vigieStack.awaitReady();
      if (matched != null) {
        matched.awaitReady();
      }
      int defaultDone = 0;
      // Vigie's breach and the matched peer's of a round at once, each on its own thread: they
      // share the machine's state, and a round takes the longer of the two, not their sum.
      ExecutorService both = Executors.newFixedThreadPool(2);
      try {
        for (int r = 0; r < rounds; r++) {
          int round = r;
          Future<VigieMailStack.@Nullable Breach> vigie =
              both.submit(
                  () -> round < breaches ? vigieStack.breach(vigieDelays.get(round)) : null);
          Future<PromAlertPeer.@Nullable Breach> peer =
              both.submit(
                  () ->
                      matched != null && round < peerBreaches
                          ? matched.breach(matchedDelays.get(round))
                          : null);
          VigieMailStack.Breach v = vigie.get();
          if (v != null) {
            vigieRuns.put(r, v);
            WriterBench.log(
                "mail round %d: Vigie, pre-delay %.2f s, %.2f s (poll wait %.2f s)",
                r + 1, v.delay(), v.latency(), v.pollWait());
          }
          PromAlertPeer.Breach b = peer.get();
          if (b != null) {
            matchedRuns.put(r, b);
            WriterBench.log(
                "mail round %d: peer a, pre-delay %.2f s, %.2f s (%s)",
                r + 1, b.delay(), b.latency(), b.status());
          }
          loads.add(loadAverage(0));
          // The peer with its defaults: its breaches spread evenly over the rounds.
          while (defaults != null && (long) (r + 1) * defaultBreaches / rounds > defaultDone) {
            defaults.awaitReady();
            PromAlertPeer.Breach d = defaults.breach(defaultDelays.get(defaultDone++));
            defaultRuns.add(d);
            WriterBench.log(
                "mail round %d: peer b, pre-delay %.2f s, %.2f s (%s)",
                r + 1, d.delay(), d.latency(), d.status());
          }
        }
      } finally {
        both.shutdownNow();
      }
      streamed = vigieStack.streamedPoints();
    }
    // The ratio of medians in each block of rounds: breaches close in time share the machine's
    // state.
    List<Double> blockRatios = new ArrayList<>();
    for (int from = 0; from < rounds; from += block) {
      int to = Math.min(rounds, from + block);
      double[] v =
          sorted(List.copyOf(vigieRuns.subMap(from, to).values()), VigieMailStack.Breach::latency);
      double[] p =
          sorted(List.copyOf(matchedRuns.subMap(from, to).values()), PromAlertPeer.Breach::latency);
      if (v.length > 0 && p.length > 0) {
        blockRatios.add(percentile(v, 50) / percentile(p, 50));
      }
    }
    String md =
        MailReport.markdown(
            List.copyOf(vigieRuns.values()),
            List.copyOf(matchedRuns.values()),
            defaultRuns,
            blockRatios,
            block,
            String.format(
                Locale.ROOT,
                "Load average over the run (1 minute, after each round): median %.2f, %.2f to"
                    + " %.2f; 15 minutes at the end: %.2f. Points Vigie's alerting service"
                    + " received from InfluxDB's subscription: %.0f.",
                percentile(sorted(loads, Double::doubleValue), 50),
                percentile(sorted(loads, Double::doubleValue), 0),
                percentile(sorted(loads, Double::doubleValue), 100),
                loadAverage(2),
                streamed));
    writeTsv(work.resolve("breaches.tsv"), rounds, vigieRuns, matchedRuns, defaultRuns);
    Report.write(out, "mail", md);
    System.out.println(md);
    WriterBench.log("mail: per-breach times in %s", work.resolve("breaches.tsv"));
  }

  private static void writeTsv(
      Path file,
      int rounds,
      Map<Integer, VigieMailStack.Breach> vigie,
      Map<Integer, PromAlertPeer.Breach> matched,
      List<PromAlertPeer.Breach> defaults)
      throws java.io.IOException {
    StringBuilder tsv =
        new StringBuilder(
            "round\tsystem\tdelay\tt0\tlatency\tfloor\tpolled_or_scraped\tdecided_or_active"
                + "\treceived\tstatus\n");
    for (int r = 0; r < rounds; r++) {
      VigieMailStack.Breach v = vigie.get(r);
      if (v != null) {
        tsv.append(
            String.format(
                Locale.ROOT,
                "%d\tvigie\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t\tok%n",
                r + 1,
                v.delay(),
                v.t0(),
                v.latency(),
                MailReport.floor(v),
                v.poll() - v.t0(),
                v.decided() - v.t0()));
      }
      PromAlertPeer.Breach b = matched.get(r);
      if (b != null) {
        tsv.append(row(String.valueOf(r + 1), "peer-a", b));
      }
    }
    for (PromAlertPeer.Breach b : defaults) {
      tsv.append(row("", "peer-b", b));
    }
    Files.writeString(file, tsv);
  }

  private static String row(String round, String system, PromAlertPeer.Breach b) {
    return String.format(
        Locale.ROOT,
        "%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s%n",
        round,
        system,
        b.delay(),
        b.t0(),
        b.latency(),
        MailReport.floor(b),
        b.scraped() - b.t0(),
        b.active() - b.t0(),
        b.received() - b.t0(),
        b.status());
  }

  /** Field {@code index} of /proc/loadavg (0: 1 minute, 2: 15 minutes); NaN if unreadable. */
  private static double loadAverage(int index) {
    try {
      return Double.parseDouble(
          Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1)[index]);
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** A stratified uniform sample of {@code [0, cycleMs)}, shuffled. */
  static List<Long> delays(int count, long cycleMs, long seed) {
    Random random = new Random(seed);
    List<Long> delays = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      delays.add((long) ((n + random.nextDouble()) * cycleMs / count));
    }
    Collections.shuffle(delays, random);
    return delays;
  }

  /** The finite values of {@code f} over {@code items}, sorted. */
  static <T> double[] sorted(List<T> items, ToDoubleFunction<T> f) {
    return items.stream().mapToDouble(f).filter(Double::isFinite).sorted().toArray();
  }

  /** Nearest rank; NaN when empty. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
