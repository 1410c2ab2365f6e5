package io.vigie.alerting.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.inventory.Comparison;
import io.vigie.model.inventory.ThresholdRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One rule, a series of values one evaluation apart, the statuses expected after each. */
class ThresholdCheckTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          below both levels stays RUN             | above | 0  | 0 | 10 20 30        | RUN RUN RUN
          warning then error then back            | above | 0  | 0 | 86 96 50        | WARNING ERROR RUN
          exactly at the level is not beyond      | above | 0  | 0 | 85 95            | RUN WARNING
          hysteresis holds ERROR inside margin    | above | 5  | 0 | 96 93 91 89      | ERROR ERROR ERROR WARNING
          hysteresis holds WARNING inside margin  | above | 5  | 0 | 86 82 81 80.5 80 | WARNING WARNING WARNING WARNING RUN
          hovering at the level does not toggle   | above | 5  | 0 | 91 89 91 89 91   | WARNING WARNING WARNING WARNING WARNING
          for: pending until it lasted            | above | 0  | 2 | 96 96 96 96      | RUN RUN ERROR ERROR
          for: a dip restarts the timer           | above | 0  | 2 | 96 50 96 96 96   | RUN RUN RUN RUN ERROR
          for: warning while error is pending     | above | 0  | 2 | 86 86 96 96 96   | RUN RUN WARNING WARNING ERROR
          for: recovery is immediate              | above | 0  | 2 | 96 96 96 10      | RUN RUN ERROR RUN
          below: free space running out           | below | 0  | 0 | 50 15 5 50       | RUN WARNING ERROR RUN
          below: hysteresis on the other side     | below | 2  | 0 | 5 11 12.5 21 23  | ERROR ERROR WARNING WARNING RUN
          """)
  void statusesFollowTheValues(
      String name,
      String comparison,
      double recovery,
      int forSteps,
      String values,
      String expected) {
    boolean above = comparison.equals("above");
    ThresholdRule rule =
        new ThresholdRule(
            "m.f",
            Map.of(),
            above ? Comparison.ABOVE : Comparison.BELOW,
            above ? 85 : 20,
            above ? 95 : 10,
            Duration.ofSeconds(10L * forSteps),
            recovery);
    CheckState state = CheckState.fresh("m.f", T0);
    String[] v = values.trim().split(" +");
    StringBuilder got = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      state =
          ThresholdCheck.evaluate(rule, state, Double.parseDouble(v[i]), T0.plusSeconds(10L * i));
      got.append(i > 0 ? " " : "").append(state.status());
    }
    assertThat(got.toString()).as(name).isEqualTo(expected.trim());
  }
}
