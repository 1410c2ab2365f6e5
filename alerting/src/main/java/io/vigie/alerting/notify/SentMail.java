package io.vigie.alerting.notify;

import java.time.Instant;

/**
 * A mail the SMTP server took, as the console lists it: to whom, about what, when.
 *
 * @param audience the client id it was for, or the NOC's
 */
public record SentMail(String key, String recipient, String audience, String subject, Instant at) {}
