package io.vigie.alerting.store;

import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Condition;
import io.vigie.alerting.status.Cycle;
import io.vigie.alerting.status.Decision;
import io.vigie.alerting.status.EngineState;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.status.Transition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerting service's memory, in an embedded H2 database (one file under the data directory):
 * target states with their pending {@code for} timers, silences, acknowledgements, pipeline
 * conditions, the decision stream and the transitions, with those not yet written to InfluxDB, and
 * the {@link Journal} of what service-level reports need.
 *
 * <p>Everything one evaluation changed is committed in one transaction, so a kill -9 leaves either
 * the state before the evaluation or the state after it, never half of it (see
 * docs/decisions/0004). Rows are JSON documents: the schema of the values lives in the records.
 */
public final class StateStore implements AutoCloseable {
  /**
   * Rows stored by an older version lack the components added since (a silence's {@code
   * maintenance}): a missing flag reads as false rather than refusing the whole state.
   */
  static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  /**
   * The longest time between two successful evaluations of one evaluated span when none is given:
   * the default evaluation interval's (10 s) three runs plus the default InfluxDB timeout (30 s).
   */
  public static final Duration DEFAULT_EVALUATION_GAP = Duration.ofMinutes(1);

  private final Connection db;
  private final Journal journal;
  private final ReplicaBacklog backlog;

  private StateStore(Connection db, Duration gap) throws SQLException {
    this.db = db;
    this.journal = Journal.open(db, this, gap);
    this.backlog = ReplicaBacklog.open(db, this);
  }

  /** Opens (or creates) the store in {@code dir}, its journal with the default evaluation gap. */
  public static StateStore open(Path dir) {
    return open(dir, DEFAULT_EVALUATION_GAP);
  }

