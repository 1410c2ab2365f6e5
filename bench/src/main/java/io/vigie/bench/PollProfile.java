package io.vigie.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Where a poll's CPU and allocations go, from a JDK Flight Recorder recording of the collector
 * polling: each execution sample and each allocation sample is given to the stage of its first
 * frame outside the JDK, counting from the top of the stack (a HashMap lookup made by the table
 * walk is the table walk's). Execution samples see Java code only: garbage collection, the JIT and
 * time in system calls are in {@link ThreadCpu}'s figures instead.
 */
final class PollProfile {
  /** The stages, in the order a poll goes through them. */
  static final List<String> STAGES =
      List.of(
          "scheduler",
          "Vigie: requests and table walk",
          "SNMP4J: BER encoding and decoding",
          "SNMP4J: messages, session, transport",
          "Vigie: varbinds to samples",
          "Vigie: counter rates",
          "Vigie: points",
          "benchmark's counting of poll points",
          "JDK only (threads, futures, sockets)",
          "other");

  /**
   * Samples and allocated bytes (JFR's estimate: each allocation sample weighs the bytes it stands
   * for) by stage.
   */
  record Breakdown(
      Map<String, Long> samples,
      Map<String, Long> allocatedBytes,
      Map<String, Long> hotMethods,
      Map<String, Long> allocationSites) {
    long totalSamples() {
      return samples.values().stream().mapToLong(Long::longValue).sum();
    }

    long totalAllocatedBytes() {
      return allocatedBytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private PollProfile() {}

  static Breakdown read(Path recording) throws IOException {
    Map<String, Long> samples = new LinkedHashMap<>();
    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, Long> methods = new HashMap<>();
    Map<String, Long> sites = new HashMap<>();
    STAGES.forEach(
        s -> {
          samples.put(s, 0L);
          bytes.put(s, 0L);
        });
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      String type = event.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        samples.merge(stage(event.getStackTrace()), 1L, Long::sum);
        methods.merge(leaf(event.getStackTrace()), 1L, Long::sum);
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        long weight = event.getLong("weight");
        bytes.merge(stage(event.getStackTrace()), weight, Long::sum);
        RecordedClass object = event.getClass("objectClass");
        sites.merge(
            (object == null ? "?" : object.getName()) + " in " + site(event.getStackTrace()),
            weight,
            Long::sum);
      }
    }
    return new Breakdown(samples, bytes, top(methods), top(sites));
  }

  /** The ten largest entries, largest first. */
  private static Map<String, Long> top(Map<String, Long> counts) {
    Map<String, Long> top = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(10)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }

  /** The method on top of the stack. */
  private static String leaf(@Nullable RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "?";
    }
    return name(stack.getFrames().get(0));
  }

  /** The first method outside the JDK from the top, and the JDK method it called, if any. */
  private static String site(@Nullable RecordedStackTrace stack) {
    if (stack == null) {
      return "?";
    }
    String jdk = null;
    for (RecordedFrame frame : stack.getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
        jdk = jdk == null ? name(frame) : jdk;
        continue;
      }
      return name(frame) + (jdk == null ? "" : " (" + jdk + ")");
    }
    return jdk == null ? "?" : jdk;
  }

  private static String name(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  static String stage(@Nullable RecordedStackTrace stack) {
    if (stack == null) {
      return "other";
    }
    for (RecordedFrame frame : stack.getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
        continue;
      }
      return stageOf(type);
    }
    return "JDK only (threads, futures, sockets)";
  }

  static String stageOf(String type) {
    String snmp = "io.vigie.collector.snmp.";
    if (type.startsWith("org.snmp4j.asn1.") || type.startsWith("org.snmp4j.smi.")) {
      return "SNMP4J: BER encoding and decoding";
    }
    if (type.startsWith("org.snmp4j.")) {
      return "SNMP4J: messages, session, transport";
    }
    if (type.startsWith(snmp + "TableWalk")
        || type.startsWith(snmp + "SnmpFetch")
        || type.startsWith(snmp + "SnmpEngine")) {
      return "Vigie: requests and table walk";
    }
    if (type.startsWith(snmp + "CounterRates")) {
      return "Vigie: counter rates";
    }
    if (type.startsWith(snmp)) {
      return "Vigie: varbinds to samples";
    }
    if (type.startsWith("io.vigie.collector.point.")
        || type.startsWith("io.vigie.collector.source.")
        || type.startsWith("io.vigie.collector.schedule.PollEmission")
        || type.startsWith("io.vigie.model.poll.")) {
      return "Vigie: points";
    }
    if (type.startsWith("io.vigie.collector.schedule.")) {
      return "scheduler";
    }
    if (type.startsWith("io.vigie.bench.")) {
      return "benchmark's counting of poll points";
    }
    return "other";
  }
}
