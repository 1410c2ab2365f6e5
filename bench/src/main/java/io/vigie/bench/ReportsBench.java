package io.vigie.bench;

import io.vigie.alerting.report.Availability;
import io.vigie.alerting.report.ClientReport;
import io.vigie.alerting.report.Interval;
import io.vigie.alerting.report.ReportHtml;
import io.vigie.alerting.report.ReportInput;
import io.vigie.alerting.report.ReportInputs;
import io.vigie.alerting.report.ReportPdf;
import io.vigie.alerting.store.StateStore;
import io.vigie.model.contract.Contract;
import io.vigie.model.contract.ServiceHours;
import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.Language;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.inventory.Thresholds;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 19's figure: every client's monthly report, HTML and PDF, for 100 clients of 50 targets
 * each over a month of flapping history in a real H2 state store ({@link ReportsHistory}), in one
 * JVM, the whole generation repeated (the first run pays the JIT's warm-up). No peer.
 *
 * <p>{@code --clients N (100) --per-client N (50) --runs N (3) --out FILE}
 */
public final class ReportsBench {
  static final YearMonth MONTH = YearMonth.of(2026, 11);
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private ReportsBench() {}

  /** One generation of every report: nanoseconds per stage, per client, CPU and memory. */
  record Run(
      double wallS,
      double cpuS,
      double loadS,
      double computeS,
      double htmlS,
      double pdfS,
      List<Double> perClientMs,
      long htmlBytes,
      long pdfBytes,
      long peakHeap,
      long hwm,
      Content content) {}

  /**
   * What the reports held, to see that they read the history: the status changes read from the
   * store, the clients under their contract's SLO, and the lowest availability, in percent.
   */
  record Content(long changes, int belowSlo, double lowest) {}

  /** What the benchmark ran over. */
  record Setup(
      int clients,
      int targets,
      ReportsHistory.Written written,
      double buildS,
      long storeBytes,
      String load) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = WriterBench.options(args);
    int clients = Integer.parseInt(opts.getOrDefault("clients", "100"));
    int perClient = Integer.parseInt(opts.getOrDefault("per-client", "50"));
    int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Inventory inventory = inventory(clients, perClient);
    Path work = Files.createTempDirectory("vigie-bench-reports-");
    WriterBench.log("reports: work dir %s", work);
    try (StateStore store = StateStore.open(work.resolve("store"), ReportsHistory.GAP)) {
      Map<String, String> clientOf = new LinkedHashMap<>();
      inventory.targets().forEach(t -> clientOf.put(t.id(), t.client()));
      long t0 = System.nanoTime();
      ReportsHistory.Written written =
          ReportsHistory.write(store, new ArrayList<>(clientOf.keySet()), clientOf);
      double buildS = (System.nanoTime() - t0) / 1e9;
      long storeBytes = size(work.resolve("store"));
      WriterBench.log(
          "reports: history written in %.1f s: %,d transitions, %,d evaluations, %d silences,"
              + " store %,d MB",
          buildS,
          written.transitions(),
          written.evaluations(),
          written.silences(),
          storeBytes >> 20);
      // The 1, 5 and 15 minutes' load averages: other work on the machine shows there.
      String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
      Setup setup =
          new Setup(
              clients,
              clientOf.size(),
              written,
              buildS,
              storeBytes,
              avg[0] + " / " + avg[1] + " / " + avg[2]);
      ReportInputs inputs = new ReportInputs(store, () -> inventory);
      List<Run> results = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        Path dir = Files.createDirectories(work.resolve("run" + r));
        Run run = generate(inventory, inputs, dir);
        results.add(run);
        WriterBench.log(
            "reports run %d/%d: %.1f s wall, %.1f s CPU (load %.1f, compute %.1f, html %.1f, pdf"
                + " %.1f s), peak heap %,d MB, VmHWM %,d MB; %s",
            r + 1,
            runs,
            run.wallS(),
            run.cpuS(),
            run.loadS(),
            run.computeS(),
            run.htmlS(),
            run.pdfS(),
            run.peakHeap() >> 20,
            run.hwm() >> 20,
            run.content());
      }
      String md = ReportsReport.markdown(setup, results);
      Report.write(out, "reports", md);
      System.out.println(md);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Every client's report, as the monthly mailing makes them, timed by stage. */
  private static Run generate(Inventory inventory, ReportInputs inputs, Path dir) throws Exception {
    System.gc();
    resetPeaks();
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    long load = 0;
    long compute = 0;
    long html = 0;
    long pdf = 0;
    long htmlBytes = 0;
    long pdfBytes = 0;
    long changes = 0;
    int belowSlo = 0;
    double lowest = 100;
    Instant generated = Instant.parse("2026-12-01T07:00:00Z");
    List<Client> all = inventory.clients();
    double[] perClient = new double[all.size()];
    for (int i = 0; i < all.size(); i++) {
      Client c = all.get(i);
      Contract contract = c.contract();
      if (contract == null) {
        throw new IllegalStateException("client " + c.id() + " has no contract");
      }
      long a = System.nanoTime();
      Interval period = ReportInputs.month(MONTH, c.zone());
      ReportInput input = inputs.load(c.id(), c.zone(), contract, period);
      long b = System.nanoTime();
      ClientReport report = Availability.report(input);
      long d = System.nanoTime();
      byte[] page = ReportHtml.render(report, c.logo(), generated).getBytes(StandardCharsets.UTF_8);
      Files.write(dir.resolve(c.id() + ".html"), page);
      long e = System.nanoTime();
      byte[] doc = ReportPdf.render(report, c.logo(), generated);
      Files.write(dir.resolve(c.id() + ".pdf"), doc);
      long f = System.nanoTime();
      load += b - a;
      compute += d - b;
      html += e - d;
      pdf += f - e;
      htmlBytes += page.length;
      pdfBytes += doc.length;
      perClient[i] = (f - a) / 1e6;
      changes += input.targets().stream().mapToLong(t -> t.changes().size()).sum();
      double availability = report.total().availability();
      belowSlo += availability < contract.slo() ? 1 : 0;
      lowest = Math.min(lowest, availability);
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    return new Run(
        wall,
        cpu,
        load / 1e9,
        compute / 1e9,
        html / 1e9,
        pdf / 1e9,
        Arrays.stream(perClient).boxed().toList(),
        htmlBytes,
        pdfBytes,
        peakHeap(),
        hwm(),
        new Content(changes, belowSlo, lowest));
  }

  /**
   * 100 clients of 50 local targets: every one with a contract; every other one in Europe/Paris and
   * French; one in three with service hours (weekdays 08:00–19:00, 11 November a holiday); one in
   * four covering only its first 40 targets; one in five counting WARNING as down.
   */
  static Inventory inventory(int clients, int perClient) {
    ServiceHours office =
        new ServiceHours(
            Set.of(
                DayOfWeek.MONDAY,
                DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY),
            LocalTime.of(8, 0),
            LocalTime.of(19, 0),
            List.of(LocalDate.of(2026, 11, 11)));
    List<Client> cs = new ArrayList<>();
    List<Target> ts = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String id = String.format("client%03d", c);
      List<String> ids = new ArrayList<>();
      for (int t = 0; t < perClient; t++) {
        String target = String.format("%s-host%02d", id, t);
        ids.add(target);
        ts.add(
            new Target(
                target,
                id,
                TargetKind.LOCAL,
                "127.0.0.1",
                Duration.ofSeconds(10),
                null,
                Map.of(),
                Map.of(),
                null,
                null));
      }
      boolean fr = c % 2 == 0;
      Contract contract =
          new Contract(
              c % 3 == 0 ? 99.5 : 99.9,
              c % 4 == 1 ? ids.subList(0, Math.min(40, ids.size())) : List.of(),
              c % 3 == 0 ? office : null,
              c % 5 != 4);
      cs.add(
          new Client(
              id,
              (fr ? "Client " : "Customer ") + c,
              List.of("it@" + id + ".example"),
              fr ? Language.FR : Language.EN,
              null,
              List.of(),
              fr ? PARIS : ZoneId.of("UTC"),
              contract));
    }
    return new Inventory(
        "bench", Duration.ofSeconds(10), cs, ts, new Thresholds(List.of(), Map.of(), Map.of()));
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    // Linux resets the process's VmHWM to its current RSS on "5" (proc(5), clear_refs).
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (java.io.IOException | RuntimeException e) {
      WriterBench.log("reports: cannot reset VmHWM (%s); it includes the history's writing", e);
    }
  }

  /** The sum of the heap pools' peaks since the reset (each pool's own peak: an upper bound). */
  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  /** The process's peak resident set since the reset, from /proc/self/status; -1 if unknown. */
  private static long hwm() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmHWM:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .findFirst()
          .orElse(-1);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static long size(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static double[] sorted(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }
}
