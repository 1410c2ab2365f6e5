package io.vigie.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagRulesTest {
  @Test
  void whatInfluxDb1CannotStoreHasAReason() {
    assertThat(TagRules.valueProblem("")).hasValueSatisfying(r -> assertThat(r).contains("empty"));
    assertThat(TagRules.valueProblem("\\")).hasValueSatisfying(r -> assertThat(r).contains("end"));
    assertThat(TagRules.valueProblem("a\\\\")).isPresent();
    assertThat(TagRules.valueProblem("a\nb"))
        .hasValueSatisfying(r -> assertThat(r).contains("line"));
    assertThat(TagRules.valueProblem("a\ud800"))
        .hasValueSatisfying(r -> assertThat(r).contains("Unicode"));
    assertThat(TagRules.valueProblem("é".repeat(513)))
        .hasValueSatisfying(r -> assertThat(r).contains("1026"));
    assertThat(TagRules.keyProblem("time")).isPresent();
    assertThat(TagRules.valueProblem("time")).isEmpty();
  }

  @Test
  void whatItStoresExactlyPasses() {
    for (String ok :
        new String[] {
          "a\\ b", "\\,a", "a\\=b", "a\rb", "\r", "a\tb", "a\u0000b", " ", "é東😀", "\\a"
        }) {
      assertThat(TagRules.valueProblem(ok)).as(ok).isEmpty();
      assertThat(TagRules.keyProblem(ok)).as(ok).isEmpty();
    }
  }

  @Test
  void reservedTagsComeFromTheSchema() {
    assertThat(TagRules.reserved())
        .containsKeys(
            "target",
            "client",
            "kind",
            "collector",
            "cpu",
            "device",
            "mount",
            "interface",
            "ifindex",
            "check",
            "meter",
            "index",
            "descr");
    for (MeasurementDef m : Schema.ALL) {
      for (String tag : m.tags()) {
        assertThat(TagRules.reserved().get(tag)).contains("measurement " + m.name());
      }
    }
  }
}
