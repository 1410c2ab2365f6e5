package io.vigie.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatsTest {
  @Test
  void aPeerRunAtHalfItsUsualRateIsFlaggedAndItsRoundLeftOut() {
    // The run behind the 2.8x once reported: the exporter at 43,902 where it does 84,000 to
    // 94,000 on a quiet machine.
    List<Double> exporter = List.of(84_000.0, 43_902.0, 91_000.0, 88_000.0);
    List<Double> vigie = List.of(96_000.0, 123_406.0, 99_000.0, 97_000.0);

    Repeats.Ratio ratio = Repeats.ratio(vigie, exporter);

    assertThat(Repeats.outliers(exporter)).containsExactly(1);
    assertThat(ratio.flagged()).containsExactly(1);
    assertThat(ratio.used()).isEqualTo(3);
    // Vigie's 123,406 of that round is past its other runs too.
    assertThat(Repeats.outliers(vigie)).containsExactly(1);
    assertThat(ratio.median()).isCloseTo(97_000.0 / 88_000, within(1e-9));
    assertThat(ratio.min()).isCloseTo(99_000.0 / 91_000, within(1e-9));
    assertThat(ratio.max()).isCloseTo(96_000.0 / 84_000, within(1e-9));
  }

  @Test
  void anOutlyingVigieRunIsLeftOutToo() {
    Repeats.Ratio ratio =
        Repeats.ratio(List.of(82_614.0, 39_709.0, 80_000.0), List.of(42_800.0, 41_000.0, 40_000.0));

    assertThat(ratio.flagged()).containsExactly(1);
    assertThat(ratio.used()).isEqualTo(2);
  }

  @Test
  void withFewerThanThreeRepeatsNothingCanBeOutvotedAndEveryRoundCounts() {
    Repeats.Ratio ratio = Repeats.ratio(List.of(80_000.0, 40_000.0), List.of(40_000.0, 40_000.0));

    assertThat(ratio.flagged()).isEmpty();
    assertThat(ratio.used()).isEqualTo(2);
    assertThat(ratio.median()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void roundsAreLeftOutWhereEitherSideIsOdd() {
    // Each side's odd one out in another round: no round has both sides usable.
    Repeats.Ratio ratio = Repeats.ratio(List.of(1.0, 1.0, 1.0, 9.0), List.of(1.0, 9.0, 9.0, 9.0));

    assertThat(ratio.flagged()).containsExactly(0, 3);
    assertThat(ratio.used()).isEqualTo(2);
    assertThat(Repeats.ratio(List.of(9.0, 1.0, 1.0), List.of(1.0, 9.0, 9.0)).flagged())
        .containsExactly(0);
  }

  @Test
  void oddRoundsOnBothSidesAreLeftOutAndNoRoundsGiveNoRatio() {
    Repeats.Ratio ratio = Repeats.ratio(List.of(9.0, 1.0, 1.0), List.of(1.0, 9.0, 1.0));

    assertThat(ratio.flagged()).containsExactly(0, 1);
    assertThat(ratio.used()).isEqualTo(1);
    assertThat(Repeats.ratio(List.of(), List.of()).usable()).isFalse();
    assertThat(Repeats.ratio(List.of(), List.of()).median()).isNaN();
  }
}
