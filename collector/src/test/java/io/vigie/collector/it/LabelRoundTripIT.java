package io.vigie.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.influx.InfluxBatchWriter;
import io.vigie.collector.influx.WriteOutcome;
import io.vigie.collector.point.LineProtocol;
import io.vigie.collector.point.Point;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.schema.Schema;
import io.vigie.model.text.Escape;
import io.vigie.testkit.InfluxServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The rule of the product, over a generated corpus of awkward strings used as label names and as
 * label values: either {@code vigie validate} refuses the inventory, or the point the collector
 * encodes reads back from a real InfluxDB exactly as written. The generator is seeded ({@code
 * -Dvigie.seed=N} replays a run); every failure names its seed and string.
 */
class LabelRoundTripIT {
  @RegisterExtension static final InfluxServer INFLUX = new InfluxServer();

  private static final long SEED = Long.getLong("vigie.seed", 20240613L);

  /** Pieces that line protocol, YAML or InfluxDB treat specially, and ordinary text around them. */
  private static final String[] PIECES = {
    "a",
    "Z",
    "7",
    "-",
    "_",
    ".",
    " ",
    "  ",
    ",",
    "=",
    "\"",
    "'",
    "\\",
    "\\\\",
    "\\ ",
    "\\,",
    "\\=",
    "#",
    ":",
    "{",
    "}",
    "[",
    "]",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    "é",
    "東京",
    "😀",
    "👩\u200d💻",
    "\u0301",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\u0000",
    "\u0001",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\udc00",
    "time",
    "target",
    "cpu"
  };

  private static final List<String> FIXED =
      List.of(
          "",
          "\\",
          "a\\",
          "a\\\\",
          "\\a",
          "a\\ b",
          "C:\\ Label, k=v",
          " ",
          "\n",
          "\r",
          "time",
          "x".repeat(1024),
          "x".repeat(1025),
          "é".repeat(512),
          "😀".repeat(300));

  private final InventoryLoader loader = new InventoryLoader(new SecretResolver(Map.of()), false);

  static List<String> corpus() {
    Random random = new Random(SEED);
    Set<String> texts = new LinkedHashSet<>(FIXED);
    while (texts.size() < FIXED.size() + 400) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(7);
      for (int i = 0; i < pieces; i++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      texts.add(text.toString());
    }
    return new ArrayList<>(texts);
  }

  @Test
  void everyLabelValueIsRefusedOrReadBackExactly() {
    INFLUX.createDatabase("values");
    List<String> corpus = corpus();
    Map<String, String> accepted = new HashMap<>();
    List<String> failures = new ArrayList<>();
    try (InfluxBatchWriter writer =
        new InfluxBatchWriter(Fixtures.influx(INFLUX.url(), "values"))) {
      for (int i = 0; i < corpus.size(); i++) {
        Target target = validTarget("labels: {remark: " + yaml(corpus.get(i)) + "}");
        if (target == null) {
          continue;
        }
        String id = String.valueOf(i);
        accepted.put(id, corpus.get(i));
        String line =
            LineProtocol.encode(
                point("values", target)
                    .tag("case", id)
                    .field("vigie_rt", 1L)
                    .time(1000 + i)
                    .build());
        WriteOutcome outcome = writer.write(List.of(line));
        if (!outcome.ok()) {
          failures.add(describe(corpus.get(i)) + " accepted, then refused: " + outcome.message());
        }
      }
    }
    Map<String, String> read = new HashMap<>();
    for (JsonNode row :
        INFLUX.rows("values", "SELECT \"vigie_rt\", \"case\", \"remark\" FROM \"values\"")) {
      read.put(row.get(2).asString(), row.get(3).asString());
    }
    accepted.forEach(
        (id, text) -> {
          if (!text.equals(read.get(id))) {
            failures.add(describe(text) + " accepted, read back as " + Escape.quoted(read.get(id)));
          }
        });
    assertThat(failures).as("seed %d", SEED).isEmpty();
    // The corpus must exercise both sides of the rule.
    assertThat(accepted.size()).isBetween(100, corpus.size() - 50);
  }

