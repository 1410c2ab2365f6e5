package io.vigie.model.schema;

import io.vigie.model.poll.FailureKind;

/** Renders {@link Schema} as the Markdown of {@code docs/schema.md}. */
public final class SchemaDoc {
  private SchemaDoc() {}

  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# InfluxDB schema\n\n")
        .append(
            "Generated from `model/src/main/java/io/vigie/model/schema/Schema.java`; do not edit")
        .append(" by hand (regenerate with `mvn -pl model test -Dvigie.regenerate=true`).\n\n")
        .append("Every point about a target carries the tags ")
        .append(String.join(", ", Schema.COMMON_TAGS.stream().map(t -> "`" + t + "`").toList()))
        .append(" and the target's inventory `labels` as extra tags. Timestamps are the poll's")
        .append(" start, in milliseconds, set once when the point is made: a point replayed from")
        .append(" the spool keeps its time, so InfluxDB overwrites rather than duplicates it.")
        .append(" A field keeps one type forever; integers are written with InfluxDB's `i` suffix.")
        .append(" The last column is what people call a field, in mails, the API and the")
        .append(" dashboards (`io.vigie.model.cause.CauseText`, `dashboards`' `Metrics`), `{tag}`")
        .append(" being the series' tag; every numeric field has one, and its unit as a type")
        .append(" (`io.vigie.model.schema.Unit`) formats its values.\n");
    for (MeasurementDef m : Schema.ALL) {
      out.append("\n## `").append(m.name()).append("`\n\n").append(m.description()).append("\n\n");
      if (!m.tags().isEmpty()) {
        out.append("Tags: ")
            .append(String.join(", ", m.tags().stream().map(t -> "`" + t + "`").toList()))
            .append(".\n\n");
      }
      out.append(
          "| field | type | unit | meaning | display name (en / fr) |\n|---|---|---|---|---|\n");
      for (FieldDef f : m.fields()) {
        out.append("| `")
            .append(f.name())
            .append("` | ")
            .append(f.type().code())
            .append(" | ")
            .append(f.unit())
            .append(" | ")
            .append(f.description())
            .append(" | ")
            .append(
                f.displayName() == null ? "" : f.displayName().en() + " / " + f.displayName().fr())
            .append(" |\n");
      }
      if (m.equals(Schema.POLL)) {
        failureKinds(out);
      }
    }
    return out.toString();
  }

  private static void failureKinds(StringBuilder out) {
    out.append("\nThe `")
        .append(Schema.POLL_FAILURE)
        .append("` codes (`io.vigie.model.poll.FailureKind`) and what the alerting service makes")
        .append(" of a poll that did not reach its target. A point without the field (written")
        .append(" before it existed) is judged by the words of its `")
        .append(Schema.POLL_REASON)
        .append("`, as then.\n\n| code | meaning | status |\n|---|---|---|\n");
    for (FailureKind kind : FailureKind.values()) {
      out.append("| `")
          .append(kind.code())
          .append("` | ")
          .append(kind.meaning())
          .append(" | ")
          .append(kind.leadsTo().meaning())
          .append(" |\n");
    }
  }
}
