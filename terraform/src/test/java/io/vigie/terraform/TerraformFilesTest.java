package io.vigie.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.vigie.dashboards.generate.Generator;
import io.vigie.dashboards.provision.Provisioning;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Terraform files, parsed offline with {@code @cdktf/hcl2json} (no Terraform binary can be
 * installed here) and checked for what review would catch: pinned providers, described and typed
 * variables, no literal secret, module calls that match the module, and dashboard files that exist
 * once generated.
 */
class TerraformFilesTest {
  private static final Path DIR =
      Path.of(System.getProperty("vigie.terraform.dir", ".")).toAbsolutePath();
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(password|passwd|secret|token|auth|credential|private_key).*");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Map<Path, JsonNode> parsed;

  @TempDir Path dir;

  @BeforeAll
  static void parseEveryFile() throws Exception {
    if (!Files.exists(DIR.resolve("check/node_modules/@cdktf/hcl2json/package.json"))) {
      fail(
          "the Terraform check needs Node.js and `npm ci --prefix terraform/check` (./vigie test does it)");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(DIR)) {
      files =
          walk.filter(p -> p.toString().endsWith(".tf"))
              .filter(p -> !p.toString().contains("node_modules"))
              .filter(p -> !p.toString().contains("/.terraform/"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    Run run = parse(files);
    assertThat(run.exit()).as(run.output()).isZero();
    JsonNode all = JSON.readTree(run.output());
    parsed = new java.util.TreeMap<>();
    for (Path file : files) {
      parsed.put(DIR.relativize(file), all.get(file.toString()));
    }
  }

  @Test
  void providersArePinnedVariablesDescribedAndNoSecretIsLiteral() throws IOException {
    assertThat(problems(parsed)).isEmpty();
    long providers =
        parsed.values().stream()
            .flatMap(
                f ->
                    java.util.stream.StreamSupport.stream(f.path("terraform").spliterator(), false))
            .flatMap(
                t ->
                    java.util.stream.StreamSupport.stream(
                        t.path("required_providers").spliterator(), false))
            .mapToLong(b -> b.properties().size())
            .sum();
    assertThat(providers).isGreaterThanOrEqualTo(3);
    long variables =
        parsed.values().stream().mapToLong(f -> f.path("variable").properties().size()).sum();
    assertThat(variables).isGreaterThanOrEqualTo(15);
  }

  @Test
  void theChecksCatchEachMistake() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.tf"),
            """
            terraform {
              required_providers {
                grafana = { source = "grafana/grafana", version = "~> 3.0" }
              }
            }
            variable "grafana_auth" {
              description = "A token, wrongly given a default."
              type        = string
              default     = "glsa_0123456789"
            }
            variable "undocumented" {}
            resource "grafana_data_source" "x" {
              password = "hunter2"
            }
            output "nameless" { value = 1 }
            """);
    Run run = parse(List.of(bad));
    assertThat(run.exit()).as(run.output()).isZero();
    Map<Path, JsonNode> one =
        Map.of(Path.of("bad.tf"), JSON.readTree(run.output()).get(bad.toString()));
    assertThat(problems(one))
        .anyMatch(p -> p.contains("required_version"))
        .anyMatch(p -> p.contains("provider grafana") && p.contains("~> 3.0"))
        .anyMatch(p -> p.contains("variable grafana_auth") && p.contains("default"))
        .anyMatch(p -> p.contains("variable grafana_auth") && p.contains("sensitive"))
        .anyMatch(p -> p.contains("variable undocumented") && p.contains("description"))
        .anyMatch(p -> p.contains("variable undocumented") && p.contains("type"))
        .anyMatch(p -> p.contains("password = \"hunter2\""))
        .anyMatch(p -> p.contains("glsa_"))
        .anyMatch(p -> p.contains("output nameless"));
  }

  /** Everything review would refuse in parsed Terraform files, one line each. */
  private List<String> problems(Map<Path, JsonNode> files) throws IOException {
    List<String> problems = new ArrayList<>();
    for (var entry : files.entrySet()) {
      String file = entry.getKey().toString();
      JsonNode root = entry.getValue();
      for (JsonNode terraform : root.path("terraform")) {
        if (terraform.path("required_version").asString().isEmpty()) {
          problems.add(file + ": no required_version");
        }
        for (JsonNode block : terraform.path("required_providers")) {
          for (var provider : block.properties()) {
            String version = provider.getValue().path("version").asString();
            if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
              problems.add(
                  file
                      + ": provider "
                      + provider.getKey()
                      + " not pinned to one version: "
                      + version);
            }
          }
        }
      }
      for (var variable : root.path("variable").properties()) {
        JsonNode body = variable.getValue().get(0);
        String where = file + ": variable " + variable.getKey();
        if (body.path("description").asString().length() < 10) {
          problems.add(where + ": no description");
        }
        if (body.path("type").asString().isEmpty()) {
          problems.add(where + ": no type");
        }
        if (SECRET_NAME.matcher(variable.getKey()).matches()) {
          if (body.has("default")) {
            problems.add(where + ": a secret with a default");
          }
          if (!body.path("sensitive").asBoolean(false)) {
            problems.add(where + ": a secret not marked sensitive");
          }
        }
      }
      for (var output : root.path("output").properties()) {
        if (output.getValue().get(0).path("description").asString().isEmpty()) {
          problems.add(file + ": output " + output.getKey() + " has no description");
        }
      }
      collectSecretLiterals(file, root, "", problems);
      Path source = entry.getKey().isAbsolute() ? entry.getKey() : DIR.resolve(entry.getKey());
      String text = Files.exists(source) ? Files.readString(source) : root.toString();
      for (String marker : List.of("-----BEGIN", "glsa_", "eyJrIjoi", "AKIA")) {
        if (text.contains(marker)) {
          problems.add(file + ": contains " + marker);
        }
      }
    }
    return problems;
  }

