package io.vigie.bench;

import io.vigie.collector.ssh.Sshd;
import io.vigie.testkit.InfluxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The real servers of the benchmarks, from the tests' kit ({@link InfluxServer}, {@link Sshd}) with
 * what the benchmarks need on top: a database named {@code bench}, and an sshd that takes as many
 * concurrent logins and sessions as a fleet of polled targets makes.
 */
final class BenchServers {
  static final String DATABASE = "bench";

  private BenchServers() {}

  /** A fresh influxd with its data under {@code work} and the {@code bench} database. */
  static InfluxServer influx(Path work) throws IOException {
    InfluxServer influx = InfluxServer.launch(work);
    influx.createDatabase(DATABASE);
    return influx;
  }

  /** Sum of {@code count(field)} over the given measurement.field pairs, in {@code bench}. */
  static long count(InfluxServer influx, String... metrics) {
    long total = 0;
    for (String metric : metrics) {
      String[] mf = metric.split("\\.", -1);
      total += influx.count(DATABASE, "SELECT count(" + mf[1] + ") FROM " + mf[0]);
    }
    return total;
  }

  /**
   * The test sshd with room for a fleet (MaxSessions, MaxStartups) and sshd's default log level
   * rather than the tests' VERBOSE, which would log every login's key.
   */
  static Sshd sshd() throws Exception {
    Sshd sshd = Sshd.launch("MaxSessions 100", "MaxStartups 300:30:600", "LogLevel INFO");
    // sshd reads the kit's authorized_keys as the user logging in, who is not root (login below).
    Files.setPosixFilePermissions(sshd.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        sshd.dir().resolve("authorized_keys"), PosixFilePermissions.fromString("rw-r--r--"));
    return sshd;
  }

  /**
   * The account the benchmarks log in as. As root, the kit's throwaway account ({@code /bin/sh}, no
   * home, removed when sshd closes; the test key is authorized for every account): a person's
   * account would time their shell start-up (pyenv, nvm...) instead of SSH. Otherwise, the user
   * running the benchmark.
   */
  static String login(Sshd sshd) throws IOException, InterruptedException {
    String me = System.getProperty("user.name");
    return "root".equals(me) ? sshd.passwordAccount().user() : me;
  }
}
