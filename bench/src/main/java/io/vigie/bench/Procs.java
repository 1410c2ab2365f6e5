package io.vigie.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** CPU and memory of processes from /proc, the way the peer scripts read them. */
final class Procs {
  /** USER_HZ on Linux is 100 on every architecture we run on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private Procs() {}

  /** User plus system CPU seconds of a process, all threads. */
  static double cpuSeconds(long pid) {
    try {
      return statCpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** User plus system CPU seconds from a /proc stat line (a process's, or a thread's). */
  static double statCpuSeconds(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /**
   * User plus system CPU seconds of a process and of its children it has waited for (cutime and
   * cstime): a JVM's probes run as child processes (fping) count with it.
   */
  static double cpuSecondsWithReaped(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      long ticks = 0;
      for (int i = 11; i <= 14; i++) {
        ticks += Long.parseLong(fields[i]);
      }
      return ticks / TICKS_PER_SECOND;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** CPU seconds of a process and its live descendants (nginx's master and workers). */
  static double treeCpuSeconds(long pid) {
    double cpu = cpuSeconds(pid);
    for (long child : children(pid)) {
      cpu += treeCpuSeconds(child);
    }
    return cpu;
  }

  private static List<Long> children(long pid) {
    List<Long> out = new ArrayList<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String line = Files.readString(task.resolve("children")).trim();
        if (!line.isEmpty()) {
          for (String c : line.split("\\s+", -1)) {
            out.add(Long.parseLong(c));
          }
        }
      }
    } catch (IOException e) {
      // gone
    }
    return out;
  }

  /** Resident memory in MB (VmRSS), or NaN when the process is gone. */
  static double rssMb(long pid) {
    return statusKb(pid, "VmRSS") / 1024.0;
  }

  /** Peak resident memory in MB (VmHWM). */
  static double peakRssMb(long pid) {
    return statusKb(pid, "VmHWM") / 1024.0;
  }

  private static double statusKb(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(key + ":")) {
          return Double.parseDouble(line.substring(key.length() + 1).trim().split("\\s+", -1)[0]);
        }
      }
    } catch (IOException e) {
      // gone
    }
    return Double.NaN;
  }

  /** Busy CPU seconds of the whole machine, all cores. */
  static double machineBusySeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+", -1);
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy / TICKS_PER_SECOND;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** Runs a command to its end; fails when it exits non-zero. */
  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      String line = String.join(" ", command);
      throw new IllegalStateException(
          line.substring(0, Math.min(40, line.length())) + "... exited " + p.exitValue());
    }
  }

  static String firstLine(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      int nl = out.indexOf('\n');
      return nl < 0 ? out : out.substring(0, nl);
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /**
   * Runs a command to its end, its output and errors to files, and returns the user plus system
   * CPU-seconds of it and every process it waited for (bash's {@code times}: they are gone by the
   * time /proc could be read).
   */
  static double timed(Map<String, String> env, Path out, Path err, List<String> command)
      throws Exception {
    List<String> line =
        new ArrayList<>(List.of("bash", "-c", "\"$@\" >\"$OUT\" 2>\"$ERR\"; times", "bash"));
    line.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put("OUT", out.toString());
    builder.environment().put("ERR", err.toString());
    Process p = builder.start();
    String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    // times: line 2 is the children's "user sys", as 0m1.234s 0m0.567s
    String[] lines = times.split("\n", -1);
    String[] child = lines[lines.length - 1].trim().split("\\s+", -1);
    return minutesSeconds(child[0]) + minutesSeconds(child[1]);
  }

  /** bash's {@code 1m2.345s}. */
  private static double minutesSeconds(String bashTime) {
    int m = bashTime.indexOf('m');
    return Double.parseDouble(bashTime.substring(0, m)) * 60
        + Double.parseDouble(bashTime.substring(m + 1, bashTime.length() - 1));
  }

  /** Stops a process this benchmark started: TERM, then KILL after 20 s. */
  static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
