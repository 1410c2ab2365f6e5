package io.vigie.collector.ssh;

import io.vigie.collector.source.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Nagios-plugin result: exit 0 OK (RUN), 1 WARNING, 2 CRITICAL (ERROR), 3 or anything else
 * UNKNOWN; the first line is the message; what follows {@code |} is performance data, {@code
 * 'label'=value[unit];[warn];[crit];[min];[max]}. Each perfdata value becomes a float field in base
 * units (s, bytes); malformed entries are skipped and reported, never failing the check.
 */
final class NagiosResult {
  private static final Pattern ENTRY =
      Pattern.compile(
          "('[^']+'|[^\\s=']+)=([^\\s;]*);?([^\\s;]*);?([^\\s;]*);?([^\\s;]*);?([^\\s;]*)");
  private static final Pattern NUMBER =
      Pattern.compile("(-?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)([a-zA-Z%]*)");
  private static final String[] STATES = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

  private NagiosResult() {}

  /** The {@code check} sample of one run, and what could not be read in its perfdata. */
  record Parsed(Sample sample, List<String> problems) {}

  static Parsed parse(String name, int exitCode, String output) {
    int status = exitCode >= 0 && exitCode <= 3 ? exitCode : 3;
    String text = output == null ? "" : output.strip();
    String firstLine = text.contains("\n") ? text.substring(0, text.indexOf('\n')) : text;
    String message = firstLine;
    String perf = "";
    int bar = firstLine.indexOf('|');
    if (bar >= 0) {
      message = firstLine.substring(0, bar).strip();
      perf = firstLine.substring(bar + 1);
    }
    // Long output may carry more perfdata after a '|' on a later line.
    int laterBar = text.indexOf('|', firstLine.length());
    if (laterBar >= 0) {
      perf = perf + " " + text.substring(laterBar + 1).replace('\n', ' ');
    }
    Sample.Builder sample =
        Sample.of("check")
            .tag("check", name)
            .field("status", (long) status)
            .field("state", STATES[status])
            .field("message", message.length() > 1000 ? message.substring(0, 1000) : message);
    List<String> problems = new ArrayList<>();
    Matcher entry = ENTRY.matcher(perf.strip());
    int end = 0;
    String rest = perf.strip();
    while (entry.find()) {
      if (!rest.substring(end, entry.start()).isBlank()) {
        problems.add("perfdata not understood: " + rest.substring(end, entry.start()).strip());
      }
      end = entry.end();
      String label = field(entry.group(1).replace("'", ""));
      Matcher value = NUMBER.matcher(entry.group(2));
      if (label.isEmpty() || !value.matches()) {
        problems.add("perfdata not understood: " + entry.group());
        continue;
      }
      double scale = scale(value.group(2));
      sample.field(label, Double.parseDouble(value.group(1)) * scale);
      String[] suffixes = {"_warn", "_crit", "_min", "_max"};
      for (int i = 0; i < 4; i++) {
        Matcher bound = NUMBER.matcher(entry.group(3 + i));
        if (bound.matches()) {
          sample.field(label + suffixes[i], Double.parseDouble(bound.group(1)) * scale);
        }
      }
    }
    if (!rest.substring(end).isBlank()) {
      problems.add("perfdata not understood: " + rest.substring(end).strip());
    }
    return new Parsed(sample.build(), problems);
  }

  private static double scale(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "ms" -> 1e-3;
      case "us" -> 1e-6;
      case "kb" -> 1024;
      case "mb" -> 1024.0 * 1024;
      case "gb" -> 1024.0 * 1024 * 1024;
      case "tb" -> 1024.0 * 1024 * 1024 * 1024;
      default -> 1;
    };
  }

  /** A field name InfluxQL users can type: lower case, letters, digits and _. */
  static String field(String label) {
    return label
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_]+", "_")
        .replaceAll("^_+|_+$", "");
  }
}
