package io.vigie.alerting.store;

import io.vigie.alerting.influx.Backlog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Backlog} in the state store's H2 file: a point per row, so that a replica down for a
 * long time costs disk, not memory, and a restart of the service loses nothing. Rows exist only
 * while some replica is behind; with a single InfluxDB the table stays empty.
 */
final class ReplicaBacklog implements Backlog {
  private final Connection db;
  private final Object lock;

  private ReplicaBacklog(Connection db, Object lock) {
    this.db = db;
    this.lock = lock;
  }

  /**
   * @param lock the store's lock: one connection, one transaction at a time
   */
  static ReplicaBacklog open(Connection db, Object lock) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS replica_backlog(seq BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " replica VARCHAR NOT NULL, line VARCHAR NOT NULL)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS replica_backlog_replica ON replica_backlog(replica, seq)");
    }
    db.commit();
    return new ReplicaBacklog(db, lock);
  }

  @Override
  public void add(String replica, List<String> lines) {
    synchronized (lock) {
      try (PreparedStatement insert =
          db.prepareStatement("INSERT INTO replica_backlog(replica, line) VALUES (?, ?)")) {
        for (String line : lines) {
          insert.setString(1, replica);
          insert.setString(2, line);
          insert.addBatch();
        }
        insert.executeBatch();
        db.commit();
      } catch (SQLException e) {
        H2Files.rollback(db);
        throw new StoreException("cannot keep points for " + replica + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public List<Kept> oldest(String replica, int limit) {
    synchronized (lock) {
      List<Kept> kept = new ArrayList<>();
      try (PreparedStatement q =
          db.prepareStatement(
              "SELECT seq, line FROM replica_backlog WHERE replica = ? ORDER BY seq LIMIT ?")) {
        q.setString(1, replica);
        q.setInt(2, limit);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            kept.add(new Kept(rs.getLong(1), rs.getString(2)));
          }
        }
        db.commit();
        return kept;
      } catch (SQLException e) {
        throw new StoreException("cannot read the points kept for " + replica, e);
      }
    }
  }

  @Override
  public void remove(String replica, long seq) {
    synchronized (lock) {
      try (PreparedStatement d =
          db.prepareStatement("DELETE FROM replica_backlog WHERE replica = ? AND seq <= ?")) {
        d.setString(1, replica);
        d.setLong(2, seq);
        d.executeUpdate();
        db.commit();
      } catch (SQLException e) {
        H2Files.rollback(db);
        throw new StoreException("cannot forget the points " + replica + " took", e);
      }
    }
  }

  @Override
  public long size(String replica) {
    synchronized (lock) {
      try (PreparedStatement q =
          db.prepareStatement("SELECT COUNT(*) FROM replica_backlog WHERE replica = ?")) {
        q.setString(1, replica);
        try (ResultSet rs = q.executeQuery()) {
          long size = rs.next() ? rs.getLong(1) : 0;
          db.commit();
          return size;
        }
      } catch (SQLException e) {
        throw new StoreException("cannot count the points kept for " + replica, e);
      }
    }
  }
}
