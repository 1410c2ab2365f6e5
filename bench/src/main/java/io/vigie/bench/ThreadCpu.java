package io.vigie.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This JVM's CPU-seconds by kind of thread, from /proc/self/task: exact where a sampling profiler
 * is not (garbage collection and the JIT compilers run outside Java code, and time in system calls
 * is not sampled). Threads that ended between two readings take their CPU with them; the
 * collector's threads live as long as it does.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /** CPU-seconds so far of each kind of thread alive now. */
  static Map<String, Double> byKind() throws IOException {
    Map<String, Double> kinds = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        kinds.merge(kind(name), Procs.statCpuSeconds(stat), Double::sum);
      }
    }
    return kinds;
  }

  /** CPU-seconds of each kind since {@code before}. */
  static Map<String, Double> since(Map<String, Double> before) throws IOException {
    Map<String, Double> now = byKind();
    Map<String, Double> spent = new LinkedHashMap<>();
    now.forEach((kind, s) -> spent.put(kind, Math.max(0, s - before.getOrDefault(kind, 0.0))));
    return spent;
  }

  /** The kind of a thread from its name (as /proc gives it: 15 characters at most). */
  static String kind(String name) {
    if (name.startsWith("vigie-poll")) {
      return "poll workers (sources, samples, points)";
    }
    if (name.startsWith("vigie-schedule")) {
      return "scheduler";
    }
    if (name.startsWith("DefaultUDPTrans")) {
      return "SNMP4J receiving thread (decoding, then the response's callbacks)";
    }
    if (name.startsWith("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "garbage collection (the VM thread, with the serial collector)";
    }
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT compilers";
    }
    return "other threads (benchmark, JFR, VM)";
  }
}
