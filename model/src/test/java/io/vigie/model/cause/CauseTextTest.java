package io.vigie.model.cause;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.Language;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.ProbeType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CauseTextTest {
  final CauseText text = new CauseText(ZoneId.of("Europe/Paris"));

  static String plain(String s) {
    return s.replace('\u00a0', ' ').replace('\u202f', ' ');
  }

  @Test
  void aThresholdIsTheMetricsDisplayNameWithLocalNumbersAndUnits() {
    Cause disk =
        new Cause.Threshold(
            "disk.used_percent",
            Map.of("mount", "/var"),
            93.5,
            90,
            Comparison.ABOVE,
            Cause.Level.ERROR);
    assertThat(plain(text.render(disk, Language.FR)))
        .isEqualTo("Disque /var plein à 93,5 % (erreur au-dessus de 90 %)");
    assertThat(plain(text.render(disk, Language.EN)))
        .isEqualTo("Disk /var full at 93.5% (error above 90%)");
  }

  @Test
  void bytesAndBitsAreScaledAndAMetricWithoutDisplayNameKeepsItsName() {
    Cause traffic =
        new Cause.Threshold(
            "interface.in_bytes_per_sec",
            Map.of("ifname", "ge-0/0/1"),
            1_234_567,
            1_000_000,
            Comparison.ABOVE,
            Cause.Level.WARNING);
    assertThat(plain(text.render(traffic, Language.FR)))
        .isEqualTo("Trafic reçu sur ge-0/0/1 à 1,23 Mo/s (avertissement au-dessus de 1 Mo/s)");
    assertThat(plain(CauseText.quantity("mem.total_bytes", 2_500_000_000.0, Language.EN)))
        .isEqualTo("2.5 GB");
    assertThat(CauseText.metricName("mem.total_bytes", Map.of(), Language.FR))
        .isEqualTo("Taille de la mémoire");
    // A perfdata field of a check is not in the schema: it keeps its name.
    assertThat(CauseText.metricName("check.rta", Map.of(), Language.FR)).isEqualTo("check.rta");
  }

  @Test
  void anUnreachableTargetIsToldByItsFailureKindNeverByTheRawReason() {
    Cause dead = new Cause.Unreachable(FailureKind.TIMEOUT, 3, "snmp");
    assertThat(plain(text.render(dead, Language.FR)))
        .isEqualTo("Équipement injoignable : pas de réponse SNMP depuis 3 relevés");
    assertThat(text.render(dead, Language.EN))
        .isEqualTo("Device unreachable: no SNMP answer for 3 polls");
    assertThat(
            plain(
                text.render(
                    new Cause.AccessRefused(FailureKind.AUTHENTICATION, "ssh"), Language.FR)))
        .isEqualTo("Accès refusé : authentification SSH refusée");
  }

  @Test
  void everyFailureKindHasWordsInBothLanguages() {
    for (FailureKind kind : FailureKind.values()) {
      for (Language language : Language.values()) {
        assertThat(CauseText.failure(kind, "ssh", language)).isNotBlank().doesNotContain("{p}");
        assertThat(CauseText.failure(kind, "local", language)).doesNotContain("{p}");
      }
    }
  }

  @Test
  void theOtherCauses() {
    assertThat(plain(text.render(new Cause.NoData(Duration.ofMinutes(12)), Language.FR)))
        .isEqualTo("Aucune donnée depuis 12 min");
    assertThat(
            text.render(
                new Cause.NeverReported(Instant.parse("2026-11-22T21:04:00Z")), Language.FR))
        .isEqualTo("Aucune donnée reçue depuis son ajout (22/11/2026 22:04 Europe/Paris)");
    assertThat(text.render(new Cause.ParentDown("switch-2"), Language.EN))
        .isEqualTo("Unreachable: the device in front of it, switch-2, is down");
    assertThat(
            plain(
                text.render(
                    new Cause.Flapping(6, Duration.ofMinutes(15), new Cause.InterfaceDown("eth0")),
                    Language.FR)))
        .isEqualTo("6 changements d’état en 15 min ; actuellement : Interface eth0 hors service");
    assertThat(text.render(new Cause.CheckFailed("ntp", 2, "offset 3 s\n"), Language.FR))
        .isEqualTo("Contrôle ntp en CRITIQUE : « offset 3 s »");
  }

  @Test
  void checkNamesInWords() {
    assertThat(CauseText.checkName("disk.used_percent{mount=/var}", Language.FR))
        .isEqualTo("Disque /var plein");
    assertThat(CauseText.checkName("reachability", Language.FR)).isEqualTo("joignabilité");
    assertThat(CauseText.checkName("check:ntp", Language.EN)).isEqualTo("check ntp");
    assertThat(CauseText.checkName("mem.used_bytes", Language.EN)).isEqualTo("Memory in use");
    assertThat(CauseText.checkName("check.rta", Language.EN)).isEqualTo("check.rta");
  }

  static Cause.ProbeFailed probe(
      ProbeType type, FailureKind kind, String service, String status, Duration failing) {
    return new Cause.ProbeFailed("p", type, kind, service, status, null, 3, failing);
  }

  @Test
  void aProbesFailureNamesWhatItAsksInTheClientsLanguage() {
    Cause site =
        probe(
            ProbeType.HTTP,
            FailureKind.HTTP_STATUS,
            "https://shop.acme.example",
            "503",
            Duration.ofMinutes(4));
    assertThat(plain(text.render(site, Language.FR)))
        .isEqualTo("Le site https://shop.acme.example répond 503 depuis 4 min");
    assertThat(plain(text.render(site, Language.EN)))
        .isEqualTo("Website https://shop.acme.example answers 503 for 4 min");
    Cause camera =
        probe(ProbeType.RTSP, FailureKind.NO_MEDIA, "rtsp://cam-1/live", "200", Duration.ZERO);
    assertThat(text.render(camera, Language.FR))
        .isEqualTo("Caméra rtsp://cam-1/live : aucun flux proposé");
    assertThat(text.render(camera, Language.EN))
        .isEqualTo("Camera rtsp://cam-1/live: no stream offered");
    Cause dns = probe(ProbeType.DNS, FailureKind.DNS_RCODE, "ns1", "NXDOMAIN", Duration.ZERO);
    assertThat(text.render(dns, Language.FR)).isEqualTo("Le serveur DNS ns1 répond NXDOMAIN");
    Cause tls =
        probe(
            ProbeType.HTTP,
            FailureKind.TLS_UNTRUSTED,
            "https://shop.acme.example:8443/x",
            null,
            Duration.ofHours(3));
    assertThat(text.render(tls, Language.FR))
        .as("a certificate's sentence names its host, and no duration")
        .isEqualTo(
            "Certificat de shop.acme.example : certificat émis par une autorité non reconnue");
  }

  @Test
  void aThresholdInDaysIsACertificateSentenceNamingTheService() {
    Cause days =
        new Cause.Threshold(
            "probe.tls_chain_days",
            Map.of(
                "probe", "web", "probe_type", "http", CauseText.SERVICE_TAG, "https://a.example/"),
            1,
            7,
            Comparison.BELOW,
            Cause.Level.ERROR);
    assertThat(plain(text.render(days, Language.FR)))
        .isEqualTo(
            "La chaîne de certificats de a.example expire dans 1 jour (erreur : moins de 7 jours)");
    assertThat(plain(text.render(days, Language.EN)))
        .isEqualTo("Certificate chain of a.example expires in 1 day (error: under 7 days)");
    assertThat(CauseText.checkName("probe:web", Language.FR)).isEqualTo("sonde web");
    assertThat(CauseText.checkName("probe.duration_ms{probe=web,probe_type=http}", Language.EN))
        .isEqualTo("Response time of web");
  }
}