  @Test
  void everyLabelNameIsRefusedOrReadBackExactly() {
    INFLUX.createDatabase("names");
    List<String> corpus = corpus();
    Map<String, String> accepted = new HashMap<>();
    List<String> failures = new ArrayList<>();
    try (InfluxBatchWriter writer = new InfluxBatchWriter(Fixtures.influx(INFLUX.url(), "names"))) {
      for (int i = 0; i < corpus.size(); i++) {
        Target target = validTarget("labels: {" + yaml(corpus.get(i)) + ": v" + i + "}");
        if (target == null) {
          continue;
        }
        String measurement = "k" + i;
        accepted.put(measurement, corpus.get(i));
        String line =
            LineProtocol.encode(
                point(measurement, target).field("vigie_rt", 1L).time(1000).build());
        WriteOutcome outcome = writer.write(List.of(line));
        if (!outcome.ok()) {
          failures.add(describe(corpus.get(i)) + " accepted, then refused: " + outcome.message());
        }
      }
    }
    Map<String, Set<String>> keys = new HashMap<>();
    for (JsonNode series :
        INFLUX.query("names", "SHOW TAG KEYS").path("results").path(0).path("series")) {
      Set<String> own = new LinkedHashSet<>();
      series.path("values").forEach(v -> own.add(v.get(0).asString()));
      keys.put(series.path("name").asString(), own);
    }
    accepted.forEach(
        (measurement, name) -> {
          Set<String> expected =
              new LinkedHashSet<>(List.of(Schema.TAG_TARGET, Schema.TAG_CLIENT, Schema.TAG_KIND));
          expected.add(name);
          if (!expected.equals(keys.get(measurement))) {
            failures.add(describe(name) + " accepted, tag keys read back " + keys.get(measurement));
            return;
          }
          JsonNode series =
              INFLUX
                  .query("names", "SELECT * FROM \"" + measurement + "\"")
                  .path("results")
                  .path(0)
                  .path("series")
                  .path(0);
          List<String> columns = new ArrayList<>();
          series.path("columns").forEach(c -> columns.add(c.asString()));
          int column = columns.indexOf(name);
          String value = column < 0 ? null : series.path("values").path(0).get(column).asString();
          if (!("v" + measurement.substring(1)).equals(value)) {
            failures.add(describe(name) + " accepted, its tag read back as " + series);
          }
        });
    assertThat(failures).as("seed %d", SEED).isEmpty();
    assertThat(accepted.size()).isBetween(100, corpus.size() - 50);
  }

  /** The point as the collector's scheduler makes it: the target's tags, then its labels. */
  private static Point.Builder point(String measurement, Target target) {
    Map<String, String> tags = new HashMap<>(target.labels());
    tags.put(Schema.TAG_CLIENT, target.client());
    tags.put(Schema.TAG_TARGET, target.id());
    tags.put(Schema.TAG_KIND, target.kind().code());
    return Point.builder(measurement).tags(tags);
  }

  private Target validTarget(String labels) {
    String inventory =
        """
        clients: [{id: acme, name: ACME}]
        targets:
          - id: t
            client: acme
            kind: local
            %s
        """
            .formatted(labels);
    try {
      Inventory parsed = loader.parse(inventory, "generated.yml");
      return parsed.targets().get(0);
    } catch (InventoryException refused) {
      return null;
    }
  }

  /** A YAML double-quoted scalar holding exactly {@code text}, whatever it contains. */
  static String yaml(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.appendCodePoint(c);
      } else if (c < 0x100) {
        out.append(String.format("\\x%02X", c));
      } else if (c < 0x10000) {
        out.append(String.format("\\u%04X", c));
      } else {
        out.append(String.format("\\U%08X", c));
      }
    }
    return out.append('"').toString();
  }

  private static String describe(String text) {
    return text.length() > 60
        ? Escape.quoted(text.substring(0, 60)) + "... (" + text.length() + " chars)"
        : Escape.quoted(text);
  }
}
