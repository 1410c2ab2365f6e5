package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.ProbeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import okio.BufferedSource;

/** How an http probe judges the final response: its status, then its body's patterns. */
final class HttpAnswer {
  private HttpAnswer() {}

  /** A body read up to {@link HttpProber#MAX_BODY_BYTES}; {@code truncated} when there was more. */
  record Body(String text, int length, boolean truncated) {
    static Body read(BufferedSource source) throws IOException {
      // request() reads until that many bytes are buffered or the body ends: one byte past the
      // cap tells a truncated body from one of exactly the cap.
      boolean truncated = source.request(HttpProber.MAX_BODY_BYTES + 1L);
      long length = Math.min(source.getBuffer().size(), HttpProber.MAX_BODY_BYTES);
      return new Body(
          source.getBuffer().readString(length, StandardCharsets.UTF_8), (int) length, truncated);
    }
  }

  /**
   * Up when the status is one the probe accepts and the body contains what it must and nothing it
   * must not; {@code fields} are what the run measured, written in the result either way.
   */
  static ProbeResult judge(
      ProbeSpec.Http spec, Response response, Body body, Map<String, Object> fields) {
    int status = response.code();
    String where = spec.url().toString();
    String finalUrl = response.request().url().toString();
    String at = finalUrl.equals(where) ? where : where + " → " + finalUrl;
    if (!spec.accepts(status)) {
      // The server's words: escaped, so no control character of its reaches a reason or a log.
      String header = response.header("Location");
      String location =
          status >= 300 && status < 400 && header != null
              ? " to " + TcpProber.escape(header, TcpProber.REASON_CHARS)
              : "";
      return ProbeResult.failed(
          FailureKind.HTTP_STATUS,
          at
              + ": HTTP "
              + status
              + location
              + ", expected "
              + (spec.expectStatus().isEmpty() ? "2xx" : spec.expectStatus()),
          fields);
    }
    String text = body.text();
    String within =
        body.truncated() ? " (in its first " + HttpProber.MAX_BODY_BYTES + " bytes)" : "";
    Pattern must = spec.bodyMatches();
    if (must != null && !must.matcher(text).find()) {
      return ProbeResult.failed(
          FailureKind.BODY_MISMATCH,
          at + ": the body" + within + " does not contain /" + must.pattern() + "/",
          fields);
    }
    Pattern mustNot = spec.bodyMustNotMatch();
    if (mustNot != null) {
      Matcher m = mustNot.matcher(text);
      if (m.find()) {
        return ProbeResult.failed(
            FailureKind.BODY_MISMATCH,
            at
                + ": the body contains /"
                + mustNot.pattern()
                + "/: \""
                + TcpProber.escape(m.group(), TcpProber.REASON_CHARS)
                + "\"",
            fields);
      }
    }
    return ProbeResult.up(fields);
  }
}
