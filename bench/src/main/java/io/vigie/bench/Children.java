package io.vigie.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Processes a benchmark starts, each with its output in a log file; closing stops them by PID, last
 * started first: SIGTERM, then SIGKILL after 10 s.
 */
final class Children implements AutoCloseable {
  private final List<Process> started = new ArrayList<>();

  Process start(Path log, String... command) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    return p;
  }

  /** Fails, naming the log, when a started process has already exited. */
  void checkAlive(Process p, Path log) {
    if (!p.isAlive()) {
      throw new IllegalStateException(
          "pid " + p.pid() + " exited " + p.exitValue() + "; see " + log);
    }
  }

  /** Interrupted, kills what is left at once and keeps the interrupt. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).destroy();
    }
    try {
      for (int i = started.size() - 1; i >= 0; i--) {
        Process p = started.get(i);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      started.forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
    }
    started.clear();
  }
}
