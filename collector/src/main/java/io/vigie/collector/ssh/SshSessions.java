package io.vigie.collector.ssh;

import io.vigie.model.inventory.Secret;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * One MINA SSHD client for the whole collector and one kept-open session per target; each command
 * runs in a channel of its own. Host keys are verified against the fingerprint pinned for the
 * target: a mismatch refuses the connection before any authentication or command, and the reason
 * names both fingerprints.
 */
public final class SshSessions implements AutoCloseable {
  private static final AttributeRepository.AttributeKey<String> TARGET =
      new AttributeRepository.AttributeKey<>();

  /** What a target expects and what it was last offered. */
  record HostKeyCheck(String expected, boolean trustOnFirstUse) {}

  private final SshClient client;
  // Ends commands and logins that run past their time; the work itself runs on MINA's threads.
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "vigie-ssh-timeouts");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, HostKeyCheck> checks = new ConcurrentHashMap<>();
  private final Map<String, String> offered = new ConcurrentHashMap<>();
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Double>> timings = new ConcurrentHashMap<>();
  private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();

  /** After a failed connection: when to try again, doubling from 5 s up to 5 min. */
  private record Backoff(int failures, long nextAttemptNanos, SshFailure reason) {
    static final long FIRST = Duration.ofSeconds(5).toNanos();
    static final long MAX = Duration.ofMinutes(5).toNanos();

    Backoff next(SshFailure newReason) {
      long delay = Math.min(MAX, FIRST << Math.min(failures, 10));
      return new Backoff(failures + 1, System.nanoTime() + delay, newReason);
    }
  }

  private final java.nio.file.Path trusted;

  /** Sessions without a place to record keys trusted on first use (they last until restart). */
  public SshSessions() {
    this(null);
  }

  /**
   * @param trusted a file where keys trusted on first use are recorded ({@code target fingerprint}
   *     per line), so that a restart keeps them pinned; null to keep them in memory
   */
  public SshSessions(java.nio.file.Path trusted) {
    this.trusted = trusted;
    loadTrusted();
    client = SshClient.setUpDefaultClient();
    // A poll is a few small packets each way: with Nagle's algorithm each waits for a delayed ACK
    // (about 40 ms on Linux), which tripled the cost of a poll on a kept-open session.
    org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(client, true);
    client.setServerKeyVerifier(
        (session, address, key) -> {
          AttributeRepository context = session.getConnectionContext();
          String target = context == null ? null : context.getAttribute(TARGET);
          HostKeyCheck check = target == null ? null : checks.get(target);
          String fingerprint = fingerprint(key);
          offered.put(String.valueOf(target), fingerprint);
          if (check == null) {
            return false;
          }
          if (check.expected() == null) {
            if (check.trustOnFirstUse()) {
              // Trust on first use, as asked for: from now on this key is the pinned one.
              checks.put(target, new HostKeyCheck(fingerprint, false));
              record(target, fingerprint);
              return true;
            }
            return false;
          }
          return check.expected().equals(fingerprint);
        });
    client.start();
  }

  private final Map<String, String> recorded = new ConcurrentHashMap<>();

  private void loadTrusted() {
    if (trusted == null || !java.nio.file.Files.exists(trusted)) {
      return;
    }
    try {
      for (String line : java.nio.file.Files.readAllLines(trusted)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && !line.startsWith("#")) {
          recorded.put(f[0], f[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trusted host keys in " + trusted, e);
    }
  }

  private synchronized void record(String target, String fingerprint) {
    recorded.put(target, fingerprint);
    org.slf4j.LoggerFactory.getLogger(SshSessions.class)
        .warn(
            "ssh target {}: host key {} trusted on first use and recorded{}; pin it in the inventory"
                + " with host_key: {}",
            target,
            fingerprint,
            trusted == null ? "" : " in " + trusted,
            fingerprint);
    if (trusted == null) {
      return;
    }
    try {
      java.nio.file.Files.createDirectories(trusted.toAbsolutePath().getParent());
      java.nio.file.Files.writeString(
          trusted,
          target + " " + fingerprint + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the trusted host key in " + trusted, e);
    }
  }

  static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }

  /** The fingerprint a target is pinned to now (after trust on first use, the recorded one). */
  public String pinned(String target) {
    HostKeyCheck check = checks.get(target);
    return check == null ? null : check.expected();
  }

  /** What a command did: its exit code, its output, and whether it was cut short. */
  record CommandResult(Integer exitCode, String output, boolean timedOut, boolean truncated) {}

  /**
   * Runs a command on a target, opening (or reopening) its session as needed, without blocking the
   * caller: the result completes on an SSH I/O thread or on the timeout timer. A command that runs
   * past its timeout or prints more than {@code maxOutput} bytes is cut short and said to be; only
   * a session that cannot be had (or is lost) is a failure, an {@link SshFailure}.
   */
  CompletableFuture<CommandResult> exec(
      Login login, String command, Duration timeout, int maxOutput) {
    return session(login).thenCompose(session -> exec(login, session, command, timeout, maxOutput));
  }

  private CompletableFuture<CommandResult> exec(
      Login login, ClientSession session, String command, Duration timeout, int maxOutput) {
    CompletableFuture<CommandResult> result = new CompletableFuture<>();
    ChannelExec channel;
    try {
      channel = session.createExecChannel(command);
    } catch (IOException e) {
      close(login.target());
      return CompletableFuture.failedFuture(
          new SshFailure(FailureKind.IO, "command failed: " + e.getMessage()));
    }
    LimitedOutput out = new LimitedOutput(maxOutput);
    channel.setOut(out);
    channel.setErr(new LimitedOutput(64 * 1024));
    AtomicBoolean timedOut = new AtomicBoolean();
    AtomicReference<String> openFailure = new AtomicReference<>();
    // Every way a command ends (exit, timeout, open refused, session lost) closes its channel.
    channel.addCloseFutureListener(
        closed -> {
          Integer exit = channel.getExitStatus();
          if (openFailure.get() != null) {
            result.completeExceptionally(
                new SshFailure(
                    FailureKind.COMMAND_FAILED, "cannot open a channel: " + openFailure.get()));
          } else if (!timedOut.get() && exit == null && !session.isOpen()) {
            // The session broke under the command: the next poll opens a new one.
            close(login.target());
            result.completeExceptionally(
                new SshFailure(FailureKind.CONNECTION_LOST, "connection lost during the command"));
          } else {
            result.complete(new CommandResult(exit, out.text(), timedOut.get(), out.truncated()));
          }
        });
    ScheduledFuture<?> deadline =
        timer.schedule(
            () -> {
              // Closing the channel ends the remote command's input and output; sshd sends it
              // SIGHUP. The close listener then completes the result as timed out.
              timedOut.set(true);
              channel.close(true);
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    result.whenComplete((r, e) -> deadline.cancel(false));
    try {
      channel
          .open()
          .addListener(
              opened -> {
                if (!opened.isOpened()) {
                  Throwable e = opened.getException();
                  openFailure.set(e == null ? "refused by the server" : e.getMessage());
                  channel.close(true);
                }
              });
    } catch (IOException e) {
      openFailure.set(e.getMessage());
      channel.close(true);
    }
    return result;
  }

  private CompletableFuture<ClientSession> session(Login login) {
    ClientSession existing = sessions.get(login.target());
    if (existing != null && existing.isOpen() && existing.isAuthenticated()) {
      return CompletableFuture.completedFuture(existing);
    }
    close(login.target());
    Backoff backoff = backoffs.get(login.target());
    if (backoff != null && System.nanoTime() < backoff.nextAttemptNanos()) {
      // A target that just failed is not hammered: its polls fail at once with the last reason.
      long seconds = Math.max(1, (backoff.nextAttemptNanos() - System.nanoTime()) / 1_000_000_000L);
      return CompletableFuture.failedFuture(
          new SshFailure(
              backoff.reason().failureKind(),
              backoff.reason().getMessage() + " (next attempt in " + seconds + " s)"));
    }
    String expected = login.hostKey();
    if (expected == null && login.trustOnFirstUse()) {
      // A key trusted before (in an earlier run) stays pinned: a different one is a mismatch.
      expected = recorded.get(login.target());
    }
    checks.putIfAbsent(login.target(), new HostKeyCheck(expected, login.trustOnFirstUse()));
    List<KeyPair> keys = new ArrayList<>();
    try {
      if (login.privateKey() != null) {
        keys(login).forEach(keys::add);
      }
    } catch (SshFailure e) {
      return CompletableFuture.failedFuture(e);
    }
    return open(login, keys)
        .handle(
            (session, error) -> {
              if (error == null) {
                sessions.put(login.target(), session);
                backoffs.remove(login.target());
                return session;
              }
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              SshFailure reason = reason(login, cause);
              backoffs.merge(
                  login.target(),
                  new Backoff(0, 0, reason).next(reason),
                  (old, fresh) -> old.next(reason));
              throw new CompletionException(reason);
            });
  }

  /** Connects and authenticates, all on MINA's I/O threads, within the connect timeout. */
  private CompletableFuture<ClientSession> open(Login login, List<KeyPair> keys) {
    CompletableFuture<ClientSession> opened = new CompletableFuture<>();
    long started = System.nanoTime();
    ConnectFuture connecting;
    try {
      connecting =
          client.connect(
              login.user(),
              login.host(),
              login.port(),
              AttributeRepository.ofKeyValuePair(TARGET, login.target()));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    connecting.addListener(
        connected -> {
          if (!connected.isConnected()) {
            Throwable e = connected.getException();
            opened.completeExceptionally(e == null ? new IOException("connect cancelled") : e);
            return;
          }
          ClientSession session = connected.getSession();
          long connectedAt = System.nanoTime();
          keys.forEach(session::addPublicKeyIdentity);
          if (login.password() != null) {
            session.addPasswordIdentity(login.password().reveal());
          }
          try {
            session
                .auth()
                .addListener(
                    auth -> {
                      if (auth.isSuccess()) {
                        timings.put(
                            login.target(),
                            Map.of(
                                Schema.POLL_CONNECT_MS, (connectedAt - started) / 1e6,
                                Schema.POLL_AUTH_MS, (System.nanoTime() - connectedAt) / 1e6));
                        if (!opened.complete(session)) {
                          session.close(true); // too late: the timeout has been reported
                        }
                      } else {
                        session.close(true);
                        Throwable e = auth.getException();
                        opened.completeExceptionally(
                            e == null ? new IOException("authentication failed") : e);
                      }
                    });
          } catch (IOException e) {
            session.close(true);
            opened.completeExceptionally(e);
          }
        });
    long limit = login.connectTimeout().toMillis();
    ScheduledFuture<?> deadline =
        timer.schedule(
            () -> {
              if (opened.completeExceptionally(
                  new java.util.concurrent.TimeoutException(
                      "timeout: no SSH session within " + limit + " ms"))) {
                connecting.cancel();
                if (connecting.isConnected()) {
                  connecting.getSession().close(true);
                }
              }
            },
            limit,
            TimeUnit.MILLISECONDS);
    opened.whenComplete((s, e) -> deadline.cancel(false));
    return opened;
  }

  /** Why a session could not be had: the words for people, and the kind to decide by. */
  private SshFailure reason(Login login, Throwable e) {
    String message = String.valueOf(e.getMessage());
    String expected =
        checks.containsKey(login.target()) ? checks.get(login.target()).expected() : null;
    String seen = offered.get(login.target());
    if (seen != null && expected != null && !expected.equals(seen)) {
      return new SshFailure(
          FailureKind.HOST_KEY_MISMATCH,
          "host key mismatch: expected " + expected + ", offered " + seen);
    }
    if (message.contains("Server key did not validate")) {
      return new SshFailure(
          FailureKind.HOST_KEY_NOT_TRUSTED, "host key not trusted: offered " + seen);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return new SshFailure(
            FailureKind.REFUSED, "connection refused: " + login.host() + ":" + login.port());
      }
    }
    if (message.toLowerCase(java.util.Locale.ROOT).contains("timeout")
        || message.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
      return new SshFailure(FailureKind.TIMEOUT, "timeout: " + message);
    }
    if (message.contains("No more authentication methods")
        || message.toLowerCase(java.util.Locale.ROOT).contains("auth")) {
      return new SshFailure(FailureKind.AUTHENTICATION, "authentication failed: " + message);
    }
    return new SshFailure(FailureKind.CONNECTION, "connection failed: " + message);
  }

  private static Iterable<KeyPair> keys(Login login) throws SshFailure {
    try {
      Iterable<KeyPair> keys =
          SecurityUtils.getKeyPairResourceParser()
              .loadKeyPairs(
                  null,
                  NamedResource.ofName("private_key of " + login.target()),
                  login.passphrase() == null
                      ? FilePasswordProvider.EMPTY
                      : FilePasswordProvider.of(login.passphrase().reveal()),
                  login.privateKey().reveal());
      if (keys == null || !keys.iterator().hasNext()) {
        throw new SshFailure(
            FailureKind.PRIVATE_KEY,
            "the private_key is not an OpenSSH private key (ssh-keygen -t ed25519 makes one)");
      }
      return keys;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new SshFailure(
          FailureKind.PRIVATE_KEY, "the private_key cannot be read: " + e.getMessage());
    }
  }

  /** How long opening the target's session took, if one was opened since the last call. */
  Map<String, Double> takeTimings(String target) {
    Map<String, Double> taken = timings.remove(target);
    return taken == null ? Map.of() : taken;
  }

  /** Closes a target's session; called when it leaves the inventory or breaks. */
  void close(String target) {
    ClientSession session = sessions.remove(target);
    if (session != null) {
      session.close(true);
    }
  }

  /** How to log in to one target; secrets stay wrapped. */
  record Login(
      String target,
      String host,
      int port,
      String user,
      String hostKey,
      boolean trustOnFirstUse,
      Secret privateKey,
      Secret passphrase,
      Secret password,
      Duration connectTimeout) {}

  /** Keeps at most {@code limit} bytes; a hung or chatty command cannot fill the memory. */
  static final class LimitedOutput extends ByteArrayOutputStream {
    private final int limit;
    private boolean truncated;

    LimitedOutput(int limit) {
      this.limit = limit;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = limit - count;
      if (len > room) {
        truncated = true;
      }
      super.write(b, off, Math.max(0, Math.min(len, room)));
    }

    @Override
    public synchronized void write(int b) {
      if (count < limit) {
        super.write(b);
      } else {
        truncated = true;
      }
    }

    boolean truncated() {
      return truncated;
    }

    String text() {
      return toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    sessions.keySet().forEach(this::close);
    timer.shutdownNow();
    try {
      client.stop();
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
