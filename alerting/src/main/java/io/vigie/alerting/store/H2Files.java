package io.vigie.alerting.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The service's embedded H2 databases, opened the one crash-safe way (docs/decisions/0004). */
public final class H2Files {
  private H2Files() {}

  /**
   * Opens (or creates) database {@code name} in {@code dir}, without auto-commit. WRITE_DELAY=0: a
   * commit reaches the file before it returns, so what was acted on after a commit is never
   * forgotten by a killed process. DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the
   * file while the service's shutdown still records the mail in flight; the service closes it.
   */
  public static Connection open(Path dir, String name) throws SQLException, IOException {
    Files.createDirectories(dir);
    Connection db =
        DriverManager.getConnection(
            "jdbc:h2:file:"
                + dir.toAbsolutePath().resolve(name)
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "vigie",
            "");
    db.setAutoCommit(false);
    return db;
  }

  /** Rolls back what can be; a broken connection says so at its next use. */
  public static void rollback(Connection db) {
    try {
      db.rollback();
    } catch (SQLException ignored) {
      // the next call on the connection reports the failure
    }
  }
}
