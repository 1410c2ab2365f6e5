package io.vigie.alerting.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the log rules matched, read from the {@code logmatch} points over each window a rule uses
 * (its {@code within} and its {@code clear_after}), ending at the evaluation's time. Read whole at
 * every evaluation: the counts are sums over absolute windows, so a restart of the service changes
 * nothing.
 */
public record LogWindows(Map<Duration, Map<Key, Matched>> byWindow, boolean read) {
  public static final LogWindows NONE = new LogWindows(Map.of());

  /**
   * Not read in this evaluation (the points that came by the stream carry no window's sum): the log
   * checks stay as they are until the next read.
   */
  public static final LogWindows UNREAD = new LogWindows(Map.of(), false);

  public LogWindows {
    byWindow = Map.copyOf(byWindow);
  }

  /** Windows read from InfluxDB. */
  public LogWindows(Map<Duration, Map<Key, Matched>> byWindow) {
    this(byWindow, true);
  }

  /** A target's rule. */
  public record Key(String target, String rule) {}

  /**
   * The lines that matched in one window.
   *
   * @param lines the last matching lines quoted by the collector, oldest first
   */
  public record Matched(long count, List<String> lines) {
    public Matched {
      lines = List.copyOf(lines);
    }
  }

  private static final Matched NOTHING = new Matched(0, List.of());

  /** What matched the target's rule within {@code window}; nothing when it was not read. */
  public Matched in(Duration window, String target, String rule) {
    return byWindow.getOrDefault(window, Map.of()).getOrDefault(new Key(target, rule), NOTHING);
  }
}
