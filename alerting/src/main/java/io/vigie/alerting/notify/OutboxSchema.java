package io.vigie.alerting.notify;

import io.vigie.alerting.store.H2Files;
import io.vigie.alerting.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outbox's database as it is on disk: opening the file and creating (or bringing up to date)
 * its tables. Apart from {@link Outbox} because the schema and its migrations are read when the
 * file format changes, while the queue is read when the sending does; both act on these tables.
 */
final class OutboxSchema {
  private OutboxSchema() {}

  /**
   * Opens the outbox's file in {@code dir} ("notify", next to the state store's), creates what is
   * missing and commits it.
   *
   * @throws StoreException when the file cannot be opened or the tables cannot be created
   */
  static Connection open(Path dir) {
    try {
      Connection db = H2Files.open(dir, "notify");
      try (Statement s = db.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS outbox(mail_key VARCHAR PRIMARY KEY, recipient VARCHAR NOT NULL,"
                + " audience VARCHAR NOT NULL, kind VARCHAR NOT NULL, subject VARCHAR NOT NULL,"
                + " text VARCHAR NOT NULL, html VARCHAR NOT NULL, state VARCHAR NOT NULL,"
                + " attempts INT NOT NULL, next_attempt BIGINT NOT NULL, created BIGINT NOT NULL,"
                + " finished BIGINT, last_error VARCHAR)");
        s.execute("CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_attempt)");
        // The console's last mails sent: the outbox keeps every sent mail, so not a table scan.
        s.execute("CREATE INDEX IF NOT EXISTS outbox_finished ON outbox(state, finished)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS consumed(seq BIGINT NOT NULL, audience VARCHAR NOT NULL,"
                + " PRIMARY KEY(seq, audience))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS told(target VARCHAR PRIMARY KEY, told_at BIGINT NOT NULL)");
        s.execute("CREATE TABLE IF NOT EXISTS meta(k VARCHAR PRIMARY KEY, v BIGINT NOT NULL)");
        // Added for issue 14; an outbox written before has them null: created, and unknown.
        s.execute("ALTER TABLE outbox ADD COLUMN IF NOT EXISTS retry_from BIGINT");
        s.execute("ALTER TABLE outbox ADD COLUMN IF NOT EXISTS first_failure BIGINT");
        s.execute("ALTER TABLE outbox ADD COLUMN IF NOT EXISTS resent_by VARCHAR");
        s.execute("ALTER TABLE outbox ADD COLUMN IF NOT EXISTS resent_at BIGINT");
        // Added for issue 19: a report's PDF, kept with its mail.
        s.execute(
            "CREATE TABLE IF NOT EXISTS attachment(mail_key VARCHAR PRIMARY KEY, name VARCHAR NOT"
                + " NULL, content_type VARCHAR NOT NULL, bytes VARBINARY NOT NULL)");
      }
      db.commit();
      return db;
    } catch (SQLException | java.io.IOException e) {
      throw new StoreException("cannot open the outbox in " + dir + ": " + e.getMessage(), e);
    }
  }
}
