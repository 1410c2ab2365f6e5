package io.vigie.alerting.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerting.status.Silence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A silence stored before silences could be maintenance windows still loads, as a silence. */
class SilenceBodyTest {
  @Test
  void aBodyWithoutTheMaintenanceFlagIsAPlainSilence() throws Exception {
    String before =
        """
        {"id":"s1","target":null,"client":"acme","starts":"2026-11-01T00:00:00Z",\
        "ends":"2026-11-01T02:00:00Z","author":"nora","reason":"works",\
        "created":"2026-11-01T00:00:00Z"}""";
    Silence read = StateStore.JSON.readValue(before, Silence.class);
    assertThat(read.maintenance()).isFalse();
    assertThat(read.ends()).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
  }

  @Test
  void theFlagSurvivesTheStore() throws Exception {
    Path dir = Files.createTempDirectory("vigie-silence-");
    Silence planned =
        new Silence(
            "s2",
            "web1",
            null,
            Instant.parse("2026-12-01T08:00:00Z"),
            Instant.parse("2026-12-01T10:00:00Z"),
            "nora",
            "upgrade",
            Instant.parse("2026-11-30T08:00:00Z"),
            true);
    try (StateStore store = StateStore.open(dir)) {
      store.saveSilence(planned);
    }
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.load().silences()).containsEntry("s2", planned);
    }
  }
}