  /**
   * Opens (or creates) the store in {@code dir}. WRITE_DELAY=0: a commit reaches the file before it
   * returns, so a decision acted on after the commit is never forgotten by a killed process.
   *
   * @param evaluationGap the longest time between two successful evaluations that the journal
   *     counts as evaluated throughout (see {@link Journal})
   */
  public static StateStore open(Path dir, Duration evaluationGap) {
    try {
      Connection db = H2Files.open(dir, "alerting");
      try (Statement s = db.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS target_state(id VARCHAR PRIMARY KEY, body VARCHAR NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS decision(seq BIGINT PRIMARY KEY,"
                + " body VARCHAR NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS transition(seq BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " target VARCHAR NOT NULL, body VARCHAR NOT NULL, written BOOLEAN NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS transition_target ON transition(target, seq)");
        s.execute("CREATE INDEX IF NOT EXISTS transition_written ON transition(written, seq)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS silence(id VARCHAR PRIMARY KEY, body VARCHAR NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS ack(target VARCHAR PRIMARY KEY, body VARCHAR NOT NULL)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS pipeline(kind VARCHAR, id VARCHAR, body VARCHAR NOT NULL,"
                + " PRIMARY KEY(kind, id))");
      }
      db.commit();
      return new StateStore(db, evaluationGap);
    } catch (SQLException | java.io.IOException e) {
      throw new StoreException("cannot open the state store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The state as last committed. */
  public synchronized EngineState load() {
    EngineState state = new EngineState();
    try {
      for (String body : bodies("SELECT body FROM target_state ORDER BY id")) {
        TargetState t = JSON.readValue(body, TargetState.class);
        state.targets().put(t.id(), t);
      }
      for (String body : bodies("SELECT body FROM silence ORDER BY id")) {
        Silence s = JSON.readValue(body, Silence.class);
        state.silences().put(s.id(), s);
      }
      for (String body : bodies("SELECT body FROM ack ORDER BY target")) {
        Acknowledgement a = JSON.readValue(body, Acknowledgement.class);
        state.acks().put(a.target(), a);
      }
      for (String body : bodies("SELECT body FROM pipeline WHERE kind = 'condition' ORDER BY id")) {
        Condition c = JSON.readValue(body, Condition.class);
        state.conditions().put(c.key(), c);
      }
      try (PreparedStatement q =
              db.prepareStatement("SELECT id, body FROM pipeline WHERE kind = 'collector'");
          ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          state.collectors().put(rs.getString(1), Instant.parse(rs.getString(2)));
        }
      }
      db.commit();
      return state;
    } catch (SQLException e) {
      throw new StoreException("cannot read the state store: " + e.getMessage(), e);
    }
  }

  /** Stores what an evaluation changed, in one transaction, and returns its decisions numbered. */
  /** How long an evaluation that changed nothing may go without extending the journal. */
  private static final java.time.Duration QUIET_COMMIT = java.time.Duration.ofSeconds(5);

  public synchronized List<Decision> commit(Cycle cycle, EngineState state) {
    if (cycle.empty() && journal.extendedWithin(cycle.evaluated(), QUIET_COMMIT)) {
      // Nothing changed and the journal is up to date: the streaming evaluation runs many
      // times a second, and a transaction each time only grows the file.
      return List.of();
    }
    try {
      try (PreparedStatement merge =
              db.prepareStatement("MERGE INTO target_state(id, body) KEY(id) VALUES (?, ?)");
          PreparedStatement delete = db.prepareStatement("DELETE FROM target_state WHERE id = ?")) {
        for (String id : cycle.changed()) {
          TargetState t = state.targets().get(id);
          if (t != null) {
            merge.setString(1, id);
            merge.setString(2, JSON.writeValueAsString(t));
            merge.addBatch();
          }
        }
        merge.executeBatch();
        for (String id : cycle.removed()) {
          delete.setString(1, id);
          delete.addBatch();
        }
        delete.executeBatch();
      }
      if (!cycle.removed().isEmpty() || !cycle.transitions().isEmpty()) {
        // Acknowledgements end with their problem or their target.
        replaceAll("DELETE FROM ack", "INSERT INTO ack(target, body) VALUES (?, ?)", state.acks());
      }
      if (cycle.conditionsChanged()) {
        savePipeline(state);
      }
      try (PreparedStatement insert =
          db.prepareStatement(
              "INSERT INTO transition(target, body, written, changed_at)"
                  + " VALUES (?, ?, FALSE, ?)")) {
        for (Transition t : cycle.transitions()) {
          insert.setString(1, t.target());
          insert.setString(2, JSON.writeValueAsString(t));
          insert.setObject(3, Journal.time(t.time()));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      // Numbered here, in the transaction that stores them: one writer, so max + 1 is safe.
      long seq;
      try (Statement max = db.createStatement();
          ResultSet rs = max.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM decision")) {
        rs.next();
        seq = rs.getLong(1);
      }
      List<Decision> numbered = new ArrayList<>();
      try (PreparedStatement insert =
          db.prepareStatement("INSERT INTO decision(seq, body) VALUES (?, ?)")) {
        for (Decision d : cycle.decisions()) {
          Decision n = d.withSeq(++seq);
          numbered.add(n);
          insert.setLong(1, n.seq());
          insert.setString(2, JSON.writeValueAsString(n));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      journal.record(cycle, state);
      db.commit();
      journal.committed();
      return numbered;
    } catch (SQLException | RuntimeException e) {
      rollback();
      journal.rolledBack();
      throw new StoreException("cannot store the evaluation: " + e.getMessage(), e);
    }
  }

  private void savePipeline(EngineState state) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("DELETE FROM pipeline");
    }
    try (PreparedStatement insert =
        db.prepareStatement("INSERT INTO pipeline(kind, id, body) VALUES (?, ?, ?)")) {
      for (Condition c : state.conditions().values()) {
        insert.setString(1, "condition");
        insert.setString(2, c.key());
        insert.setString(3, JSON.writeValueAsString(c));
        insert.addBatch();
      }
      for (Map.Entry<String, Instant> c : state.collectors().entrySet()) {
        insert.setString(1, "collector");
        insert.setString(2, c.getKey());
        insert.setString(3, c.getValue().toString());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void replaceAll(String delete, String insert, Map<String, ?> values) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(delete);
    }
    try (PreparedStatement i = db.prepareStatement(insert)) {
      for (Map.Entry<String, ?> e : values.entrySet()) {
        i.setString(1, e.getKey());
        i.setString(2, JSON.writeValueAsString(e.getValue()));
        i.addBatch();
      }
      i.executeBatch();
    }
  }

  public synchronized void saveSilence(Silence silence) {
    write("MERGE INTO silence(id, body) KEY(id) VALUES (?, ?)", silence.id(), silence);
  }

  public synchronized void deleteSilence(String id) {
    write("DELETE FROM silence WHERE id = ?", id, null);
  }

  public synchronized void saveAck(Acknowledgement ack) {
    write("MERGE INTO ack(target, body) KEY(target) VALUES (?, ?)", ack.target(), ack);
  }

  private void write(String sql, String key, @Nullable Object value) {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, key);
      if (value != null) {
        s.setString(2, JSON.writeValueAsString(value));
      }
      s.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new StoreException("cannot store " + key + ": " + e.getMessage(), e);
    }
  }

  /** Every silence stored, ended ones included (they are kept): what reports read. */
  public synchronized List<Silence> silences() {
    return read("SELECT body FROM silence ORDER BY id", Silence.class);
  }

  /** What reports read besides the transitions; its reads take this store's lock briefly. */
  public Journal journal() {
    return journal;
  }

  /** Decisions after {@code seq}, oldest first: the stream the notifier reads. */
  public synchronized List<Decision> decisionsAfter(long seq, int limit) {
    return read(
        "SELECT body FROM decision WHERE seq > ? ORDER BY seq LIMIT ?", Decision.class, seq, limit);
  }

  /** A target's transitions, newest first. */
  public synchronized List<Transition> history(String target, int limit) {
    return read(
        "SELECT body FROM transition WHERE target = ? ORDER BY seq DESC LIMIT ?",
        Transition.class,
        target,
        limit);
  }

  /** The status points kept for InfluxDB replicas that were down (several replicas only). */
  public io.vigie.alerting.influx.Backlog backlog() {
    return backlog;
  }

  /** A transition not yet written to InfluxDB, with its row number. */
  public record Pending(long seq, Transition transition) {}

  public synchronized List<Pending> unwritten(int limit) {
    List<Pending> pending = new ArrayList<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT seq, body FROM transition WHERE written = FALSE ORDER BY seq LIMIT ?")) {
      q.setInt(1, limit);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          pending.add(
              new Pending(rs.getLong(1), JSON.readValue(rs.getString(2), Transition.class)));
        }
      }
      db.commit();
      return pending;
    } catch (SQLException e) {
      throw new StoreException("cannot read the transitions: " + e.getMessage(), e);
    }
  }

  public synchronized void markWritten(List<Pending> written) {
    try (PreparedStatement u =
        db.prepareStatement("UPDATE transition SET written = TRUE WHERE seq = ?")) {
      for (Pending p : written) {
        u.setLong(1, p.seq());
        u.addBatch();
      }
      u.executeBatch();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new StoreException("cannot mark transitions written: " + e.getMessage(), e);
    }
  }

  private <T> List<T> read(String sql, Class<T> type, Object... params) {
    List<T> values = new ArrayList<>();
    try (PreparedStatement q = db.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        q.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          values.add(JSON.readValue(rs.getString(1), type));
        }
      }
      db.commit();
      return values;
    } catch (SQLException e) {
      throw new StoreException("cannot read the state store: " + e.getMessage(), e);
    }
  }

  private List<String> bodies(String sql) throws SQLException {
    List<String> bodies = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        bodies.add(rs.getString(1));
      }
    }
    return bodies;
  }

  private void rollback() {
    H2Files.rollback(db);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the state store: " + e.getMessage(), e);
    }
  }
}
