package io.vigie.testkit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A NOC-sized inventory of SNMP devices, written as an operator would: 100 clients, a switch in
 * front of every ten devices, labels, community references, per-client thresholds. About 300 bytes
 * a target, so 20,000 targets make about 6 MB. Used by the tests and by {@code ./vigie bench
 * validate}; generated into a temporary directory, never committed.
 */
public final class GeneratedInventory {

  /** The environment variable every generated target's community refers to. */
  public static final String COMMUNITY_VARIABLE = "SNMP_COMMUNITY";

  private static final int CLIENTS = 100;

  private GeneratedInventory() {}

  public static String snmp(int targets) {
    StringWriter out = new StringWriter(targets * 320);
    write(out, targets);
    return out.toString();
  }

  public static Path snmp(Path file, int targets) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out, targets);
    }
    return file;
  }

  /** Targets until the file holds at least {@code bytes}: for files over the size limit. */
  public static Path atLeast(Path file, long bytes) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      head(out);
      long written = 0;
      for (int i = 0; written < bytes; i++) {
        written += target(out, i);
      }
    }
    return file;
  }

  private static void write(Writer out, int targets) {
    try {
      head(out);
      for (int i = 0; i < targets; i++) {
        target(out, i);
      }
      out.write("thresholds:\n  defaults:\n");
      out.write("    - {metric: interface.in_errors_per_sec, warning: 10, error: 100, for: 5m}\n");
      out.write("  clients:\n");
      for (int c = 0; c < CLIENTS; c++) {
        out.write(
            "    client-%03d:\n      - {metric: interface.in_errors_per_sec, warning: 5, error: 50}\n"
                .formatted(c));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void head(Writer out) throws IOException {
    out.write("version: 1\ndefaults:\n  interval: 60s\nclients:\n");
    for (int c = 0; c < CLIENTS; c++) {
      out.write(
          "  - {id: client-%03d, name: Client %d, language: fr, contacts: [noc@client%d.example]}\n"
              .formatted(c, c, c));
    }
    out.write("targets:\n");
  }

  private static int target(Writer out, int i) throws IOException {
    String text =
        """
          - id: dev-%06d
            client: client-%03d
            kind: snmp
            address: 10.%d.%d.%d
        %s    labels: {site: site-%d, rack: r%d}
            credentials:
              community: {env: %s}
            snmp:
              version: 2c
              profiles: [system, if-mib]
              timeout: 2s
        """
            .formatted(
                i,
                i % CLIENTS,
                (i >> 16) & 255,
                (i >> 8) & 255,
                i & 255,
                i % 10 == 0 ? "" : "    parent: dev-%06d\n".formatted(i - i % 10),
                i / 500,
                i / 20,
                COMMUNITY_VARIABLE);
    out.write(text);
    return text.length();
  }
}
