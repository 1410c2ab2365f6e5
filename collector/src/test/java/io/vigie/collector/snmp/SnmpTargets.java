package io.vigie.collector.snmp;

import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.snmp.SnmpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Targets and secrets for SNMP tests. */
final class SnmpTargets {
  static final SecretResolver SECRETS =
      new SecretResolver(
          Map.of(
              "COMMUNITY",
              "public",
              "AUTH",
              Snmpd.AUTH_PASS,
              "PRIV",
              Snmpd.PRIV_PASS,
              "WRONG",
              "not-the-passphrase"));

  private SnmpTargets() {}

  static Target v2c(String id, int port, Duration interval, List<String> profiles) {
    SnmpSettings settings =
        new SnmpSettings(
            SnmpSettings.Version.V2C,
            port,
            profiles,
            Duration.ofMillis(500),
            1,
            25,
            null,
            null,
            null,
            null,
            null);
    return new Target(
        id,
        "acme",
        TargetKind.SNMP,
        "127.0.0.1",
        interval,
        null,
        Map.of("community", SecretRef.env("COMMUNITY")),
        Map.of(),
        settings,
        null);
  }

  static Target v3(
      String id,
      int port,
      String user,
      SnmpSettings.AuthProtocol auth,
      String authVar,
      String privVar) {
    return v3(
        id, port, user, auth, SnmpSettings.PrivProtocol.AES, List.of("system"), authVar, privVar);
  }

  static Target v3(
      String id,
      int port,
      String user,
      SnmpSettings.AuthProtocol auth,
      SnmpSettings.PrivProtocol priv,
      List<String> profiles,
      String authVar,
      String privVar) {
    SnmpSettings settings =
        new SnmpSettings(
            SnmpSettings.Version.V3,
            port,
            profiles,
            Duration.ofMillis(500),
            1,
            25,
            null,
            user,
            auth,
            priv,
            null);
    return new Target(
        id,
        "acme",
        TargetKind.SNMP,
        "127.0.0.1",
        Duration.ofSeconds(10),
        null,
        Map.of("auth_password", SecretRef.env(authVar), "priv_password", SecretRef.env(privVar)),
        Map.of(),
        settings,
        null);
  }

  static PollResult poll(SnmpSource source) throws Exception {
    return source.poll().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static Optional<Sample> find(PollResult result, String measurement, String tag, String value) {
    return result.samples().stream()
        .filter(s -> s.measurement().equals(measurement))
        .filter(s -> tag == null || value.equals(s.tags().get(tag)))
        .findFirst();
  }
}
