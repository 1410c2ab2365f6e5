package io.vigie.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlTreeReaderTest {

  private static Mapping root(String yaml) {
    YamlTreeReader.Result result = YamlTreeReader.read(yaml);
    assertThat(result.problems()).isEmpty();
    return (Mapping) result.root();
  }

  private static YamlNode value(Mapping m, String key) {
    return m.entries().get(key).value();
  }

  @Test
  void aScalarAliasHasTheAnchoredValueAtTheAliasPosition() {
    Mapping top = root("site: &site paris\nlabels: {site: *site}\n");
    Scalar site = (Scalar) value((Mapping) value(top, "labels"), "site");
    assertThat(site.text()).isEqualTo("paris");
    assertThat(site.kind()).isEqualTo(Scalar.Kind.STRING);
    assertThat(site.location()).isEqualTo(new Location(2, 16));
  }

  @Test
  void aCollectionAliasHasTheAnchoredEntries() {
    Mapping top =
        root(
            """
            first:
              credentials: &creds
                community: {env: SNMP_COMMUNITY}
                extra: [1, 2.5, true]
            second:
              credentials: *creds
            """);
    Mapping written = (Mapping) value((Mapping) value(top, "first"), "credentials");
    Mapping aliased = (Mapping) value((Mapping) value(top, "second"), "credentials");
    assertThat(aliased.entries()).isEqualTo(written.entries());
    assertThat(aliased.location()).as("where the alias is written").isEqualTo(new Location(6, 16));
    Sequence extra = (Sequence) value(aliased, "extra");
    assertThat(extra.items())
        .extracting(n -> ((Scalar) n).kind())
        .containsExactly(Scalar.Kind.INTEGER, Scalar.Kind.FLOAT, Scalar.Kind.BOOLEAN);
  }

  @Test
  void mergeKeysAddTheKeysNotWrittenAndExplicitKeysWin() {
    YamlTreeReader.Result result =
        YamlTreeReader.read(
            """
            base: &base {client: acme, kind: snmp, interval: 1m}
            site: &site {labels: {site: paris}, interval: 5m}
            one:
              <<: *base
              id: sw1
              interval: 30s
            two:
              <<: [*site, *base]
              id: sw2
            three:
              id: sw3
              <<: {kind: ssh}
              id: again
            """);
    Mapping top = (Mapping) result.root();
    Mapping one = (Mapping) value(top, "one");
    assertThat(one.entries().keySet())
        .as("merged keys where << stands, then the written ones")
        .containsExactly("client", "kind", "id", "interval");
    assertThat(((Scalar) value(one, "interval")).text()).isEqualTo("30s");
    assertThat(((Scalar) value(one, "client")).text()).isEqualTo("acme");
    Mapping two = (Mapping) value(top, "two");
    assertThat(((Scalar) value(two, "interval")).text())
        .as("the first mapping of a merged list wins")
        .isEqualTo("5m");
    assertThat(two.entries().keySet())
        .containsExactlyInAnyOrder("labels", "interval", "client", "kind", "id");
    assertThat(((Scalar) value((Mapping) value(two, "labels"), "site")).text()).isEqualTo("paris");
    Mapping three = (Mapping) value(top, "three");
    assertThat(((Scalar) value(three, "kind")).text()).isEqualTo("ssh");
    assertThat(result.problems())
        .as("a key overriding a merged one is no duplicate; a key written twice is")
        .containsExactly(
            new YamlTreeReader.Problem(
                new Location(13, 3), "three.id", null, "duplicate key (first at line 11)"));
  }

  @Test
  void aMergeKeyTakesOnlyMappings() {
    YamlTreeReader.Result result = YamlTreeReader.read("a:\n  <<: [{x: 1}, 5]\n  <<: text\n");
    assertThat(result.problems())
        .extracting(YamlTreeReader.Problem::message)
        .containsExactly(
            "a merge key (<<) takes a mapping or a list of mappings, found 5",
            "duplicate key (first at line 2)");
  }

  /** The "billion laughs": nine levels of nine aliases, 10^9 nodes once expanded. */
  @Test
  void anAliasBombIsRefusedAtTheAliasThatExceedsTheBudget() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      String previous = "*" + (char) (c - 1);
      yaml.append(c)
          .append(": &")
          .append(c)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, previous)))
          .append("]\n");
    }
    YamlTreeReader.Result result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> YamlTreeReader.read(yaml.toString()));
    assertThat(result.root()).isNull();
    assertThat(result.problems()).hasSize(1);
    YamlTreeReader.Problem problem = result.problems().get(0);
    // a..e expand to about 75,000 nodes; the first *e on line f takes the total past 100,000.
    assertThat(problem.location()).isEqualTo(new Location(6, 8));
    assertThat(problem.key()).isEqualTo("f[0]");
    assertThat(problem.value()).isEqualTo("*e");
    assertThat(problem.message())
        .isEqualTo(
            "alias expands the document beyond 100000 nodes (the limit is 10 times the 100"
                + " nodes written, and at least 100000): refused as an alias bomb")
        .doesNotContain("\n");
  }

  @Test
  void aRecursiveAliasIsRefused() {
    YamlTreeReader.Result result = YamlTreeReader.read("a: &loop\n  b: [1, *loop]\nc: 2\n");
    assertThat(result.problems())
        .containsExactly(
            new YamlTreeReader.Problem(
                new Location(2, 10),
                "a.b[1]",
                "*loop",
                "recursive alias: it refers to the node that contains it (anchored at 1:4)"));
    assertThat(((Scalar) value((Mapping) result.root(), "c")).text()).isEqualTo("2");
  }

  @Test
  void anAliasWithoutAnchorIsRefused() {
    YamlTreeReader.Result result = YamlTreeReader.read("a: *nowhere\n");
    assertThat(result.problems())
        .containsExactly(
            new YamlTreeReader.Problem(
                new Location(1, 4), "a", "*nowhere", "no anchor &nowhere is defined before it"));
  }

  @Test
  void brokenYamlGivesTheParsersReasonOnOneLine() {
    YamlTreeReader.Result result = YamlTreeReader.read("top:\n  a: 1\n  b: 2\n - c\n");
    assertThat(result.root()).isNull();
    assertThat(result.problems())
        .containsExactly(
            new YamlTreeReader.Problem(
                new Location(4, 2),
                "",
                null,
                "not valid YAML: while parsing a block mapping (started at 1:1): expected <block"
                    + " end>, but found '<block sequence start>'"));
  }

  @Test
  void aTabIndentIsExplainedOnOneLine() {
    YamlTreeReader.Result result = YamlTreeReader.read("a:\n\tb: 1\n");
    assertThat(result.problems()).hasSize(1);
    assertThat(result.problems().get(0).message())
        .startsWith("not valid YAML: ")
        .doesNotContain("\n");
    assertThat(result.problems().get(0).location().line()).isEqualTo(2);
  }

  @Test
  void aSecondDocumentIsRefused() {
    YamlTreeReader.Result result = YamlTreeReader.read("a: 1\n---\nb: 2\n");
    assertThat(result.problems())
        .extracting(YamlTreeReader.Problem::location, YamlTreeReader.Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                new Location(2, 1),
                "a second YAML document starts here: an inventory is one document"));
  }

  @Test
  void scalarsAreTypedAsBefore() {
    Map<String, Scalar.Kind> kinds =
        Map.ofEntries(
            Map.entry("5", Scalar.Kind.INTEGER),
            Map.entry("-5", Scalar.Kind.INTEGER),
            Map.entry("\"5\"", Scalar.Kind.STRING),
            Map.entry("'5'", Scalar.Kind.STRING),
            Map.entry("+5", Scalar.Kind.STRING),
            Map.entry("017", Scalar.Kind.STRING),
            Map.entry("0x1F", Scalar.Kind.STRING),
            Map.entry("1.5", Scalar.Kind.FLOAT),
            Map.entry("1e3", Scalar.Kind.FLOAT),
            Map.entry(".inf", Scalar.Kind.FLOAT),
            Map.entry("true", Scalar.Kind.BOOLEAN),
            Map.entry("false", Scalar.Kind.BOOLEAN),
            Map.entry("True", Scalar.Kind.STRING),
            Map.entry("yes", Scalar.Kind.STRING),
            Map.entry("'true'", Scalar.Kind.STRING),
            Map.entry("null", Scalar.Kind.NULL),
            Map.entry("", Scalar.Kind.NULL),
            Map.entry("~", Scalar.Kind.STRING),
            Map.entry("!!str 6", Scalar.Kind.STRING),
            Map.entry("!!int \"7\"", Scalar.Kind.INTEGER),
            Map.entry("|\n  text", Scalar.Kind.STRING),
            Map.entry("1h30m", Scalar.Kind.STRING));
    kinds.forEach(
        (written, kind) -> {
          Scalar s = (Scalar) value(root("k: " + written + "\n"), "k");
          assertThat(s.kind()).as(written).isEqualTo(kind);
          if (kind == Scalar.Kind.NULL) {
            assertThat(s.text()).isNull();
          }
        });
    assertThat(((Scalar) value(root("k: \"5\"\n"), "k")).text()).isEqualTo("5");
  }

  @Test
  void locationsAreOneBasedForKeysAndValues() {
    Mapping top = root("a:\n  - {id: x, n: 1}\n");
    Mapping item = (Mapping) ((Sequence) value(top, "a")).items().get(0);
    assertThat(item.location()).isEqualTo(new Location(2, 5));
    assertThat(item.entries().get("n").keyLocation()).isEqualTo(new Location(2, 13));
    assertThat(value(item, "n").location()).isEqualTo(new Location(2, 16));
    assertThat(List.of(top.location())).containsExactly(Location.START);
  }
}
