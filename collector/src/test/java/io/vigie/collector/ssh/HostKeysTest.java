package io.vigie.collector.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.poll.FailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host key decisions without any server: pinned keys, trust on first use, known_hosts. */
class HostKeysTest {
  private static final String PINNED = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
  private static final String OTHER = "SHA256:AAAAztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";

  @TempDir Path dir;

  @Test
  void aPinnedKeyAcceptsOnlyItselfAndAMismatchNamesBothFingerprints() {
    HostKeys keys = new HostKeys(null);
    keys.expect("web", PINNED, false);
    assertThat(keys.accept("web", PINNED)).isTrue();
    assertThat(keys.accept("web", OTHER)).isFalse();
    SshFailure refusal = keys.refusal("web", "Server key did not validate");
    assertThat(refusal.failureKind()).isEqualTo(FailureKind.HOST_KEY_MISMATCH);
    assertThat(refusal.getMessage())
        .isEqualTo("host key mismatch: expected " + PINNED + ", offered " + OTHER);
  }

  @Test
  void withoutAKeyToExpectNothingIsTrustedUnlessAskedFor() {
    HostKeys keys = new HostKeys(null);
    keys.expect("web", null, false);
    assertThat(keys.accept("web", OTHER)).isFalse();
    assertThat(keys.pinned("web")).isNull();
    SshFailure refusal = keys.refusal("web", "Server key did not validate");
    assertThat(refusal.failureKind()).isEqualTo(FailureKind.HOST_KEY_NOT_TRUSTED);
    assertThat(refusal.getMessage()).isEqualTo("host key not trusted: offered " + OTHER);
    assertThat(keys.accept("never-expected", OTHER)).as("a target never set up").isFalse();
    assertThat(keys.accept(null, OTHER)).as("a session without a target").isFalse();
  }

  @Test
  void aFailureThatIsNotAboutTheHostKeyIsNotARefusal() {
    HostKeys keys = new HostKeys(null);
    keys.expect("web", PINNED, false);
    assertThat(keys.refusal("web", "Connection refused")).as("no key offered yet").isNull();
    keys.accept("web", PINNED);
    assertThat(keys.refusal("web", "No more authentication methods available")).isNull();
  }

  @Test
  void trustOnFirstUsePinsRecordsAndKeepsTheFirstKeyAcrossARestart() throws Exception {
    Path trusted = dir.resolve("data/trusted");
    HostKeys keys = new HostKeys(trusted);
    keys.expect("tofu", null, true);
    assertThat(keys.accept("tofu", PINNED)).isTrue();
    assertThat(keys.pinned("tofu")).isEqualTo(PINNED);
    assertThat(keys.accept("tofu", OTHER)).as("pinned from now on").isFalse();
    // A later login of the same target does not undo the pin.
    keys.expect("tofu", null, true);
    assertThat(keys.pinned("tofu")).isEqualTo(PINNED);
    assertThat(Files.readString(trusted)).isEqualTo("tofu " + PINNED + "\n");

    HostKeys restarted = new HostKeys(trusted);
    restarted.expect("tofu", null, true);
    assertThat(restarted.pinned("tofu")).isEqualTo(PINNED);
    assertThat(restarted.accept("tofu", OTHER)).isFalse();
    assertThat(restarted.refusal("tofu", "Server key did not validate").getMessage())
        .isEqualTo("host key mismatch: expected " + PINNED + ", offered " + OTHER);
  }

  @Test
  void aRecordedKeyDoesNotOverrideAPinnedOneNorApplyWithoutTrustOnFirstUse() throws Exception {
    Path trusted = dir.resolve("trusted");
    Files.writeString(trusted, "# comment\nweb " + OTHER + "\nbare " + OTHER + "\n");
    HostKeys keys = new HostKeys(trusted);
    keys.expect("web", PINNED, true);
    keys.expect("bare", null, false);
    assertThat(keys.pinned("web")).isEqualTo(PINNED);
    assertThat(keys.pinned("bare")).isNull();
    assertThat(keys.accept("bare", OTHER)).isFalse();
  }

  @Test
  void knownHostsGivesTheFingerprintOfTheEntryForTheAddressAndPort() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    PublicKey key = generator.generateKeyPair().getPublic();
    PublicKey revoked = generator.generateKeyPair().getPublic();
    Path file = dir.resolve("known_hosts");
    Files.writeString(
        file,
        "@revoked [127.0.0.1]:2222 "
            + PublicKeyEntry.toString(revoked)
            + "\n[127.0.0.1]:2222 "
            + PublicKeyEntry.toString(key)
            + "\n");
    assertThat(HostKeys.fromKnownHosts(file, "127.0.0.1", 2222))
        .isEqualTo(HostKeys.fingerprint(key))
        .startsWith("SHA256:");
    assertThat(HostKeys.fromKnownHosts(file, "127.0.0.1", 22)).isNull();
    assertThat(HostKeys.fromKnownHosts(file, "192.0.2.1", 2222)).isNull();
    assertThat(HostKeys.fromKnownHosts(dir.resolve("missing"), "127.0.0.1", 2222)).isNull();
    assertThat(HostKeys.fromKnownHosts(null, "127.0.0.1", 2222)).isNull();
  }
}
