package io.vigie.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The compose file, nginx and systemd units: what review would check, checked on every build. */
class DeployFilesTest {
  private static final Path DIR =
      Path.of(System.getProperty("vigie.deploy.dir", ".")).toAbsolutePath();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  @Test
  void composeServicesArePinnedHealthCheckedAndTakeSecretsFromTheEnvironment() throws Exception {
    JsonNode compose = new YAMLMapper().readTree(DIR.resolve("docker-compose.yml").toFile());
    Set<String> services = new HashSet<>();
    compose.path("services").properties().forEach(s -> services.add(s.getKey()));
    assertThat(services)
        .containsExactlyInAnyOrder("influxdb", "grafana", "collector", "alerting", "nginx");
    for (var service : compose.path("services").properties()) {
      JsonNode body = service.getValue();
      String name = service.getKey();
      assertThat(body.path("image").asString()).as(name).matches("[a-z0-9./-]+:[0-9][\\w.-]*");
      assertThat(body.path("restart").asString()).as(name).isEqualTo("unless-stopped");
      if (!name.equals("nginx")) {
        assertThat(body.has("healthcheck")).as(name + " healthcheck").isTrue();
      }
      for (var variable : body.path("environment").properties()) {
        if (variable.getKey().matches(".*(PASSWORD|SECRET|TOKEN).*")) {
          assertThat(variable.getValue().asString())
              .as(name + " " + variable.getKey())
              .matches("\\$\\{[A-Z0-9_]+}");
        }
      }
    }
    assertThat(compose.at("/services/nginx/ports").toString()).contains("443:443");
  }

  @Test
  void everyVariableTheComposeFileUsesIsInItsEnvExample() throws Exception {
    String compose = Files.readString(DIR.resolve("docker-compose.yml"));
    Set<String> used = new HashSet<>();
    Matcher m = VARIABLE.matcher(compose);
    while (m.find()) {
      used.add(m.group(1));
    }
    Set<String> listed = new HashSet<>();
    for (String line : Files.readAllLines(DIR.resolve(".env.example"))) {
      if (line.matches("[A-Z0-9_]+=.*")) {
        listed.add(line.substring(0, line.indexOf('=')));
        if (line.matches("[A-Z0-9_]*(PASSWORD|SECRET|TOKEN)[A-Z0-9_]*=.*")) {
          assertThat(line).as("no secret value in .env.example").endsWith("=");
        }
      }
    }
    assertThat(listed).containsAll(used);
  }

  @Test
  void nginxTerminatesTlsInFrontOfGrafanaAndTheApi() throws Exception {
    String conf = Files.readString(DIR.resolve("nginx/vigie.conf.template"));
    assertThat(conf)
        .contains("listen 443 ssl;")
        .contains("ssl_certificate     /etc/nginx/tls/fullchain.pem;")
        .contains("proxy_pass http://grafana:3000;")
        .contains("proxy_pass http://alerting:9274/;")
        .contains("return 301 https://");
  }

  @Test
  void theIngesterUnitFeedsOneReplicaPerInstance() throws Exception {
    String unit = Files.readString(DIR.resolve("systemd/vigie-ingest@.service"));
    assertThat(unit)
        .contains("Restart=on-failure")
        .contains("User=vigie")
        .contains("NoNewPrivileges=true")
        .contains("Environment=VIGIE_INGEST_CONSUMER=%i")
        .contains("EnvironmentFile=/etc/vigie/ingest-%i.env")
        .contains("vigie-collector-exec.jar ingest");
  }

  /** The NATS node's example configuration, checked by nats-server itself ({@code -t}). */
  @Test
  void theNatsExampleConfigurationIsValid(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path binary = Path.of("/usr/sbin/nats-server");
    assertThat(binary)
        .as("nats-server missing: apt-get install nats-server (./vigie test does it)")
        .isExecutable();
    String conf =
        Files.readString(DIR.resolve("nats/nats-server.conf"))
            .replace("/var/lib/nats", tmp.resolve("store").toString());
    Path file = Files.writeString(tmp.resolve("nats-server.conf"), conf);
    ProcessBuilder check = new ProcessBuilder(binary.toString(), "-c", file.toString(), "-t");
    check.environment().put("VIGIE_NATS_PASSWORD", "example");
    Process process = check.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("is valid");
  }

  @Test
  void systemdUnitsRestartAndMatchTheOnesAnsibleInstalls() throws Exception {
    for (String service : List.of("collector", "alerting")) {
      String unit = Files.readString(DIR.resolve("systemd/vigie-" + service + ".service"));
      assertThat(unit)
          .contains("Restart=on-failure")
          .contains("User=vigie")
          .contains("NoNewPrivileges=true")
          .contains("EnvironmentFile=/etc/vigie/" + service + ".env");
      String template =
          Files.readString(
              DIR.resolve(
                  "../ansible/roles/" + service + "/templates/vigie-" + service + ".service.j2"));
      String exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
      String rendered =
          template
              .lines()
              .filter(l -> l.startsWith("ExecStart="))
              .findFirst()
              .orElseThrow()
              .replace("{{ vigie_home }}", "/opt/vigie");
      assertThat(rendered).isEqualTo(exec);
    }
  }

  @Test
  void theScriptsAreValidBash() throws Exception {
    for (String script : List.of("backup.sh", "restore.sh", "upgrade.sh")) {
      Path file = DIR.resolve("scripts").resolve(script);
      assertThat(Files.isExecutable(file)).as(script).isTrue();
      Process check =
          new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
      String output = new String(check.getInputStream().readAllBytes());
      assertThat(check.waitFor()).as(script + ": " + output).isZero();
    }
  }
}
