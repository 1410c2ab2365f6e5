package io.vigie.collector.ssh;

import io.vigie.collector.logs.LogIntake;
import io.vigie.collector.logs.Received;
import io.vigie.collector.logs.SyslogMessage;
import io.vigie.collector.logs.SyslogPoints;
import io.vigie.model.inventory.Target;
import io.vigie.model.logs.TargetLogs.JournalSource;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log source of an SSH target followed over its kept session: its journal ({@code journalctl
 * --follow --output=json}, resumed {@code --after-cursor}) or a file ({@code tail -F}, resumed at
 * its byte offset when the file is still the same inode). When the command ends (the session lost,
 * the target rebooted) it starts again after a pause, from where it was.
 */
final class LogFollower {
  private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
  private static final int MAX_LINE = 64 * 1024;
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final String INODE_LINE = "vigie-inode ";

  private final SshSessions sessions;
  private final SshSessions.Login login;
  private final SyslogPoints.Origin origin;
  private final @Nullable JournalSource journal;
  private final @Nullable String file;
  private final String key;
  private final LogIntake intake;
  private final FollowPositions positions;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private volatile boolean stopped;
  private volatile @Nullable StreamingCommand running;
  // A file's inode and the offset of the next byte to read, as the command started them.
  private volatile String inode = "";
  private long offset;

  LogFollower(
      SshSessions sessions,
      SshSessions.Login login,
      Target target,
      @Nullable JournalSource journal,
      @Nullable String file,
      LogIntake intake,
      FollowPositions positions,
      ScheduledExecutorService timer,
      Clock clock) {
    this.sessions = sessions;
    this.login = login;
    this.origin = new SyslogPoints.Origin(target.client(), target.id());
    this.journal = journal;
    this.file = file;
    this.key = key(target.id(), journal, file);
    this.intake = intake;
    this.positions = positions;
    this.timer = timer;
    this.clock = clock;
  }

  static String key(String target, @Nullable JournalSource journal, @Nullable String file) {
    return target + "|" + (journal != null ? "journal" : "file:" + file);
  }

  String key() {
    return key;
  }

  void start() {
    if (stopped) {
      return;
    }
    String command = journal != null ? journalCommand(journal) : fileCommand();
    StreamingCommand streaming =
        sessions.stream(
            login,
            command,
            new LineOutput(MAX_LINE, journal != null ? this::journalLine : this::fileLine),
            new LineOutput(4096, (line, n) -> said(line)));
    running = streaming;
    var unusedRestart =
        streaming
            .ended()
            .whenComplete(
                (exit, failure) -> {
                  if (stopped) {
                    return;
                  }
                  LOG.info(
                      "{}: following stopped ({}); again in {} s",
                      key,
                      failure != null ? failure.getMessage() : "exit " + exit,
                      RETRY.toSeconds());
                  var unused = timer.schedule(this::start, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                });
  }

  void stop() {
    stopped = true;
    StreamingCommand streaming = running;
    if (streaming != null) {
      streaming.stop().run();
    }
  }

  private String journalCommand(JournalSource j) {
    List<String> args =
        new ArrayList<>(
            List.of("journalctl", "--follow", "--output=json", "--all", "--no-pager", "--quiet"));
    if (j.namespace() != null) {
      args.add("--namespace=" + j.namespace());
    }
    for (String unit : j.units()) {
      args.add("--unit=" + unit);
    }
    if (j.priority() != null) {
      args.add("--priority=0.." + j.priority().code());
    }
    String cursor = positions.get(key);
    if (cursor == null) {
      args.add("--lines=0");
    } else {
      // --follow alone would show only the last 10 entries after the cursor.
      args.add("--lines=all");
      args.add("--after-cursor=" + cursor);
    }
    return String.join(" ", args.stream().map(LogFollower::quoted).toList());
  }

  /**
   * Prints the file's inode and the offset it starts from, then follows it: from the saved offset
   * when the inode is the saved one, from its start when it was replaced since, from its end the
   * first time.
   */
  private String fileCommand() {
    String f = quoted(java.util.Objects.requireNonNull(file));
    String saved = positions.get(key);
    String start;
    if (saved == null) {
      start = "o=$(stat -Lc %s -- " + f + " 2>/dev/null || echo 0)";
    } else {
      String[] parts = saved.split(":", 2);
      start =
          "if [ \"$i\" = "
              + quoted(parts[0])
              + " ]; then o="
              + Long.parseLong(parts[1])
              + "; else o=0; fi";
    }
    return "i=$(stat -Lc %i -- "
        + f
        + " 2>/dev/null); "
        + start
        + "; printf '"
        + INODE_LINE
        + "%s %s\\n' \"$i\" \"$o\"; exec tail -F -c +$((o+1)) -- "
        + f;
  }

  private void journalLine(String line, int bytes) {
    JournalEntry entry = JournalEntry.parse(line);
    if (entry == null) {
      return;
    }
    Received received =
        new Received(clock.instant(), ANY, Received.Transport.SSH, line, false, "journal");
    if (intake.followed(received, entry.message(), origin, entry.timeNanos())) {
      positions.advance(key, entry.cursor());
    }
  }

  private void fileLine(String line, int bytes) {
    if (line.startsWith(INODE_LINE) && inode.isEmpty()) {
      String[] parts = line.substring(INODE_LINE.length()).split(" ", 2);
      inode = parts[0];
      offset = parts.length > 1 ? Long.parseLong(parts[1].strip()) : 0;
      positions.advance(key, inode + ":" + offset); // from here, even before a line comes
      return;
    }
    String path = java.util.Objects.requireNonNull(file);
    SyslogMessage message =
        new SyslogMessage(
            SyslogMessage.Format.FILE,
            1,
            5,
            null,
            null,
            path.substring(path.lastIndexOf('/') + 1),
            null,
            null,
            Map.of(),
            line);
    Received received =
        new Received(clock.instant(), ANY, Received.Transport.SSH, line, bytes > MAX_LINE, path);
    offset += bytes;
    if (intake.followed(received, message, origin, null)) {
      positions.advance(key, inode + ":" + offset);
    }
  }

  /** What the command said on its standard error: tail's notice of a replaced file matters. */
  private void said(String line) {
    if (file != null && (line.contains("has been replaced") || line.contains("file truncated"))) {
      // From here the offsets are the new file's; its inode is asked for apart.
      offset = 0;
      inode = "?";
      var unused =
          sessions
              .exec(login, "stat -Lc %i -- " + quoted(file), Duration.ofSeconds(10), 256)
              .thenAccept(r -> inode = r.output().strip());
    }
    LOG.info("{}: {}", key, io.vigie.model.text.Escape.controls(line));
  }

  /** A shell word: single quotes, and a quote inside as '\''. */
  static String quoted(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private static final InetAddress ANY = InetAddress.getLoopbackAddress();

  /** Only for the key's readers: no I/O. */
  @Override
  public String toString() {
    return key;
  }
}
