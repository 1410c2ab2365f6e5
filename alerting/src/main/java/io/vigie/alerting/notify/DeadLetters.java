package io.vigie.alerting.notify;

import io.vigie.alerting.notify.Outbox.Letter;
import io.vigie.alerting.notify.Outbox.Resend;
import io.vigie.alerting.notify.Outbox.Stuck;
import io.vigie.alerting.store.H2Files;
import io.vigie.alerting.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outbox as an operator and the metrics see it: the dead letters, their resending and whose
 * they are, and the counts, totals and stuck mails. Apart from {@link Outbox}, which keeps the
 * queue itself (store, due, record each outcome), because none of this sends or decides what to
 * send: it reads the queue, and puts a dead letter back in it.
 *
 * <p>Not thread-safe on its own: it shares the outbox's connection, so {@link Outbox} calls it only
 * while holding its own lock, as it did when these were its methods.
 */
final class DeadLetters {
  private final Connection db;

  DeadLetters(Connection db) {
    this.db = db;
  }

  /**
   * How many mails were ever sent, retried (attempts failed) or dead-lettered: SENT, RETRY, DEAD.
   */
  long total(String outcome) {
    try (PreparedStatement q = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
      q.setString(1, "total:" + outcome);
      try (ResultSet rs = q.executeQuery()) {
        long n = rs.next() ? rs.getLong(1) : 0;
        db.commit();
        return n;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  /** The mails waiting after a failed attempt, or null when there is none. */
  @Nullable Stuck stuck() {
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT first_failure, last_error, (SELECT COUNT(*) FROM outbox WHERE state ="
                    + " 'PENDING' AND first_failure IS NOT NULL) FROM outbox WHERE state ="
                    + " 'PENDING' AND first_failure IS NOT NULL ORDER BY first_failure LIMIT 1")) {
      Stuck stuck =
          rs.next()
              ? new Stuck(Instant.ofEpochMilli(rs.getLong(1)), rs.getLong(3), rs.getString(2))
              : null;
      db.commit();
      return stuck;
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  /**
   * Dead letters of these audiences (client ids), the newest first; every audience when null.
   * Filtered in the query, so that a client's user gets a full page of its own letters.
   */
  List<Letter> deadLetters(int limit, java.util.@Nullable Set<String> audiences) {
    List<Letter> letters = new ArrayList<>();
    if (audiences != null && audiences.isEmpty()) {
      return letters;
    }
    List<String> only = audiences == null ? List.of() : List.copyOf(audiences);
    String among =
        only.isEmpty()
            ? ""
            : " AND audience IN ("
                + String.join(", ", java.util.Collections.nCopies(only.size(), "?"))
                + ")";
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT mail_key, recipient, audience, kind, subject, attempts, created, finished,"
                + " last_error, resent_by, resent_at FROM outbox WHERE state = 'DEAD'"
                + among
                + " ORDER BY finished DESC, mail_key LIMIT ?")) {
      int index = 1;
      for (String audience : only) {
        q.setString(index++, audience);
      }
      q.setInt(index, limit);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          long resentAt = rs.getLong(11);
          letters.add(
              new Letter(
                  rs.getString(1),
                  Outbox.messageId(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getInt(6),
                  Instant.ofEpochMilli(rs.getLong(7)),
                  Instant.ofEpochMilli(rs.getLong(8)),
                  rs.getString(9),
                  rs.getString(10),
                  rs.wasNull() ? null : Instant.ofEpochMilli(resentAt)));
        }
      }
      db.commit();
      return letters;
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  /**
   * Puts a dead letter back in the queue, with its Message-ID and a retry window from now. Only a
   * dead letter: the change of state is conditional, so two operators resending at once queue it
   * once, and a sent mail is never queued again.
   */
  Resend resend(String key, String by, Instant now) {
    try (PreparedStatement u =
        db.prepareStatement(
            "UPDATE outbox SET state = 'PENDING', attempts = 0, next_attempt = ?, retry_from = ?,"
                + " first_failure = NULL, finished = NULL, resent_by = ?, resent_at = ?"
                + " WHERE mail_key = ? AND state = 'DEAD'")) {
      u.setLong(1, now.toEpochMilli());
      u.setLong(2, now.toEpochMilli());
      u.setString(3, by);
      u.setLong(4, now.toEpochMilli());
      u.setString(5, key);
      int changed = u.executeUpdate();
      db.commit();
      if (changed == 1) {
        return Resend.QUEUED;
      }
    } catch (SQLException e) {
      H2Files.rollback(db);
      throw new StoreException("cannot update the outbox: " + e.getMessage(), e);
    }
    return exists(key) ? Resend.NOT_DEAD : Resend.UNKNOWN;
  }

  /**
   * The last mails sent, the newest first. Ordered by both columns of the index on state and
   * finishing time, so that H2 reads the index in order and stops at the limit (its plan says
   * "index sorted") rather than sorting every sent mail the outbox keeps.
   */
  List<SentMail> lastSent(int limit) {
    List<SentMail> sent = new ArrayList<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT mail_key, recipient, audience, subject, finished FROM outbox WHERE state ="
                + " 'SENT' ORDER BY state DESC, finished DESC LIMIT ?")) {
      q.setInt(1, limit);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          sent.add(
              new SentMail(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  Instant.ofEpochMilli(rs.getLong(5))));
        }
      }
      db.commit();
      return sent;
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  /** The audience (a client id, or the NOC's) of the mail with this key, if there is one. */
  java.util.Optional<String> audienceOf(String key) {
    try (PreparedStatement q =
        db.prepareStatement("SELECT audience FROM outbox WHERE mail_key = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        java.util.Optional<String> audience =
            rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
        db.commit();
        return audience;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  private boolean exists(String key) {
    try (PreparedStatement q = db.prepareStatement("SELECT 1 FROM outbox WHERE mail_key = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        boolean found = rs.next();
        db.commit();
        return found;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }

  /** How many mails are in a state (PENDING, SENT, DEAD). */
  long count(String state) {
    try (PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM outbox WHERE state = ?")) {
      q.setString(1, state);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        db.commit();
        return n;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the outbox: " + e.getMessage(), e);
    }
  }
}
