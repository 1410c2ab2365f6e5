package io.vigie.alerting.store;

import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a service-level report needs besides the transitions, recorded with each evaluation in the
 * state store's transaction: when the service evaluated (spans of successful InfluxDB reads), when
 * each target's collector was silent (stale spans), and when each target was in the inventory (its
 * lives). Outside these a status is not known, and a report counts that time as unknown.
 *
 * <p>Rows are kept: they are the proof of a month's figures. Growth is bounded by events, not by
 * evaluations: an evaluated span is one row updated in place while evaluations follow each other, a
 * stale span one row per silence of a collector, a life one row per entry into the inventory.
 *
 * <p>Reads take the store's lock one short indexed query at a time, so that a report being built
 * delays an evaluation's commit by one query at most, never by the whole report.
 *
 * <p>One file, just past 400 lines: what a cycle records and what reports read back share the
 * tables and the in-memory sets kept in step with them (alive, stale, the last evaluated span).
 */
public final class Journal {
  /** A span of time, {@code [from, to]}; {@code to} null while it lasts. */
  public record Span(Instant from, @Nullable Instant to) {}

  /** One stay of a target in the inventory, from its first evaluation; removed null while in it. */
  public record Life(
      String target, String client, String kind, Instant added, @Nullable Instant removed) {}

  /**
   * A target's transitions around a period.
   *
   * @param before its last transition before the period, null if none
   * @param within its transitions in the period, in time order
   */
  public record Transitions(@Nullable Transition before, List<Transition> within) {}

  private final Connection db;
  private final Object lock;
  private final Duration gap;
  // As committed: the newest evaluated span, the targets with an open stale span, with an open
  // life. Changes made in a transaction are staged and applied only once it commits.
  private @Nullable Span last;
  private boolean swept;
  private final Set<String> stale = new HashSet<>();
  private final Set<String> alive = new HashSet<>();
  private final List<Runnable> staged = new ArrayList<>();

  private Journal(Connection db, Object lock, Duration gap) {
    this.db = db;
    this.lock = lock;
    this.gap = gap;
  }

