package io.vigie.collector.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.poll.FailureKind;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The schedule of retries after failed connections, on a ticker the test moves: no waiting. */
class BackoffTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theWaitDoublesFromFiveSecondsUpToFiveMinutes() {
    SshFailure reason = new SshFailure(FailureKind.REFUSED, "connection refused: h:22");
    long now = 1_000 * SECOND;
    Backoff backoff = Backoff.first(reason, now);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      waits.add((backoff.nextAttemptNanos() - now) / SECOND);
      backoff = backoff.next(reason, now);
    }
    assertThat(waits)
        .containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L, 300L, 300L, 300L);
    assertThat(backoff.failures()).isEqualTo(13);
  }

  @Test
  void inBetweenAPollFailsAtOnceWithTheLastReasonAndTheWaitLeft() {
    SshFailure reason = new SshFailure(FailureKind.TIMEOUT, "timeout: no SSH session");
    Backoff backoff = Backoff.first(reason, 0);
    assertThat(backoff.waiting(SECOND)).isTrue();
    SshFailure failure = backoff.failure(SECOND);
    assertThat(failure.failureKind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.getMessage()).isEqualTo("timeout: no SSH session (next attempt in 4 s)");
    assertThat(backoff.failure(5 * SECOND - 1).getMessage()).endsWith("(next attempt in 1 s)");
    assertThat(backoff.waiting(5 * SECOND)).isFalse();
  }

  @Test
  void sessionsLeaveARefusingTargetAloneUntilTheirTickerSaysSo() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed below: nothing listens there, connecting is refused
    }
    AtomicLong ticker = new AtomicLong(42 * SECOND);
    SshSessions.Login login =
        new SshSessions.Login(
            "dead",
            "127.0.0.1",
            port,
            "nobody",
            null,
            false,
            null,
            null,
            null,
            Duration.ofSeconds(5));
    try (SshSessions sessions = new SshSessions(null, ticker::get)) {
      String refused = "connection refused: 127.0.0.1:" + port;
      assertThat(failure(sessions, login)).isEqualTo(refused);
      assertThat(failure(sessions, login)).isEqualTo(refused + " (next attempt in 5 s)");
      ticker.addAndGet(4 * SECOND);
      assertThat(failure(sessions, login)).isEqualTo(refused + " (next attempt in 1 s)");
      ticker.addAndGet(SECOND);
      assertThat(failure(sessions, login)).as("tried again").isEqualTo(refused);
      assertThat(failure(sessions, login)).isEqualTo(refused + " (next attempt in 10 s)");
      // Closing the target (it left the inventory, or its session broke) keeps its backoff.
      sessions.close("dead");
      assertThat(failure(sessions, login)).isEqualTo(refused + " (next attempt in 10 s)");
      ticker.addAndGet(10 * SECOND);
      assertThat(failure(sessions, login)).isEqualTo(refused);
      assertThat(failure(sessions, login)).isEqualTo(refused + " (next attempt in 20 s)");
    }
  }

  private static String failure(SshSessions sessions, SshSessions.Login login) throws Exception {
    try {
      sessions.exec(login, "true", Duration.ofSeconds(5), 1024).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(SshFailure.class);
      assertThat(((SshFailure) e.getCause()).failureKind()).isEqualTo(FailureKind.REFUSED);
      return e.getCause().getMessage();
    }
    throw new AssertionError("the command ran on a target that refuses connections");
  }
}
