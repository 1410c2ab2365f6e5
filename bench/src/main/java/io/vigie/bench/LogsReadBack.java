package io.vigie.bench;

import io.vigie.testkit.InfluxServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every numbered line read back from where a contender stored it, after the measured run (never
 * inside it): lines missing and lines stored twice.
 */
final class LogsReadBack {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** What was found: lines stored, numbered lines missing, numbered lines found more than once. */
  record Found(long stored, long lost, long duplicated) {}

  private LogsReadBack() {}

  /**
   * The {@code timestamp} field of every {@code logs.syslog} point (the sender's time, {@code base
   * + seq} microseconds), in chunks.
   */
  static Found influx(InfluxServer influx, long baseNanos, long total) throws Exception {
    Tally tally = new Tally(total);
    String query = "SELECT \"timestamp\" FROM \"logs\".\"syslog\"";
    URI uri =
        URI.create(
            influx.url()
                + "/query?chunked=true&chunk_size=50000&epoch=ns&db="
                + BenchServers.DATABASE
                + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    HttpResponse<InputStream> response =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body();
        MappingIterator<JsonNode> chunks = JSON.readerFor(JsonNode.class).readValues(in)) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("read-back query answered " + response.statusCode());
      }
      while (chunks.hasNext()) {
        JsonNode result = chunks.next().path("results").path(0);
        if (result.has("error")) {
          throw new IllegalStateException("read-back: " + result.get("error").asString());
        }
        for (JsonNode series : result.path("series")) {
          for (JsonNode row : series.path("values")) {
            JsonNode ts = row.get(1);
            tally.add(ts == null || ts.isNull() ? -1 : (ts.asLong() - baseNanos) / 1000);
          }
        }
      }
    }
    return tally.found();
  }

  /** The {@code seq=NNNNNNNN} ending every line of rsyslog's file. */
  static Found file(Path file, long total) throws IOException {
    Tally tally = new Tally(total);
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int at = line.lastIndexOf("seq=");
        long seq = -1;
        if (at >= 0) {
          try {
            seq = Long.parseLong(line.substring(at + 4).strip());
          } catch (NumberFormatException e) {
            seq = -1;
          }
        }
        tally.add(seq);
      }
    }
    return tally.found();
  }

  /** Numbered lines seen; an unreadable or unknown number counts as a duplicate (an extra line). */
  private static final class Tally {
    private final BitSet seen;
    private final long total;
    private long stored;
    private long duplicated;

    Tally(long total) {
      this.total = total;
      this.seen = new BitSet(Math.toIntExact(total));
    }

    void add(long seq) {
      stored++;
      if (seq < 0 || seq >= total || seen.get((int) seq)) {
        duplicated++;
      } else {
        seen.set((int) seq);
      }
    }

    Found found() {
      return new Found(stored, total - seen.cardinality(), duplicated);
    }
  }
}
