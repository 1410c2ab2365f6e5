package io.vigie.alerting.status;

import java.time.Instant;

/**
 * An operator saying "we know" about a target in ERROR or DEAD: its problem notifications (and
 * reminders) stop until it gets better than ERROR; the recovery is still sent.
 */
public record Acknowledgement(
    String target, Status status, String author, String comment, Instant time) {}
