package io.vigie.model.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class FailureKindTest {

  @Test
  void codesAreStableLowerCaseAndUnique() {
    assertThat(Arrays.stream(FailureKind.values()).map(FailureKind::code))
        .doesNotHaveDuplicates()
        .allMatch(code -> code.matches("[a-z_]+"));
    for (FailureKind kind : FailureKind.values()) {
      assertThat(FailureKind.fromCode(kind.code())).contains(kind);
    }
    assertThat(FailureKind.fromCode("authentication")).contains(FailureKind.AUTHENTICATION);
    assertThat(FailureKind.fromCode("timeout")).contains(FailureKind.TIMEOUT);
    assertThat(FailureKind.fromCode("no such kind")).isEmpty();
    assertThat(FailureKind.fromCode(null)).isEmpty();
  }

  @Test
  void onlyCredentialHostKeyAndProbeAnswerProblemsNeedAHuman() {
    // A probe's failure of its own (a certificate, a status, a body) is ERROR for that check
    // (decision 0009); not reaching the service counts toward DEAD like a poll's.
    assertThat(EnumSet.allOf(FailureKind.class).stream().filter(FailureKind::needsHuman))
        .containsExactlyInAnyOrder(
            FailureKind.AUTHENTICATION,
            FailureKind.UNKNOWN_USER,
            FailureKind.PRIVATE_KEY,
            FailureKind.HOST_KEY_MISMATCH,
            FailureKind.HOST_KEY_NOT_TRUSTED,
            FailureKind.TLS_EXPIRED,
            FailureKind.TLS_SELF_SIGNED,
            FailureKind.TLS_HOST_MISMATCH,
            FailureKind.TLS_UNTRUSTED,
            FailureKind.TLS_HANDSHAKE,
            FailureKind.HTTP_STATUS,
            FailureKind.BODY_MISMATCH,
            FailureKind.BANNER_MISMATCH,
            FailureKind.DNS_RCODE,
            FailureKind.DNS_ANSWER,
            FailureKind.SIP_STATUS,
            FailureKind.RTSP_STATUS,
            FailureKind.NO_MEDIA);
    assertThat(FailureKind.NONE.leadsTo()).isEqualTo(FailureKind.Consequence.NONE);
    assertThat(FailureKind.OVERRUN.leadsTo()).isEqualTo(FailureKind.Consequence.UNREACHABLE);
    assertThat(FailureKind.INTERNAL.leadsTo()).isEqualTo(FailureKind.Consequence.UNREACHABLE);
  }

  /** Reasons as collectors wrote them before the failure field, read by the old rule. */
  @Test
  void legacyReasonsAreJudgedByTheirWordsAsBefore() {
    assertThat(FailureKind.fromLegacyReason("SshFailure: authentication failed: x"))
        .isEqualTo(FailureKind.AUTHENTICATION);
    assertThat(
            FailureKind.fromLegacyReason(
                "SnmpFailure: authentication failure: wrong authentication passphrase or protocol"))
        .isEqualTo(FailureKind.AUTHENTICATION);
    assertThat(
            FailureKind.fromLegacyReason(
                "SnmpFailure: unknown user: the agent does not know this user"))
        .isEqualTo(FailureKind.UNKNOWN_USER);
    assertThat(
            FailureKind.fromLegacyReason(
                "SshFailure: Host key MISMATCH: expected SHA256:a, offered SHA256:b"))
        .isEqualTo(FailureKind.HOST_KEY_MISMATCH);
    assertThat(FailureKind.fromLegacyReason("SshFailure: host key not trusted: offered SHA256:b"))
        .isEqualTo(FailureKind.HOST_KEY_NOT_TRUSTED);
    assertThat(FailureKind.fromLegacyReason("SshFailure: the private_key cannot be read: bad"))
        .isEqualTo(FailureKind.PRIVATE_KEY);
    assertThat(FailureKind.fromLegacyReason("SnmpFailure: timeout: no answer from 10.0.0.9"))
        .isEqualTo(FailureKind.UNKNOWN);
    assertThat(FailureKind.fromLegacyReason("skipped: the previous poll has been running for 9 ms"))
        .isEqualTo(FailureKind.UNKNOWN);
    assertThat(FailureKind.fromLegacyReason("")).isEqualTo(FailureKind.UNKNOWN);
    assertThat(FailureKind.fromLegacyReason(null)).isEqualTo(FailureKind.UNKNOWN);
  }
}
