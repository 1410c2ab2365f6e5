package io.vigie.collector.probe;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ICMP echo through Debian's {@code fping} (installed with {@code cap_net_raw}): one child process
 * per run, {@code fping -C COUNT -q -p PERIOD -t WAIT HOST}, awaited with {@link Process#onExit}
 * (no thread held), its per-request round trips read from what it prints on stderr, {@code HOST :
 * 0.05 - 0.04} ({@code -} for a request without a reply). A process per run costs a fork and exec
 * (a millisecond or two of CPU and about a megabyte for its lifetime): 2,000 probes every 30 s are
 * about 70 processes a second, some 300 alive at a time with 5 requests 1 s apart.
 */
final class FpingPing implements Ping {
  private static final Pattern RESULT =
      Pattern.compile("^(\\S+)\\s*:((?:\\s+(?:[0-9.]+|-))+)\\s*$", Pattern.MULTILINE);
  private static final Pattern VALUE = Pattern.compile("[0-9.]+|-");
  private static final long KILL_GRACE_MS = 1_000;

  private final String fping;

  FpingPing(String fping) {
    this.fping = fping;
  }

  /** The fping on the PATH, if there is one. */
  static Optional<FpingPing> find() {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>();
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "fping");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(new FpingPing(candidate.toString()));
      }
    }
    return Optional.empty();
  }

  String executable() {
    return fping;
  }

  @Override
  public String name() {
    return "fping";
  }

  @Override
  public CompletableFuture<Outcome> ping(String host, int count, long periodMs, long waitMs) {
    List<String> command =
        List.of(
            fping,
            "-C",
            Integer.toString(count),
            "-q",
            "-p",
            Long.toString(periodMs),
            "-t",
            Long.toString(waitMs),
            host);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return CompletableFuture.completedFuture(
          Outcome.failed("cannot run " + fping + ": " + e.getMessage()));
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // fping reads nothing.
    }
    long limitMs = (count - 1) * periodMs + waitMs + KILL_GRACE_MS;
    return process
        .onExit()
        .orTimeout(limitMs, TimeUnit.MILLISECONDS)
        .handle(
            (exited, timeout) -> {
              if (timeout != null) {
                process.destroyForcibly();
                return new Outcome(
                    false, "fping did not end within " + limitMs + " ms", count, List.of());
              }
              return parse(host, count, exited.exitValue(), readAll(process.getInputStream()));
            });
  }

  private static String readAll(InputStream in) {
    // The process has exited: what it printed is in the pipe, well under its 64 KiB.
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * What fping's output says. Exit 2 is a name that does not resolve; the result line gives each
   * request's round trip in ms or {@code -}.
   */
  static Outcome parse(String host, int count, int exitCode, String output) {
    Matcher m = RESULT.matcher(output);
    String values = null;
    while (m.find()) {
      values = m.group(2);
    }
    if (values == null) {
      String said = output.strip().replaceAll("\\s+", " ");
      if (exitCode == 2) {
        return Outcome.unresolved(said.isEmpty() ? host + ": the name does not resolve" : said);
      }
      return Outcome.failed("fping exited with " + exitCode + (said.isEmpty() ? "" : ": " + said));
    }
    List<Double> rtts = new ArrayList<>();
    int sent = 0;
    for (Matcher v = VALUE.matcher(values); v.find(); ) {
      String value = v.group();
      sent++;
      if (!"-".equals(value)) {
        rtts.add(Double.parseDouble(value));
      }
    }
    String error = null;
    if (sent != count) {
      error = String.format(Locale.ROOT, "fping reported %d of %d requests", sent, count);
    }
    return new Outcome(false, error, sent, rtts);
  }
}
