package io.vigie.collector.ssh;

import io.vigie.model.poll.FailureKind;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.jspecify.annotations.Nullable;

/**
 * A command that runs until it ends or is stopped ({@code journalctl --follow}, {@code tail -F}) in
 * a channel of a target's kept session, its output handed on as it comes.
 *
 * @param ended completes with the exit code (null when there was none: stopped, or the session was
 *     lost), or fails when no session or channel could be had
 * @param stop closes the channel (sshd then sends the command SIGHUP)
 */
record StreamingCommand(CompletableFuture<@Nullable Integer> ended, Runnable stop) {

  /**
   * Opens the channel once {@code session} is there.
   *
   * @param sessionLost called when the session broke under the command (the next use opens another)
   */
  static StreamingCommand start(
      CompletableFuture<ClientSession> session,
      String command,
      OutputStream out,
      OutputStream err,
      Runnable sessionLost) {
    CompletableFuture<@Nullable Integer> ended = new CompletableFuture<>();
    AtomicReference<@Nullable ChannelExec> running = new AtomicReference<>();
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable stop =
        () -> {
          stopped.set(true);
          ChannelExec channel = running.get();
          if (channel != null) {
            channel.close(true);
          }
          ended.complete(null);
        };
    CompletableFuture<Void> unused =
        session
            .thenAccept(s -> open(s, command, out, err, sessionLost, ended, running, stopped))
            .exceptionally(
                e -> {
                  ended.completeExceptionally(
                      e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                  return null;
                });
    return new StreamingCommand(ended, stop);
  }

  private static void open(
      ClientSession session,
      String command,
      OutputStream out,
      OutputStream err,
      Runnable sessionLost,
      CompletableFuture<@Nullable Integer> ended,
      AtomicReference<@Nullable ChannelExec> running,
      AtomicBoolean stopped) {
    try {
      ChannelExec channel = session.createExecChannel(command);
      channel.setOut(out);
      channel.setErr(err);
      channel.addCloseFutureListener(
          closed -> {
            if (!session.isOpen()) {
              sessionLost.run();
            }
            ended.complete(channel.getExitStatus());
          });
      running.set(channel);
      if (stopped.get()) {
        channel.close(true);
        return;
      }
      channel
          .open()
          .addListener(
              opened -> {
                if (!opened.isOpened()) {
                  Throwable e = opened.getException();
                  ended.completeExceptionally(
                      new SshFailure(
                          FailureKind.COMMAND_FAILED,
                          "cannot open a channel: " + (e == null ? "refused" : e.getMessage())));
                  channel.close(true);
                }
              });
    } catch (IOException e) {
      sessionLost.run();
      ended.completeExceptionally(
          new SshFailure(FailureKind.IO, "command failed: " + e.getMessage()));
    }
  }
}
