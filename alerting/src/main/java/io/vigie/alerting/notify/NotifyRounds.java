package io.vigie.alerting.notify;

import io.vigie.alerting.status.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * When the notifier's rounds run, on the thread that runs them: as a grouping window ends, and at
 * the latest one tick after the previous round (retries, reminders, mails queued by others). A
 * round at every tick only sent a mail at the first tick after its window, up to a tick late (1 s
 * of the breach-to-inbox time; issue 20). The windows are those of the groups the notifier holds
 * and of the decisions stored since its last read, which the service tells {@link #decided}.
 *
 * <p>The wait is inside the run, so the loop's orderly stop holds: {@link #stop} ends a wait at
 * once, and a round in progress finishes its message and starts no other.
 */
public final class NotifyRounds implements Runnable {
  private final Notifier notifier;
  private final Duration window;
  private final Duration tick;
  private final Clock clock;
  private final Object bell = new Object();
  // The earliest window end among the decisions told since the last round started; null for none.
  private @Nullable Instant told;
  private boolean stopping;
  // When the last round started, on the notifier's clock. Only this thread reads and writes it.
  private Instant lastRound = Instant.EPOCH;

  /**
   * @param window the grouping window ({@code group-window})
   * @param tick the longest wait between rounds ({@code mail.tick})
   * @param clock the notifier's clock, on which decisions are dated
   */
  public NotifyRounds(Notifier notifier, Duration window, Duration tick, Clock clock) {
    this.notifier = notifier;
    this.window = window;
    this.tick = tick;
    this.clock = clock;
  }

  /** A decision was stored: a round runs when its window ends. Called by the deciding thread. */
  public void decided(Decision decision) {
    Instant end = decision.time().plus(window);
    synchronized (bell) {
      if (told == null || end.isBefore(told)) {
        told = end;
        bell.notifyAll();
      }
    }
  }

  /** Ends a wait at once; rounds after this send nothing ({@link Notifier#stop}). */
  public void stop() {
    notifier.stop();
    synchronized (bell) {
      stopping = true;
      bell.notifyAll();
    }
  }

  /** Waits until a window ends or a tick has passed, then runs one round. */
  @Override
  public void run() {
    try {
      if (!await()) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Instant start = clock.instant();
    synchronized (bell) {
      // Decisions told before now are stored (the service tells after its commit): this round
      // reads them. One told from here on asks for a round of its own.
      told = null;
    }
    notifier.tick();
    lastRound = start;
  }

  /** False when stopping. */
  private boolean await() throws InterruptedException {
    // A group whose window ended before the last round started is one whose mail could not be
    // stored: it is tried again at the tick, not in a loop. Groups change only in rounds, on this
    // thread: read once.
    Instant groupEnd = notifier.windowEnd(lastRound);
    // The tick on the monotonic clock: a wall clock set back never stretches the wait.
    long tickEnd = System.nanoTime() + tick.toNanos();
    synchronized (bell) {
      while (!stopping) {
        long left = tickEnd - System.nanoTime();
        Instant end = earliest(groupEnd, told);
        if (end != null) {
          left = Math.min(left, Duration.between(clock.instant(), end).toNanos());
        }
        if (left <= 0) {
          return true;
        }
        // Object.wait rounds up to the millisecond: never woken before the window ends.
        TimeUnit.NANOSECONDS.timedWait(bell, left);
      }
      return false;
    }
  }

  private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
