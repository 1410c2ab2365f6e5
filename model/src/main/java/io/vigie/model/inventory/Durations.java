package io.vigie.model.inventory;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code
 * 2d}.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  default -> Duration.ofDays(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  /** The shortest form {@link #parse} reads back, for messages and generated files. */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
