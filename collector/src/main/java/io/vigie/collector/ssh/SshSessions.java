package io.vigie.collector.ssh;

import io.vigie.model.inventory.Secret;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.schema.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.jspecify.annotations.Nullable;

/**
 * One MINA SSHD client for the whole collector and one kept-open session per target; each command
 * runs in a channel of its own. Host keys are verified against the fingerprint pinned for the
 * target: a mismatch refuses the connection before any authentication or command, and the reason
 * names both fingerprints ({@link HostKeys}). What is kept per target (its session, connection
 * timings and backoff) is one {@link TargetSession}.
 */
public final class SshSessions implements AutoCloseable {
  private static final AttributeRepository.AttributeKey<String> TARGET =
      new AttributeRepository.AttributeKey<>();

  // Started at the first connection: a collector without SSH targets loads none of MINA SSHD's
  // client (some 450 classes and an I/O thread, measured in docs/decisions/0015).
  private @Nullable SshClient client;
  // Ends commands and logins that run past their time; the work itself runs on MINA's threads.
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "vigie-ssh-timeouts");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, TargetSession> targets = new ConcurrentHashMap<>();
  private final HostKeys hostKeys;
  // The time source of backoffs and connection timings; a test gives a ticker it moves itself.
  private final LongSupplier nanoTime;

  /** Sessions without a place to record keys trusted on first use (they last until restart). */
  public SshSessions() {
    this(null);
  }

  /**
   * @param trusted a file where keys trusted on first use are recorded ({@code target fingerprint}
   *     per line), so that a restart keeps them pinned; null to keep them in memory
   */
  public SshSessions(@Nullable Path trusted) {
    this(trusted, System::nanoTime);
  }

  /**
   * @param nanoTime the ticker backoffs are measured with (System.nanoTime() but in tests)
   */
  SshSessions(@Nullable Path trusted, LongSupplier nanoTime) {
    this.hostKeys = new HostKeys(trusted);
    this.nanoTime = nanoTime;
  }

  private synchronized SshClient client() {
    SshClient started = client;
    if (started == null) {
      started = SshClient.setUpDefaultClient();
      // A poll is a few small packets each way: with Nagle's algorithm each waits for a delayed
      // ACK (about 40 ms on Linux), which tripled the cost of a poll on a kept-open session.
      org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(started, true);
      started.setServerKeyVerifier(
          (session, address, key) -> {
            AttributeRepository context = session.getConnectionContext();
            return hostKeys.accept(context == null ? null : context.getAttribute(TARGET), key);
          });
      started.start();
      client = started;
    }
    return started;
  }

  /** The fingerprint a target is pinned to now (after trust on first use, the recorded one). */
  public @Nullable String pinned(String target) {
    return hostKeys.pinned(target);
  }

  private TargetSession of(String target) {
    return targets.computeIfAbsent(target, TargetSession::new);
  }

  /** What a command did: its exit code, its output, and whether it was cut short. */
  record CommandResult(
      @Nullable Integer exitCode, String output, boolean timedOut, boolean truncated) {}

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
    // The dependent future only mirrors the result, whose failure the caller handles.
    CompletableFuture<CommandResult> unusedCancelsDeadline =
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

  /** Starts {@code command} on the target's kept session, its output going to {@code out}. */
  StreamingCommand stream(Login login, String command, OutputStream out, OutputStream err) {
    return StreamingCommand.start(session(login), command, out, err, () -> close(login.target()));
  }

  private CompletableFuture<ClientSession> session(Login login) {
    TargetSession target = of(login.target());
    ClientSession existing = target.usable();
    if (existing != null) {
      return CompletableFuture.completedFuture(existing);
    }
    target.close();
    // A target that just failed is not hammered: its polls fail at once with the last reason.
    SshFailure waiting = target.waiting(nanoTime.getAsLong());
    if (waiting != null) {
      return CompletableFuture.failedFuture(waiting);
    }
    hostKeys.expect(login.target(), login.hostKey(), login.trustOnFirstUse());
    List<KeyPair> keys = new ArrayList<>();
    try {
      if (login.privateKey() != null) {
        keys(login).forEach(keys::add);
      }
    } catch (SshFailure e) {
      return CompletableFuture.failedFuture(e);
    }
    return open(login, target, keys)
        .handle(
            (session, error) -> {
              if (error == null) {
                target.opened(session);
                return session;
              }
              Throwable inner = error.getCause();
              Throwable cause =
                  error instanceof CompletionException && inner != null ? inner : error;
              SshFailure reason = reason(login, cause);
              target.failed(reason, nanoTime.getAsLong());
              throw new CompletionException(reason);
            });
  }

  /** Connects and authenticates, all on MINA's I/O threads, within the connect timeout. */
  private CompletableFuture<ClientSession> open(
      Login login, TargetSession target, List<KeyPair> keys) {
    CompletableFuture<ClientSession> opened = new CompletableFuture<>();
    long started = nanoTime.getAsLong();
    ConnectFuture connecting;
    try {
      connecting =
          client()
              .connect(
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
          long connectedAt = nanoTime.getAsLong();
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
                        target.timed(
                            Map.of(
                                Schema.POLL_CONNECT_MS, (connectedAt - started) / 1e6,
                                Schema.POLL_AUTH_MS, (nanoTime.getAsLong() - connectedAt) / 1e6));
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
    // The dependent future only mirrors the session's, whose failure the caller handles.
    CompletableFuture<ClientSession> unusedCancelsDeadline =
        opened.whenComplete((s, e) -> deadline.cancel(false));
    return opened;
  }

  /** Why a session could not be had: the words for people, and the kind to decide by. */
  private SshFailure reason(Login login, Throwable e) {
    String message = String.valueOf(e.getMessage());
    SshFailure refused = hostKeys.refusal(login.target(), message);
    if (refused != null) {
      return refused;
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
                  Objects.requireNonNull(
                          login.privateKey(), "keys are read only for a login with a private_key")
                      .reveal());
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
    TargetSession session = targets.get(target);
    return session == null ? Map.of() : session.takeTimings();
  }

  /** Closes a target's session; called when it leaves the inventory or breaks. */
  void close(String target) {
    TargetSession session = targets.get(target);
    if (session != null) {
      session.close();
    }
  }

  /** How to log in to one target; secrets stay wrapped. */
  record Login(
      String target,
      String host,
      int port,
      String user,
      @Nullable String hostKey,
      boolean trustOnFirstUse,
      @Nullable Secret privateKey,
      @Nullable Secret passphrase,
      @Nullable Secret password,
      Duration connectTimeout) {}

  @Override
  public synchronized void close() {
    targets.values().forEach(TargetSession::close);
    timer.shutdownNow();
    SshClient started = client;
    try {
      if (started != null) {
        started.stop();
        started.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
