package io.vigie.alerting.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
  final LoginThrottle throttle = new LoginThrottle(clock);

  void fail(String name, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(name);
    }
  }

  @Test
  void fourFailuresAreFreeTheFifthLocksTheNameForAMinute() {
    fail("nora", LoginThrottle.FREE_FAILURES - 1);
    assertThat(throttle.lockedUntil("nora")).isNull();
    throttle.failed("nora");
    assertThat(throttle.lockedUntil("nora")).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(throttle.lockedUntil("lena")).as("another name is not locked").isNull();
    clock.advance(Duration.ofSeconds(61));
    assertThat(throttle.lockedUntil("nora")).isNull();
  }

  @Test
  void eachFurtherFailureDoublesTheLockUpToAQuarterOfAnHour() {
    fail("nora", LoginThrottle.FREE_FAILURES);
    clock.advance(Duration.ofMinutes(2));
    throttle.failed("nora");
    assertThat(throttle.lockedUntil("nora")).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
    fail("nora", 10);
    assertThat(throttle.lockedUntil("nora"))
        .isEqualTo(clock.instant().plus(LoginThrottle.LONGEST_LOCK));
  }

  @Test
  void aSuccessOrAnHourWithoutFailureStartsAfresh() {
    fail("nora", LoginThrottle.FREE_FAILURES - 1);
    throttle.succeeded("nora");
    throttle.failed("nora");
    assertThat(throttle.lockedUntil("nora")).isNull();
    fail("lena", LoginThrottle.FREE_FAILURES - 1);
    clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
    throttle.failed("lena");
    assertThat(throttle.lockedUntil("lena")).isNull();
  }
}
