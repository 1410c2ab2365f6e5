package io.vigie.alerting.notify;

import io.vigie.alerting.store.H2Files;
import io.vigie.alerting.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The durable outbox: every mail is stored, one row per recipient with an idempotency key, before
 * anything is sent; which decisions were turned into mails is stored in the same transaction. A
 * restart re-reads the decisions after the cursor, skips those already consumed, and finds every
 * unsent mail where it was. H2, one file next to the state store's.
 *
 * <p>This class is the queue itself: store, due, and each outcome recorded in its own transaction.
 * The tables are created by {@link OutboxSchema}; the dead letters, counts and totals are read (and
 * a dead letter resent) by {@link DeadLetters}, under this object's lock.
 */
public final class Outbox implements AutoCloseable {
  /**
   * A mail waiting, sent or given up.
   *
   * @param retryFrom when it was queued (or resent): it is retried until {@code retry-for} after
   *     this; null for a row about to be queued
   */
  public record Row(
      String key,
      String recipient,
      String audience,
      String kind,
      String subject,
      String text,
      String html,
      int attempts,
      @Nullable Instant retryFrom) {}

  /**
   * Mails that cannot be sent: those waiting after a failed attempt.
   *
   * @param since the first failure of the oldest of them
   * @param lastError that mail's last error (from the server: outside text)
   */
  public record Stuck(Instant since, long mails, String lastError) {}

  private final Connection db;
  // The dead letters, counts and totals: read through the same connection, under this lock.
  private final DeadLetters letters;
  private final Attachments attachments;

  public Outbox(Path dir) {
    db = OutboxSchema.open(dir);
    letters = new DeadLetters(db);
    attachments = new Attachments(db);
  }

  /** Stores mails with their files (by mail key) in one transaction; a known key is skipped. */
  public synchronized void enqueue(
      List<Row> rows, Map<String, Attachment> files, String audience, Instant now) {
    attachments.insert(files);
    enqueue(rows, List.of(), audience, List.of(), now);
  }

  /** A mail's attachment, or null when it has none. */
  public synchronized @Nullable Attachment attachment(String key) {
    return attachments.of(key);
  }

