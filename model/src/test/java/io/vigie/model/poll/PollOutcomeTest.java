package io.vigie.model.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigie.model.schema.Schema;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PollOutcomeTest {

  @Test
  void whatTheCollectorWritesReadsBackAsTheSameOutcome() {
    PollOutcome written =
        new PollOutcome(
            false,
            FailureKind.HOST_KEY_MISMATCH,
            "host key changed",
            "",
            12.5,
            1,
            0,
            Map.of(Schema.POLL_CONNECT_MS, 3.0));
    Map<String, Object> point = written.fields();
    assertEquals("host_key_mismatch", point.get(Schema.POLL_FAILURE));
    assertEquals(0L, point.get(Schema.POLL_UP));
    assertEquals(written, PollOutcome.read(point::get));
  }

  @Test
  void aPointOfTheOldShapeIsJudgedByItsReasonWords() {
    Map<String, Object> old = new HashMap<>();
    old.put(Schema.POLL_UP, 0L);
    old.put(Schema.POLL_REASON, "SshFailure: authentication failed for root");
    assertEquals(FailureKind.AUTHENTICATION, PollOutcome.read(old::get).failure());
    old.put(Schema.POLL_REASON, "SnmpFailure: timeout: no answer from 10.0.0.9");
    assertEquals(FailureKind.UNKNOWN, PollOutcome.read(old::get).failure());
    old.put(Schema.POLL_UP, 1L);
    old.put(Schema.POLL_REASON, "");
    assertEquals(FailureKind.NONE, PollOutcome.read(old::get).failure());
  }

  @Test
  void aCodeFromANewerCollectorOrAFailureWithoutKindIsUnknown() {
    Map<String, Object> point = new HashMap<>();
    point.put(Schema.POLL_UP, 0L);
    point.put(Schema.POLL_FAILURE, "quantum_flux");
    assertEquals(FailureKind.UNKNOWN, PollOutcome.read(point::get).failure());
    point.put(Schema.POLL_FAILURE, "none");
    assertEquals(FailureKind.UNKNOWN, PollOutcome.read(point::get).failure());
  }

  @Test
  void aFailedPollWithoutAKindCannotBeWritten() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new PollOutcome(false, FailureKind.NONE, "", "", 0, 0, 0, Map.of()));
  }
}
