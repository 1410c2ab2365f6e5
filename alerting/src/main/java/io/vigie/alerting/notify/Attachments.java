package io.vigie.alerting.notify;

import io.vigie.alerting.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's attachments, by mail key, in a table of their own: alert mails have none, so their
 * rows and queries stay as they were. Written in the transaction that queues their mail (the caller
 * commits); called under the outbox's lock, through its connection.
 */
final class Attachments {
  private final Connection db;

  Attachments(Connection db) {
    this.db = db;
  }

  /**
   * Stores the attachments of mails being queued, uncommitted (their mails' transaction commits
   * them); one already there is left as it is.
   */
  void insert(Map<String, Attachment> byKey) {
    try (PreparedStatement insert =
        db.prepareStatement(
            "INSERT INTO attachment(mail_key, name, content_type, bytes) SELECT ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM attachment WHERE mail_key = ?)")) {
      for (Map.Entry<String, Attachment> a : byKey.entrySet()) {
        insert.setString(1, a.getKey());
        insert.setString(2, a.getValue().name());
        insert.setString(3, a.getValue().contentType());
        insert.setBytes(4, a.getValue().bytes());
        insert.setString(5, a.getKey());
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the connection is in trouble already: the exception below says why
      }
      throw new StoreException("cannot store attachments in the outbox: " + e.getMessage(), e);
    }
  }

  /** The attachment of a mail, or null when it has none. */
  @Nullable Attachment of(String key) {
    try (PreparedStatement select =
        db.prepareStatement(
            "SELECT name, content_type, bytes FROM attachment WHERE mail_key = ?")) {
      select.setString(1, key);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? new Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3)) : null;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the attachment of " + key + ": " + e.getMessage(), e);
    }
  }
}
