package io.vigie.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces one benchmark's section of docs/benchmarks.md, between its markers. */
final class Report {
  private Report() {}

  static void write(Path file, String section, String markdown) throws IOException {
    String begin = "<!-- " + section + ":begin -->";
    String end = "<!-- " + section + ":end -->";
    String block = begin + "\n" + markdown.strip() + "\n" + end;
    String doc =
        Files.exists(file)
            ? Files.readString(file)
            : "# Benchmarks\n\nWritten by `./vigie bench`; each section by its own benchmark, with the"
                + " peer measured in the same run. Absolute numbers drift between runs and machines;"
                + " the ratios are what to compare.\n";
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    doc =
        b >= 0 && e > b
            ? doc.substring(0, b) + block + doc.substring(e + end.length())
            : doc.stripTrailing() + "\n\n" + block + "\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, doc);
  }

  static String machine() {
    return "Machine: "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + Procs.firstLine("uname", "-sr")
        + ", Java "
        + System.getProperty("java.version")
        + ", "
        + Procs.firstLine("influxd", "version")
        + ", "
        + Procs.firstLine("curl", "--version").split(" \\(", -1)[0]
        + ".";
  }
}
