package io.vigie.collector.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.collector.snmp.CounterRates.Outcome;
import io.vigie.collector.snmp.CounterRates.Result;
import org.junit.jupiter.api.Test;

class CounterRatesTest {
  /** 1 Gb/s in bytes per second: the ceiling of the octet counters of a gigabit interface. */
  private static final double GIGABIT = 125_000_000.0;

  private static final double UNKNOWN = Double.POSITIVE_INFINITY;

  private final CounterRates rates = new CounterRates();

  private Result read(long value, long seconds, double ceiling) {
    return rates.read(0, "1", value, false, seconds * 1000, ceiling);
  }

  private Result read64(long value, long seconds, double ceiling) {
    return rates.read(0, "1", value, true, seconds * 1000, ceiling);
  }

  @Test
  void a32BitCounterClearedAbove2To31IsADiscontinuityNotAWrapOnAGigabitInterface() {
    assertThat(read(3_000_000_000L, 0, GIGABIT).outcome()).isEqualTo(Outcome.BASELINE);
    // Through a wrap: 1,000,000 + 2^32 - 3,000,000,000 = 1,295,967,296 bytes in 5 s, 2 Gb/s.
    assertThat(read(1_000_000L, 5, GIGABIT))
        .isEqualTo(new Result(Outcome.DISCONTINUITY, 259_193_459.2));
    // The cleared value is the new baseline: a full link since then.
    assertThat(read(626_000_000L, 10, GIGABIT)).isEqualTo(new Result(Outcome.RATE, 125_000_000));
  }

  @Test
  void aGenuine32BitWrapStillGivesTheTrueRate() {
    read(4_294_000_000L, 0, GIGABIT);
    // 967,296 bytes to the wrap, then 300,000,000: 300,967,296 bytes in 5 s.
    assertThat(read(300_000_000L, 5, GIGABIT)).isEqualTo(new Result(Outcome.RATE, 60_193_459.2));
  }

  @Test
  void withoutASpeedTheHalfRangeRuleDecidesAsBefore() {
    read(3_000_000_000L, 0, UNKNOWN);
    // Within half the range through the wrap: taken for a wrap, the only evidence there is.
    assertThat(read(1_000_000L, 5, UNKNOWN)).isEqualTo(new Result(Outcome.RATE, 259_193_459.2));
    assertThat(read(1_000_000_000L, 10, 0).rate()).hasValue(199_800_000);
    // Beyond half the range: a reset.
    assertThat(read(10L, 15, 0)).isEqualTo(new Result(Outcome.RESET, 0));
  }

  @Test
  void a64BitCounterJumpingAboveTheLineRateIsADiscontinuity() {
    read64(10_000_000_000L, 0, GIGABIT);
    // 5,000,000,000 bytes in 5 s: 8 Gb/s on a 1 Gb/s interface.
    assertThat(read64(15_000_000_000L, 5, GIGABIT))
        .isEqualTo(new Result(Outcome.DISCONTINUITY, 1_000_000_000));
    assertThat(read64(15_500_000_000L, 10, GIGABIT))
        .isEqualTo(new Result(Outcome.RATE, 100_000_000));
    // Going down is a reset, as before.
    assertThat(read64(5L, 15, GIGABIT)).isEqualTo(new Result(Outcome.RESET, 0));
  }

  @Test
  void aSmallToleranceAboveTheLineRateIsStillARate() {
    read(0, 0, GIGABIT);
    // 1.12 Gb/s measured on a 1 Gb/s link: timing, not a jump.
    assertThat(read(700_000_000L, 5, GIGABIT)).isEqualTo(new Result(Outcome.RATE, 140_000_000));
  }

  @Test
  void aSpeedThatIsAlwaysExceededIsNotTrusted() {
    // net-snmp says lo is 10 Mb/s (1,250,000 bytes/s) and lo carries 5,000,000 bytes/s.
    double lo = 1_250_000;
    read(0, 0, lo);
    assertThat(read(25_000_000L, 5, lo).outcome()).isEqualTo(Outcome.DISCONTINUITY);
    assertThat(read(50_000_000L, 10, lo)).isEqualTo(new Result(Outcome.RATE, 5_000_000));
    assertThat(read(75_000_000L, 15, lo)).isEqualTo(new Result(Outcome.RATE, 5_000_000));
    assertThat(read(75_500_000L, 20, lo)).isEqualTo(new Result(Outcome.RATE, 100_000));
    // Trusted again once under it.
    assertThat(read(100_500_000L, 25, lo).outcome()).isEqualTo(Outcome.DISCONTINUITY);
  }

  @Test
  void aCounterThatSwitchesBetween64And32BitColumnsIsNotComparedAcrossThem() {
    // The row answered ifHCInOctets, then only ifInOctets: before, the 32-bit value was read as a
    // wrap of the 64-bit one, a rate of about 2^64 bytes.
    read64(10_000_000_000L, 0, UNKNOWN);
    assertThat(read(5L, 5, UNKNOWN)).isEqualTo(new Result(Outcome.RESET, 0));
    assertThat(read(1_005L, 10, UNKNOWN)).isEqualTo(new Result(Outcome.RATE, 200));
  }

  @Test
  void aRebootDropsEveryBaseline() {
    rates.uptime(1_000);
    read(3_000_000_000L, 0, GIGABIT);
    rates.uptime(10);
    assertThat(read(2_000_000_000L, 5, GIGABIT).outcome()).isEqualTo(Outcome.BASELINE);
  }

  @Test
  void aRowNotReadInAPollIsForgottenWhenThePollEnds() {
    double none = Double.POSITIVE_INFINITY;
    rates.read(0, "1", 100, false, 0, none);
    rates.read(0, "2", 100, false, 0, none);
    rates.endPoll();
    rates.read(0, "1", 200, false, 10_000, none);
    rates.endPoll(); // interface 2 went away

    assertThat(rates.read(0, "2", 300, false, 20_000, none).outcome()).isEqualTo(Outcome.BASELINE);
    assertThat(rates.read(0, "1", 300, false, 20_000, none).outcome()).isEqualTo(Outcome.RATE);
    assertThat(rates.read(1, "1", 300, false, 20_000, none).outcome())
        .as("another column, the same row: a counter of its own")
        .isEqualTo(Outcome.BASELINE);
  }
}