  @Test
  void moduleCallsGiveEveryRequiredVariableAndNoUnknownOne() {
    JsonNode module = parsed.get(Path.of("modules/collector_host/variables.tf")).path("variable");
    Set<String> known = new HashSet<>();
    Set<String> required = new HashSet<>();
    module
        .properties()
        .forEach(
            v -> {
              known.add(v.getKey());
              if (!v.getValue().get(0).has("default")) {
                required.add(v.getKey());
              }
            });
    JsonNode call = parsed.get(Path.of("collector/main.tf")).at("/module/collector/0");
    Set<String> given = new HashSet<>();
    call.properties().forEach(p -> given.add(p.getKey()));
    given.removeAll(Set.of("source", "for_each", "count", "providers", "depends_on"));
    assertThat(known).containsAll(given);
    assertThat(given).containsAll(required);
    assertThat(call.path("source").asString()).isEqualTo("../modules/collector_host");
  }

  @Test
  void everyDashboardFileTheGrafanaModuleReadsExistsAfterGeneration() throws Exception {
    Path generated = dir.resolve("grafana");
    new Provisioning(generated, Provisioning.DEFAULT_DASHBOARDS_PATH)
        .write(
            new Generator()
                .generate(
                    new InventoryLoader(new SecretResolver(Map.of()), false)
                        .load(DIR.resolve("../examples/inventory.yml"))));
    String main = Files.readString(DIR.resolve("grafana/main.tf"));
    assertThat(main)
        .contains("${var.generated_dir}/manifest.json")
        .contains("local.manifest.folders")
        .contains("${var.generated_dir}/${each.value.path}");
    JsonNode manifest = JSON.readTree(generated.resolve("manifest.json").toFile());
    int files = 0;
    for (JsonNode folder : manifest.path("folders")) {
      // The fields main.tf reads.
      assertThat(folder.has("uid") && folder.has("title") && folder.has("client")).isTrue();
      for (JsonNode path : folder.path("dashboards")) {
        files++;
        Path file = generated.resolve(path.asString());
        assertThat(file).as(path.asString()).exists();
        assertThat(JSON.readTree(file.toFile()).path("uid").asString()).isNotEmpty();
      }
    }
    // The NOC overview, one overview per client, one detail per target (2 clients, 3 targets).
    assertThat(files).isEqualTo(1 + 2 + 3);
    // The variable's default points where the README tells to generate.
    assertThat(
            parsed
                .get(Path.of("grafana/variables.tf"))
                .at("/variable/generated_dir/0/default")
                .asString())
        .isEqualTo("../../build/grafana");
  }

  @Test
  void cloudInitHandsOverToAnsible() throws IOException {
    String template = Files.readString(DIR.resolve("modules/collector_host/cloud-init.yaml.tftpl"));
    assertThat(template.lines().findFirst()).contains("#cloud-config");
    assertThat(template).contains("${deploy_user}").contains("ssh_pwauth: false");
    assertThat(parsed.get(Path.of("modules/collector_host/main.tf")).toString())
        .contains("templatefile(\\\"${path.module}/cloud-init.yaml.tftpl\\\"");
  }

  @Test
  void brokenHclIsRefusedWithItsFileAndLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.tf"), "resource \"x\" \"y\" {\n  a = \n}\n");
    Run run = parse(List.of(bad));
    assertThat(run.exit()).isNotZero();
    assertThat(run.output())
        .contains(bad.toString())
        .contains(":2,")
        .contains("Invalid expression");
  }

  private static void collectSecretLiterals(
      String file, JsonNode node, String key, List<String> found) {
    if (node.isObject()) {
      node.properties().forEach(p -> collectSecretLiterals(file, p.getValue(), p.getKey(), found));
    } else if (node.isArray()) {
      node.forEach(n -> collectSecretLiterals(file, n, key, found));
    } else if (node.isString()
        && SECRET_NAME.matcher(key).matches()
        && !key.equals("description")
        && !node.asString().startsWith("${")) {
      found.add(file + ": " + key + " = \"" + node.asString() + "\"");
    }
  }

  record Run(int exit, String output) {}

  private static Run parse(List<Path> files) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("node", DIR.resolve("check/parse.js").toString()));
    files.forEach(f -> command.add(f.toString()));
    Path out = Files.createTempFile("hcl2json", ".out");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(DIR.resolve("check").toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
    } catch (IOException e) {
      fail("the Terraform check needs Node.js: apt-get install -y nodejs (./vigie test does it)");
      return null;
    }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("hcl2json did not finish in 120 s");
    }
    String output = Files.readString(out);
    Files.delete(out);
    return new Run(process.exitValue(), output);
  }
}
