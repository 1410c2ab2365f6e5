package io.vigie.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The writer benchmark's section of docs/benchmarks.md, and reading the figures back from a run's
 * log ({@code --from-log}), apart from the code that runs the senders.
 */
final class WriterReport {
  private WriterReport() {}

  static String render(List<WriterResult> results, long points, int targets, int repeats) {
    StringBuilder md = new StringBuilder();
    md.append("## Writer throughput into InfluxDB: Vigie beside curl\n\n")
        .append("`./vigie bench writer`, run ")
        .append(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
        .append(". ")
        .append(Report.machine())
        .append("\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%,d points of host metrics (%,d targets; cpu, mem, disk, net; 6 to 8 fields),",
                points,
                targets))
        .append(
            " the same line protocol for every sender, written in order by one sender, each case on a fresh")
        .append(
            " influxd, every point counted back. `curl` is one kept-alive `curl -K` process sending every")
        .append(
            " batch file (the peer's fair bar); `vigie-writer` is the collector's `InfluxBatchWriter`;")
        .append(
            " `vigie-spool` is the collector's real path, the shipper draining a filled on-disk spool.")
        .append(
            " Sender CPU: curl's user+sys (bash `times`), the JVM's process CPU time. Other CPU: the")
        .append(
            " machine's busy time minus influxd and the sender, i.e. what else ran. curl sends files")
        .append(
            " gzipped beforehand, so its CPU leaves out compression; Vigie compresses each batch as")
        .append(" it sends it.")
        .append(
            repeats > 1
                ? " Repeats are interleaved: each repeat runs every configuration with the three"
                    + " senders in turn (their order rotating), so a drift of the machine falls on"
                    + " all; the table of rates gives the median of "
                    + repeats
                    + " repeats."
                : "")
        .append("\n\n")
        .append(ratios(results))
        .append(
            "| batch | gzip | sender | points/s | ratio to curl | wall s | sender CPU s | influxd CPU s | other CPU s | counted |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (int batch : new int[] {5000, 10000}) {
      for (boolean gzip : new boolean[] {false, true}) {
        double curl = median(results, batch, gzip, "curl", WriterResult::rate);
        for (String sender : WriterBench.SENDERS) {
          double rate = median(results, batch, gzip, sender, WriterResult::rate);
          WriterResult any =
              results.stream()
                  .filter(r -> r.batch() == batch && r.gzip() == gzip && r.sender().equals(sender))
                  .findFirst()
                  .orElseThrow();
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %,d | %s | %s | %,.0f | %.2f | %.1f | %.1f | %.1f | %s | %s |%n",
                  batch,
                  gzip ? "on" : "off",
                  sender,
                  rate,
                  rate / curl,
                  median(results, batch, gzip, sender, WriterResult::wall),
                  median(results, batch, gzip, sender, WriterResult::senderCpu),
                  median(results, batch, gzip, sender, WriterResult::influxCpu),
                  otherCpu(median(results, batch, gzip, sender, WriterResult::otherCpu)),
                  any.counted() == any.points() ? "all" : any.counted() + " of " + any.points()));
        }
      }
    }
    md.append(
            "\nAll runs of a sender pooled (total points over total time), with the CPU each side")
        .append(" spent per million points:\n\n")
        .append("| sender | runs | pooled points/s | ratio to curl | sender CPU-s per M points |")
        .append(" influxd CPU-s per M points |\n|---|---|---|---|---|---|\n");
    double curlPooled = pooled(results, "curl");
    for (String sender : WriterBench.SENDERS) {
      List<WriterResult> mine = results.stream().filter(r -> r.sender().equals(sender)).toList();
      double millions = mine.stream().mapToDouble(WriterResult::points).sum() / 1e6;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %,.0f | **%.2f** | %.2f | %.1f |%n",
              sender,
              mine.size(),
              pooled(results, sender),
              pooled(results, sender) / curlPooled,
              mine.stream().mapToDouble(WriterResult::senderCpu).sum() / millions,
              mine.stream().mapToDouble(WriterResult::influxCpu).sum() / millions));
    }
    md.append(
            "\nOn 2 cores influxd is the limit: it spends 15 to 100 times more CPU per point than")
        .append(" either sender, and its CPU per point varies from run to run by more than the gap")
        .append(" between senders: a single run's ratio says little, the median of the repeats")
        .append(" (first table) and the pooled rate say what to expect.\n");
    return md.toString();
  }

  /**
   * The figures to compare: per configuration, Vigie's rate over curl's in the same repeat, the
   * median and range of those ratios, repeats with an outlying figure flagged and left out.
   */
  static String ratios(List<WriterResult> results) {
    StringBuilder md =
        new StringBuilder(
            "**The figures to compare** are the ratios below: in each repeat, a Vigie sender's rate"
                + " over curl's in the same repeat and configuration; the median of the repeats,"
                + " with its range. A repeat in which curl's or the sender's rate falls outside the"
                + " range of its other repeats by more than "
                + String.format(Locale.ROOT, "%.0f", Repeats.MARGIN * 100)
                + "% is flagged and not used.\n\n"
                + "| batch | gzip | sender | ratio to curl, median [min–max] | repeats used / run |"
                + " flagged |\n|---|---|---|---|---|---|\n");
    double worst = Double.MAX_VALUE;
    String worstCase = "";
    for (int batch : new int[] {5000, 10000}) {
      for (boolean gzip : new boolean[] {false, true}) {
        List<Double> curl = rates(results, batch, gzip, "curl");
        for (String sender : List.of("vigie-writer", "vigie-spool")) {
          List<Double> mine = rates(results, batch, gzip, sender);
          Repeats.Ratio r = Repeats.ratio(mine, curl);
          StringBuilder flagged = new StringBuilder();
          r.flagged().forEach(i -> flagged.append(flagged.length() == 0 ? "" : ", ").append(i + 1));
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %,d | %s | %s | %s | %d / %d | %s |%n",
                  batch,
                  gzip ? "on" : "off",
                  sender,
                  r.usable()
                      ? String.format(
                          Locale.ROOT, "**%.2f** [%.2f–%.2f]", r.median(), r.min(), r.max())
                      : "none usable",
                  r.used(),
                  Math.min(mine.size(), curl.size()),
                  flagged.length() == 0 ? "–" : "repeat " + flagged));
          if (r.usable() && r.median() < worst) {
            worst = r.median();
            worstCase =
                String.format(
                    Locale.ROOT,
                    "%,d-line batches, gzip %s, %s",
                    batch,
                    gzip ? "on" : "off",
                    sender);
          }
        }
      }
    }
    if (!worstCase.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nLowest median ratio: **%.2f** (%s). The target is at least 0.90 of curl.%n%n",
              worst,
              worstCase));
    }
    return md.toString();
  }

  /** A sender's rates in one configuration, in the order of the repeats. */
  static List<Double> rates(List<WriterResult> results, int batch, boolean gzip, String sender) {
    return results.stream()
        .filter(r -> r.batch() == batch && r.gzip() == gzip && r.sender().equals(sender))
        .map(WriterResult::rate)
        .toList();
  }

  static String otherCpu(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }

  static double pooled(List<WriterResult> results, String sender) {
    return results.stream()
            .filter(r -> r.sender().equals(sender))
            .mapToDouble(WriterResult::points)
            .sum()
        / results.stream()
            .filter(r -> r.sender().equals(sender))
            .mapToDouble(WriterResult::wall)
            .sum();
  }

  static double median(
      List<WriterResult> results,
      int batch,
      boolean gzip,
      String sender,
      java.util.function.ToDoubleFunction<WriterResult> f) {
    double[] values =
        results.stream()
            .filter(r -> r.batch() == batch && r.gzip() == gzip && r.sender().equals(sender))
            .mapToDouble(f)
            .sorted()
            .toArray();
    return values[values.length / 2];
  }

  static final java.util.regex.Pattern CASE =
      java.util.regex.Pattern.compile("case: ([\\d,]+)-line batches, gzip (on|off), (\\S+)");
  static final java.util.regex.Pattern FIGURES =
      java.util.regex.Pattern.compile(
          "([\\d,]+) points/s, sender ([\\d.]+) CPU-s, influxd ([\\d.]+) CPU-s, counted ([\\d,]+) of"
              + " ([\\d,]+)(?:, wall ([\\d.]+) s, other (-?[\\d.]+) CPU-s)?");

  static List<WriterResult> fromLog(Path log) throws IOException {
    List<WriterResult> results = new ArrayList<>();
    java.util.regex.Matcher current = null;
    for (String line : Files.readAllLines(log)) {
      java.util.regex.Matcher c = CASE.matcher(line);
      java.util.regex.Matcher f = FIGURES.matcher(line);
      if (c.find()) {
        current = c;
      } else if (f.find() && current != null) {
        long points = Long.parseLong(f.group(5).replace(",", ""));
        double rate = Double.parseDouble(f.group(1).replace(",", ""));
        results.add(
            new WriterResult(
                Integer.parseInt(current.group(1).replace(",", "")),
                current.group(2).equals("on"),
                current.group(3),
                points,
                f.group(6) == null ? points / rate : Double.parseDouble(f.group(6)),
                Double.parseDouble(f.group(2)),
                Double.parseDouble(f.group(3)),
                f.group(7) == null ? Double.NaN : Double.parseDouble(f.group(7)),
                Long.parseLong(f.group(4).replace(",", ""))));
        current = null;
      }
    }
    return results;
  }
}
