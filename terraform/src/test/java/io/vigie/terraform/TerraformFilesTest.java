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
  void everyProviderIsPinnedToOneVersion() {
    int providers = 0;
    for (var entry : parsed.entrySet()) {
      for (JsonNode terraform : entry.getValue().path("terraform")) {
        assertThat(terraform.path("required_version").asString())
            .as(entry.getKey() + ": required_version")
            .isNotEmpty();
        for (JsonNode block : terraform.path("required_providers")) {
          for (var provider : block.properties()) {
            providers++;
            assertThat(provider.getValue().path("version").asString())
                .as(entry.getKey() + ": provider " + provider.getKey())
                .matches("\\d+\\.\\d+\\.\\d+");
            assertThat(provider.getValue().path("source").asString()).contains("/");
          }
        }
      }
    }
    assertThat(providers).isGreaterThanOrEqualTo(3);
  }

  @Test
  void everyVariableIsDescribedAndTypedAndNoSecretHasADefault() {
    int variables = 0;
    for (var entry : parsed.entrySet()) {
      for (var variable : entry.getValue().path("variable").properties()) {
        variables++;
        JsonNode body = variable.getValue().get(0);
        String where = entry.getKey() + ": variable " + variable.getKey();
        assertThat(body.path("description").asString()).as(where).hasSizeGreaterThan(10);
        assertThat(body.path("type").asString()).as(where).isNotEmpty();
        if (SECRET_NAME.matcher(variable.getKey()).matches()) {
          assertThat(body.has("default")).as(where + " is a secret: no default").isFalse();
          assertThat(body.path("sensitive").asBoolean(false)).as(where + " sensitive").isTrue();
        }
      }
      for (var output : entry.getValue().path("output").properties()) {
        assertThat(output.getValue().get(0).path("description").asString())
            .as(entry.getKey() + ": output " + output.getKey())
            .isNotEmpty();
      }
    }
    assertThat(variables).isGreaterThanOrEqualTo(15);
  }

  @Test
  void noSecretIsWrittenAsALiteral() throws IOException {
    List<String> literals = new ArrayList<>();
    for (var entry : parsed.entrySet()) {
      collectSecretLiterals(entry.getKey().toString(), entry.getValue(), "", literals);
      String text = Files.readString(DIR.resolve(entry.getKey()));
      for (String marker : List.of("-----BEGIN", "glsa_", "eyJrIjoi", "AKIA")) {
        if (text.contains(marker)) {
          literals.add(entry.getKey() + ": contains " + marker);
        }
      }
    }
    assertThat(literals).isEmpty();
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
    assertThat(files).isEqualTo(4);
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