  /**
   * Creates the journal's tables if needed, gives the transitions stored before it their time
   * column, and loads what is open.
   *
   * @param lock the store's lock, taken by each read
   * @param gap the longest time between two successful evaluations of one evaluated span
   */
  static Journal open(Connection db, Object lock, Duration gap) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS evaluated(started TIMESTAMP(9) WITH TIME ZONE PRIMARY KEY,"
              + " ended TIMESTAMP(9) WITH TIME ZONE NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS stale_span(target VARCHAR NOT NULL,"
              + " started TIMESTAMP(9) WITH TIME ZONE NOT NULL, ended TIMESTAMP(9) WITH TIME ZONE,"
              + " PRIMARY KEY(target, started))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS life(target VARCHAR NOT NULL, client VARCHAR NOT NULL,"
              + " kind VARCHAR NOT NULL, added TIMESTAMP(9) WITH TIME ZONE NOT NULL,"
              + " removed TIMESTAMP(9) WITH TIME ZONE, PRIMARY KEY(target, added))");
      s.execute("CREATE INDEX IF NOT EXISTS life_client ON life(client, added)");
      // Reports read a target's transitions by time; the body alone cannot be range-queried.
      s.execute(
          "ALTER TABLE transition ADD COLUMN IF NOT EXISTS changed_at"
              + " TIMESTAMP(9) WITH TIME ZONE");
    }
    migrateTransitionTimes(db);
    try (Statement s = db.createStatement()) {
      s.execute("CREATE INDEX IF NOT EXISTS transition_time ON transition(target, changed_at)");
    }
    db.commit();
    Journal journal = new Journal(db, lock, gap);
    journal.load();
    return journal;
  }

  /**
   * Transitions stored before the time column had none: it is read from their body, once, a page at
   * a time so that a long history does not have to fit in memory.
   */
  private static void migrateTransitionTimes(Connection db) throws SQLException {
    while (true) {
      List<Object[]> page = new ArrayList<>();
      try (Statement s = db.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT seq, body FROM transition WHERE changed_at IS NULL ORDER BY seq"
                      + " LIMIT 10000")) {
        while (rs.next()) {
          Transition t = StateStore.JSON.readValue(rs.getString(2), Transition.class);
          page.add(new Object[] {rs.getLong(1), t.time()});
        }
      }
      if (page.isEmpty()) {
        return;
      }
      try (PreparedStatement u =
          db.prepareStatement("UPDATE transition SET changed_at = ? WHERE seq = ?")) {
        for (Object[] row : page) {
          u.setObject(1, time((Instant) row[1]));
          u.setLong(2, (Long) row[0]);
          u.addBatch();
        }
        u.executeBatch();
      }
      db.commit();
    }
  }

  private void load() throws SQLException {
    last = null;
    stale.clear();
    alive.clear();
    try (Statement s = db.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT started, ended FROM evaluated ORDER BY started DESC LIMIT 1")) {
        if (rs.next()) {
          last = new Span(instant(rs, 1), instant(rs, 2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT target FROM stale_span WHERE ended IS NULL")) {
        while (rs.next()) {
          stale.add(rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT target FROM life WHERE removed IS NULL")) {
        while (rs.next()) {
          alive.add(rs.getString(1));
        }
      }
    }
    db.commit();
  }

  /**
   * Records what an evaluation tells a report, in the caller's transaction (not committed here):
   * nothing when InfluxDB could not be read. Costs one update per evaluation, a pass over the
   * targets in memory, and one row per change.
   */
  void record(Cycle cycle, EngineState state) throws SQLException {
    staged.clear();
    Instant now = cycle.evaluated();
    if (now == null) {
      return;
    }
    extendEvaluated(now);
    for (String id : cycle.removed()) {
      if (stale.contains(id)) {
        endStale(id, now);
      }
      if (alive.contains(id)) {
        update("UPDATE life SET removed = ? WHERE target = ? AND removed IS NULL", now, id);
        staged.add(() -> alive.remove(id));
      }
    }
    // Every target once after opening (one known before the journal existed gets its life), then
    // those the cycle changed: a new target is one, and so is a change of its stale mark.
    Iterable<TargetState> looked = swept ? changed(cycle, state) : state.targets().values();
    if (!swept) {
      staged.add(() -> swept = true);
    }
    for (TargetState t : looked) {
      String id = t.id();
      if (!alive.contains(id)) {
        // A new target, or one coming back (a new life), or one known before the journal.
        try (PreparedStatement i =
            db.prepareStatement(
                "INSERT INTO life(target, client, kind, added, removed) VALUES (?, ?, ?, ?, NULL)")) {
          i.setString(1, id);
          i.setString(2, t.client());
          i.setString(3, t.kind());
          i.setObject(4, time(t.firstSeen()));
          i.executeUpdate();
        }
        staged.add(() -> alive.add(id));
      }
      if (t.stale() && !stale.contains(id)) {
        update("INSERT INTO stale_span(started, target, ended) VALUES (?, ?, NULL)", now, id);
        staged.add(() -> stale.add(id));
      } else if (!t.stale() && stale.contains(id)) {
        endStale(id, now);
      }
    }
  }

  /**
   * Extends the newest span when this evaluation follows its end within the gap, else starts one. A
   * time at or before the span's end (a clock stepped back) changes nothing.
   */
  private static List<TargetState> changed(Cycle cycle, EngineState state) {
    List<TargetState> changed = new ArrayList<>(cycle.changed().size());
    for (String id : cycle.changed()) {
      TargetState t = state.targets().get(id);
      if (t != null) {
        changed.add(t);
      }
    }
    return changed;
  }

  /**
   * Whether the evaluated span reaches within {@code within} of {@code now} (true for an evaluation
   * that does not count as one: null).
   */
  boolean extendedWithin(@Nullable Instant now, java.time.Duration within) {
    Span span = last;
    Instant end = span == null ? null : span.to();
    return now == null || (end != null && !end.isBefore(now.minus(within)));
  }

  private void extendEvaluated(Instant now) throws SQLException {
    Span span = last;
    Instant end = span == null ? null : span.to();
    if (end != null && !now.isAfter(end)) {
      return;
    }
    Span next;
    if (span != null && end != null && !now.isAfter(end.plus(gap))) {
      update("UPDATE evaluated SET ended = ? WHERE started = ?", now, span.from());
      next = new Span(span.from(), now);
    } else {
      update("INSERT INTO evaluated(started, ended) VALUES (?, ?)", now, now);
      next = new Span(now, now);
    }
    staged.add(() -> last = next);
  }

  private void endStale(String id, Instant now) throws SQLException {
    update("UPDATE stale_span SET ended = ? WHERE target = ? AND ended IS NULL", now, id);
    staged.add(() -> stale.remove(id));
  }

  private void update(String sql, Instant time, Object key) throws SQLException {
    try (PreparedStatement u = db.prepareStatement(sql)) {
      u.setObject(1, time(time));
      u.setObject(2, key instanceof Instant i ? time(i) : key);
      u.executeUpdate();
    }
  }

  /** The transaction that recorded the last cycle committed: what it opened or closed is so. */
  void committed() {
    staged.forEach(Runnable::run);
    staged.clear();
  }

  /** The transaction was rolled back: nothing it recorded happened. */
  void rolledBack() {
    staged.clear();
  }

  /** The evaluated spans that meet {@code [from, to)}, in time order (few: one per outage). */
  public List<Span> evaluated(Instant from, Instant to) {
    return spans(
        "SELECT started, ended FROM evaluated WHERE started < ? AND ended >= ? ORDER BY started",
        null,
        from,
        to);
  }

  /**
   * A target's stale spans that meet {@code [from, to)}, in time order: a range of the primary
   * key's (target, started) index.
   */
  public List<Span> stale(String target, Instant from, Instant to) {
    return spans(
        "SELECT started, ended FROM stale_span WHERE target = ? AND started < ?"
            + " AND (ended IS NULL OR ended >= ?) ORDER BY started",
        target,
        from,
        to);
  }

  private List<Span> spans(String sql, @Nullable String target, Instant from, Instant to) {
    synchronized (lock) {
      List<Span> spans = new ArrayList<>();
      try (PreparedStatement q = db.prepareStatement(sql)) {
        int i = 1;
        if (target != null) {
          q.setString(i++, target);
        }
        q.setObject(i++, time(to));
        q.setObject(i, time(from));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            spans.add(new Span(instant(rs, 1), nullableInstant(rs, 2)));
          }
        }
        db.commit();
        return spans;
      } catch (SQLException e) {
        throw new StoreException("cannot read the journal: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The lives of a client's targets that meet {@code [from, to)}, by target then time: one range of
   * the (client, added) index.
   */
  public List<Life> lives(String client, Instant from, Instant to) {
    synchronized (lock) {
      List<Life> lives = new ArrayList<>();
      try (PreparedStatement q =
          db.prepareStatement(
              "SELECT target, client, kind, added, removed FROM life WHERE client = ?"
                  + " AND added < ? AND (removed IS NULL OR removed >= ?) ORDER BY target, added")) {
        q.setString(1, client);
        q.setObject(2, time(to));
        q.setObject(3, time(from));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            lives.add(
                new Life(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    instant(rs, 4),
                    nullableInstant(rs, 5)));
          }
        }
        db.commit();
        return lives;
      } catch (SQLException e) {
        throw new StoreException("cannot read the journal: " + e.getMessage(), e);
      }
    }
  }

  /**
   * A target's last transition before {@code from} and its transitions in {@code [from, to)}: two
   * ranges of the (target, changed_at) index, so a month of one target costs its own rows only,
   * whatever the other targets stored. In time order, then in the order stored.
   */
  public Transitions transitions(String target, Instant from, Instant to) {
    synchronized (lock) {
      try {
        List<Transition> before =
            bodies(
                "SELECT body FROM transition WHERE target = ? AND changed_at < ?"
                    + " ORDER BY changed_at DESC, seq DESC LIMIT 1",
                target,
                from,
                null);
        List<Transition> within =
            bodies(
                "SELECT body FROM transition WHERE target = ? AND changed_at >= ?"
                    + " AND changed_at < ? ORDER BY changed_at, seq",
                target,
                from,
                to);
        db.commit();
        return new Transitions(before.isEmpty() ? null : before.get(0), within);
      } catch (SQLException e) {
        throw new StoreException("cannot read the transitions: " + e.getMessage(), e);
      }
    }
  }

  private List<Transition> bodies(String sql, String target, Instant a, @Nullable Instant b)
      throws SQLException {
    List<Transition> found = new ArrayList<>();
    try (PreparedStatement q = db.prepareStatement(sql)) {
      q.setString(1, target);
      q.setObject(2, time(a));
      if (b != null) {
        q.setObject(3, time(b));
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          found.add(StateStore.JSON.readValue(rs.getString(1), Transition.class));
        }
      }
    }
    return found;
  }

  static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Instant value = nullableInstant(rs, column);
    if (value == null) {
      throw new SQLException("column " + column + " is null");
    }
    return value;
  }

  private static @Nullable Instant nullableInstant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