  /** Every decision up to this sequence number has been consumed for every audience. */
  public synchronized long cursor() {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM meta WHERE k = 'cursor'")) {
      long cursor = rs.next() ? rs.getLong(1) : 0;
      db.commit();
      return cursor;
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox cursor: " + e.getMessage(), e);
    }
  }

  public synchronized boolean consumed(long seq, String audience) {
    try (PreparedStatement q =
        db.prepareStatement("SELECT 1 FROM consumed WHERE seq = ? AND audience = ?")) {
      q.setLong(1, seq);
      q.setString(2, audience);
      try (ResultSet rs = q.executeQuery()) {
        boolean found = rs.next();
        db.commit();
        return found;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  /**
   * Stores mails and marks the decisions they came from consumed for that audience, in one
   * transaction. A mail whose key is already there is not stored again.
   *
   * @param told targets whose client was just told of a problem (reminders count from now)
   */
  public synchronized void enqueue(
      List<Row> rows, List<Long> seqs, String audience, List<String> told, Instant now) {
    try {
      try (PreparedStatement insert =
          db.prepareStatement(
              "INSERT INTO outbox(mail_key, recipient, audience, kind, subject, text, html, state,"
                  + " attempts, next_attempt, created, retry_from) SELECT ?, ?, ?, ?, ?, ?, ?,"
                  + " 'PENDING', 0, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE"
                  + " mail_key = ?)")) {
        for (Row r : rows) {
          insert.setString(1, r.key());
          insert.setString(2, r.recipient());
          insert.setString(3, r.audience());
          insert.setString(4, r.kind());
          insert.setString(5, r.subject());
          insert.setString(6, r.text());
          insert.setString(7, r.html());
          insert.setLong(8, now.toEpochMilli());
          insert.setLong(9, now.toEpochMilli());
          insert.setLong(10, now.toEpochMilli());
          insert.setString(11, r.key());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement mark =
          db.prepareStatement(
              "MERGE INTO consumed(seq, audience) KEY(seq, audience) VALUES (?, ?)")) {
        for (long seq : seqs) {
          mark.setLong(1, seq);
          mark.setString(2, audience);
          mark.addBatch();
        }
        mark.executeBatch();
      }
      try (PreparedStatement t =
          db.prepareStatement("MERGE INTO told(target, told_at) KEY(target) VALUES (?, ?)")) {
        for (String target : told) {
          t.setString(1, target);
          t.setLong(2, now.toEpochMilli());
          t.addBatch();
        }
        t.executeBatch();
      }
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new StoreException("cannot store mails in the outbox: " + e.getMessage(), e);
    }
  }

  /** Moves the cursor and forgets the consumed marks it has passed. */
  public synchronized void advance(long cursor) {
    try (PreparedStatement m =
            db.prepareStatement("MERGE INTO meta(k, v) KEY(k) VALUES ('cursor', ?)");
        PreparedStatement prune = db.prepareStatement("DELETE FROM consumed WHERE seq <= ?")) {
      m.setLong(1, cursor);
      m.executeUpdate();
      prune.setLong(1, cursor);
      prune.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new StoreException("cannot move the outbox cursor: " + e.getMessage(), e);
    }
  }

  /** When a target's client was last told of its problem, or null. */
  public synchronized @Nullable Instant lastTold(String target) {
    try (PreparedStatement q = db.prepareStatement("SELECT told_at FROM told WHERE target = ?")) {
      q.setString(1, target);
      try (ResultSet rs = q.executeQuery()) {
        Instant at = rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : null;
        db.commit();
        return at;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  public synchronized void forget(String target) {
    update("DELETE FROM told WHERE target = ?", target);
  }

  /** Mails due for a (new) attempt, oldest first. */
  public synchronized List<Row> due(Instant now, int limit) {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT mail_key, recipient, audience, kind, subject, text, html, attempts,"
                + " COALESCE(retry_from, created) FROM outbox WHERE state = 'PENDING' AND"
                + " next_attempt <= ? ORDER BY created, mail_key LIMIT ?")) {
      q.setLong(1, now.toEpochMilli());
      q.setInt(2, limit);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getInt(8),
                  Instant.ofEpochMilli(rs.getLong(9))));
        }
      }
      db.commit();
      return rows;
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  public synchronized void sent(String key, Instant now) {
    finish(key, "SENT", now, null, 0);
  }

  /** Given up: logged by the caller, kept here for an operator to read and resend. */
  public synchronized void dead(String key, Instant now, String error) {
    finish(key, "DEAD", now, error, 1);
  }

  public synchronized void retry(String key, Instant now, Instant next, String error) {
    try (PreparedStatement u =
        db.prepareStatement(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt = ?, last_error = ?,"
                + " first_failure = COALESCE(first_failure, ?) WHERE mail_key = ?")) {
      u.setLong(1, next.toEpochMilli());
      u.setString(2, error);
      u.setLong(3, now.toEpochMilli());
      u.setString(4, key);
      u.executeUpdate();
      addToTotal("RETRY");
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new StoreException("cannot update the outbox: " + e.getMessage(), e);
    }
  }

  private void finish(String key, String state, Instant now, @Nullable String error, int attempt) {
    try (PreparedStatement u =
        db.prepareStatement(
            "UPDATE outbox SET state = ?, finished = ?, last_error = ?, attempts = attempts + ?"
                + " WHERE mail_key = ?")) {
      u.setString(1, state);
      u.setLong(2, now.toEpochMilli());
      u.setString(3, error);
      u.setInt(4, attempt);
      u.setString(5, key);
      u.executeUpdate();
      addToTotal(state);
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new StoreException("cannot update the outbox: " + e.getMessage(), e);
    }
  }

  /**
   * One more mail sent, retried or dead-lettered, in the transaction that records it: the totals
   * survive a restart (Prometheus counters read them) and never go down, even when a dead letter is
   * resent.
   */
  private void addToTotal(String outcome) throws SQLException {
    try (PreparedStatement m =
        db.prepareStatement(
            "MERGE INTO meta(k, v) KEY(k) VALUES (?, COALESCE((SELECT v FROM meta WHERE k = ?), 0)"
                + " + 1)")) {
      m.setString(1, "total:" + outcome);
      m.setString(2, "total:" + outcome);
      m.executeUpdate();
    }
  }

  /**
   * How many mails were ever sent, retried (attempts failed) or dead-lettered: SENT, RETRY, DEAD.
   */
  public synchronized long total(String outcome) {
    return letters.total(outcome);
  }

  /** The mails waiting after a failed attempt, or null when there is none. */
  public synchronized @Nullable Stuck stuck() {
    return letters.stuck();
  }

  /**
   * A dead letter as an operator sees it.
   *
   * @param messageId the Message-ID it was sent with, and is resent with
   * @param resentBy who last resent it (it was dead-lettered again since), or null
   */
  public record Letter(
      String key,
      String messageId,
      String recipient,
      String audience,
      String kind,
      String subject,
      int attempts,
      Instant created,
      Instant deadSince,
      String lastError,
      @Nullable String resentBy,
      @Nullable Instant resentAt) {}

  /** The Message-ID of the mail with this key: the same on every attempt and every resend. */
  public static String messageId(String key) {
    return "<" + key + "@vigie>";
  }

  /** Dead letters, the newest first. */
  public List<Letter> deadLetters(int limit) {
    return deadLetters(limit, null);
  }

  /**
   * Dead letters of these audiences (client ids), the newest first; every audience when null.
   * Filtered in the query, so that a client's user gets a full page of its own letters.
   */
  public synchronized List<Letter> deadLetters(
      int limit, java.util.@Nullable Set<String> audiences) {
    return letters.deadLetters(limit, audiences);
  }

  /** What a resend did. */
  public enum Resend {
    /** Waiting again, due at once, with a new retry window. */
    QUEUED,
    /** No mail with that key. */
    UNKNOWN,
    /** The mail is not a dead letter (sent, or still waiting): resending it could double it. */
    NOT_DEAD
  }

  /**
   * Puts a dead letter back in the queue, with its Message-ID and a retry window from now, for a
   * user who sees the audiences {@code sees} accepts (a client id, or the NOC's): a letter of any
   * other audience is answered {@link Resend#UNKNOWN}, as one that does not exist. Only a dead
   * letter: the change of state is conditional, so two operators resending at once queue it once,
   * and a sent mail is never queued again. Shared by the API and the console.
   */
  public synchronized Resend resend(
      String key, String by, Instant now, java.util.function.Predicate<String> sees) {
    return letters.audienceOf(key).filter(sees).isPresent()
        ? letters.resend(key, by, now)
        : Resend.UNKNOWN;
  }

  /** The last mails sent, the newest first: what the console shows of the outbox's work. */
  public synchronized List<SentMail> lastSent(int limit) {
    return letters.lastSent(limit);
  }

  /** How many mails are in a state (PENDING, SENT, DEAD). */
  public synchronized long count(String state) {
    return letters.count(state);
  }

  private void update(String sql, String key) {
    try (PreparedStatement u = db.prepareStatement(sql)) {
      u.setString(1, key);
      u.executeUpdate();
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new StoreException("cannot update the outbox: " + e.getMessage(), e);
    }
  }

  private void rollback() {
    H2Files.rollback(db);
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the outbox: " + e.getMessage(), e);
    }
  }
}
