package io.vigie.collector.logs;

import io.vigie.collector.point.Point;
import io.vigie.model.inventory.Target;
import io.vigie.model.logs.LogRule;
import io.vigie.model.schema.LogSchema;
import io.vigie.model.schema.Schema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inventory's log rules applied to each attributed line as it arrives: matches are counted per
 * target and rule with the last few lines, and {@link #drain} turns them into {@code logmatch}
 * points (one per target and rule that matched since the last drain). The alerting service sums
 * those over each rule's window: the regular expressions run here once per line, in Java's syntax
 * as the validator checked them, never as InfluxQL over stored lines.
 */
public final class LogMatches {
  private final String collector;
  private volatile Map<String, List<LogRule>> rules = Map.of();
  private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

  private record Key(String client, String target, String rule) {}

  private static final class Tally {
    long count;
    final ArrayDeque<String> lines = new ArrayDeque<>();
  }

  public LogMatches(String collector, Collection<Target> targets) {
    this.collector = collector;
    targets(targets);
  }

  /** The rules of the inventory's new targets, for the next lines. */
  public void targets(Collection<Target> targets) {
    Map<String, List<LogRule>> next = new HashMap<>();
    for (Target t : targets) {
      if (!t.logs().rules().isEmpty()) {
        next.put(t.id(), t.logs().rules());
      }
    }
    rules = Map.copyOf(next);
  }

  /** Applies the target's rules to one of its lines. */
  public void offer(String client, String target, int severityCode, String message) {
    List<LogRule> own = rules.get(target);
    if (own == null) {
      return;
    }
    for (LogRule rule : own) {
      if (rule.matches(severityCode, message)) {
        Tally tally =
            tallies.computeIfAbsent(new Key(client, target, rule.name()), k -> new Tally());
        synchronized (tally) {
          tally.count++;
          tally.lines.addLast(quoted(message));
          while (tally.lines.size() > LogSchema.QUOTED_LINES) {
            tally.lines.removeFirst();
          }
        }
      }
    }
  }

  /** The points of what matched since the last call, at {@code timeMillis}; the tallies restart. */
  public List<Point> drain(long timeMillis) {
    List<Point> points = new ArrayList<>();
    for (Key key : List.copyOf(tallies.keySet())) {
      Tally tally = tallies.remove(key);
      if (tally == null) {
        continue;
      }
      synchronized (tally) {
        points.add(
            Point.builder(LogSchema.MATCH_MEASUREMENT)
                .tag(Schema.TAG_COLLECTOR, collector)
                .tag(Schema.TAG_CLIENT, key.client())
                .tag(Schema.TAG_TARGET, key.target())
                .tag(LogSchema.TAG_RULE, key.rule())
                .field(LogSchema.MATCHES, tally.count)
                .field(LogSchema.LINES, String.join("\n", tally.lines))
                .time(timeMillis)
                .build());
      }
    }
    return points;
  }

  /** The line as quoted: one line (line breaks and other controls as spaces), cut. */
  private static String quoted(String message) {
    StringBuilder b = new StringBuilder(Math.min(message.length(), LogSchema.QUOTED_LENGTH));
    for (int i = 0; i < message.length() && b.length() < LogSchema.QUOTED_LENGTH; i++) {
      char c = message.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    if (message.length() > LogSchema.QUOTED_LENGTH) {
      b.append('…');
    }
    return b.toString().strip();
  }
}
