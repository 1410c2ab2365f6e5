package io.vigie.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/schema.md is a golden file: regenerate it on purpose with -Dvigie.regenerate=true. */
class SchemaDocTest {
  private static final Path DOC = Path.of("..", "docs", "schema.md");

  @Test
  void docsSchemaMdMatchesTheSchema() throws Exception {
    String expected = SchemaDoc.markdown();
    if (Boolean.getBoolean("vigie.regenerate")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, expected);
    }
    assertThat(DOC).as("run: mvn -pl model test -Dvigie.regenerate=true").exists();
    assertThat(Files.readString(DOC)).isEqualTo(expected);
  }

  @Test
  void everyThresholdableMetricIsNumeric() {
    assertThat(Schema.numericMetric("cpu.usage_percent")).isPresent();
    assertThat(Schema.numericMetric("poll.reason")).isEmpty();
    assertThat(Schema.numericMetric("nope.x")).isEmpty();
    assertThat(Schema.numericMetric("cpu")).isEmpty();
  }
}
