package io.vigie.alerting.notify;

import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * How the notifier behaves.
 *
 * @param groupWindow changes for one client within this window go out as one mail
 * @param reminderEvery reminders of an unacknowledged ERROR or DEAD; zero for none
 * @param retryFor a mail that cannot be sent is retried this long after it was queued (or resent),
 *     then dead-lettered: as long as the notice is worth sending, not a number of attempts (eight
 *     attempts gave up after a 63-minute relay outage)
 * @param nocAddress an address that gets every mail of every client and the pipeline conditions;
 *     null for none
 * @param dashboardUrl a target's dashboard, with {@code {target}} in it; null for no link
 * @param maxAge decisions older than this when first read are not mailed (mails just turned on)
 * @param stuckAfter mails failing this long raise the pipeline condition {@code mail}
 */
public record NotifySettings(
    Duration groupWindow,
    Duration reminderEvery,
    Duration retryFor,
    Duration minBackoff,
    Duration maxBackoff,
    @Nullable String nocAddress,
    @Nullable String dashboardUrl,
    ZoneId zone,
    Duration maxAge,
    Duration stuckAfter) {

  public static NotifySettings defaults() {
    return new NotifySettings(
        Duration.ofSeconds(30),
        Duration.ofHours(4),
        Duration.ofHours(24),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        null,
        null,
        ZoneId.of("UTC"),
        Duration.ofHours(1),
        Duration.ofMinutes(5));
  }

  /** The wait before attempt {@code attempts + 1}: doubling from the minimum to the maximum. */
  Duration backoff(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
    Duration d = minBackoff.multipliedBy(factor);
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
