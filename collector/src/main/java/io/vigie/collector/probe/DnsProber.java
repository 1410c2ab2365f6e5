package io.vigie.collector.probe;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * DNS probes: one query of the probe's name and type to the probe's server, over UDP or TCP, with
 * dnsjava's asynchronous resolver (its one selector thread waits, not ours). A UDP answer that is
 * truncated is asked again over TCP by dnsjava. The query is sent once: a lost datagram is a
 * timeout, as for a server that does not answer (the probe's interval is the retry).
 *
 * <p>Up when the RCODE is the expected one (NOERROR unless the probe says otherwise) and every
 * expected answer is among the answer section's records, compared as {@link DnsAnswers} says.
 */
public final class DnsProber implements Prober {
  private final ExecutorService lookups;

  public DnsProber() {
    this.lookups = lookupExecutor("vigie-dns-lookup");
  }

  @Override
  public CompletionStage<ProbeResult> run(Probe probe) {
    if (!(probe.spec() instanceof ProbeSpec.Dns spec)) {
      throw new IllegalArgumentException("not a dns probe: " + probe.spec());
    }
    long start = System.nanoTime();
    Map<String, Object> fields = new LinkedHashMap<>();
    Message query;
    try {
      int type = Type.value(spec.recordType().toUpperCase(Locale.ROOT));
      if (type < 0) {
        return Probers.now(
            ProbeResult.failed(
                FailureKind.INTERNAL, "unknown DNS record type " + spec.recordType(), fields));
      }
      query =
          Message.newQuery(
              Record.newRecord(Name.fromString(spec.name(), Name.root), type, DClass.IN));
    } catch (TextParseException e) {
      return Probers.now(
          ProbeResult.failed(
              FailureKind.INTERNAL,
              "invalid DNS name " + spec.name() + ": " + e.getMessage(),
              fields));
    }
    String where = spec.server() + ":" + spec.port() + (spec.tcp() ? " over TCP" : "");
    return address(spec.server(), lookups)
        .handle(
            (address, error) -> {
              if (error != null) {
                return Probers.now(nameFailure(spec.server(), error, fields));
              }
              if (!isLiteral(spec.server())) {
                fields.put(ProbeSchema.DNS_MS, millisSince(start));
              }
              SimpleResolver resolver =
                  new SimpleResolver(new InetSocketAddress(address, spec.port()));
              resolver.setTCP(spec.tcp());
              resolver.setTimeout(remaining(probe, start));
              // Parsing the answer and judging it are short: done on dnsjava's selector thread,
              // not handed to the common pool (one thread on 2 cores) and back.
              return resolver
                  .sendAsync(query, Runnable::run)
                  .handle((answer, failure) -> judge(spec, where, start, answer, failure, fields));
            })
        .thenCompose(stage -> stage);
  }

  private static ProbeResult judge(
      ProbeSpec.Dns spec,
      String where,
      long start,
      @Nullable Message answer,
      @Nullable Throwable failure,
      Map<String, Object> fields) {
    fields.put(ProbeSchema.DURATION_MS, millisSince(start));
    if (answer == null) {
      Throwable cause = unwrap(failure);
      return ProbeResult.failed(kindOf(cause), "DNS server " + where + ": " + words(cause), fields);
    }
    String rcode = Rcode.string(answer.getRcode());
    List<Record> records = answer.getSection(Section.ANSWER);
    fields.put(ProbeSchema.DNS_RCODE, rcode);
    fields.put(ProbeSchema.DNS_ANSWERS, records.size());
    if (!rcode.equalsIgnoreCase(spec.expectRcode().strip())) {
      return ProbeResult.failed(
          FailureKind.DNS_RCODE,
          "DNS server "
              + where
              + " answered "
              + rcode
              + " for "
              + spec.name()
              + " "
              + spec.recordType()
              + ", expected "
              + spec.expectRcode(),
          fields);
    }
    List<String> missing = new ArrayList<>();
    for (String expected : spec.expectAnswers()) {
      if (records.stream().noneMatch(r -> DnsAnswers.matches(expected, r))) {
        missing.add(expected);
      }
    }
    if (!missing.isEmpty()) {
      List<String> got = records.stream().map(Record::rdataToString).toList();
      return ProbeResult.failed(
          FailureKind.DNS_ANSWER,
          "DNS server "
              + where
              + " answered "
              + spec.name()
              + " "
              + spec.recordType()
              + " without "
              + String.join(", ", missing)
              + " (got "
              + (got.isEmpty() ? "no record" : String.join(", ", got))
              + ")",
          fields);
    }
    return ProbeResult.up(fields);
  }

  private static FailureKind kindOf(Throwable cause) {
    if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
      return FailureKind.TIMEOUT;
    }
    if (cause instanceof ConnectException || cause instanceof PortUnreachableException) {
      return FailureKind.REFUSED;
    }
    if (cause instanceof IOException) {
      String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("timed out") || message.contains("timeout")) {
        return FailureKind.TIMEOUT;
      }
      if (message.contains("refused") || message.contains("unreachable")) {
        return FailureKind.REFUSED;
      }
      return FailureKind.CONNECTION;
    }
    return FailureKind.INTERNAL;
  }

  // ---- shared by the SIP and RTSP probers: where a probe goes, without a waiting worker ----

  /** The probe's time left, at least a millisecond. */
  static java.time.Duration remaining(Probe probe, long startNanos) {
    long left = probe.timeout().toNanos() - (System.nanoTime() - startNanos);
    return java.time.Duration.ofNanos(Math.max(left, 1_000_000));
  }

  static double millisSince(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
  }

  /** Whether {@code host} is an address literal (no lookup needed). */
  static boolean isLiteral(String host) {
    return literal(host) != null;
  }

  private static @Nullable InetAddress literal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    byte[] bytes = org.xbill.DNS.Address.toByteArray(h, org.xbill.DNS.Address.IPv4);
    if (bytes == null) {
      bytes = org.xbill.DNS.Address.toByteArray(h, org.xbill.DNS.Address.IPv6);
    }
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * The address of {@code host}: at once for a literal, else the system's resolver on {@code
   * lookups} (the JDK has no asynchronous lookup: the wait is on that small pool, never on the
   * scheduler's workers).
   */
  static CompletableFuture<InetAddress> address(String host, ExecutorService lookups) {
    InetAddress literal = literal(host);
    if (literal != null) {
      return CompletableFuture.completedFuture(literal);
    }
    CompletableFuture<InetAddress> result = new CompletableFuture<>();
    try {
      lookups.execute(
          () -> {
            try {
              result.complete(InetAddress.getByName(host));
            } catch (UnknownHostException | RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  static ProbeResult nameFailure(String host, Throwable error, Map<String, Object> fields) {
    Throwable cause = unwrap(error);
    if (cause instanceof UnknownHostException) {
      return ProbeResult.failed(
          FailureKind.NAME_RESOLUTION, "host name " + host + " does not resolve", fields);
    }
    return ProbeResult.failed(
        FailureKind.INTERNAL, "resolving " + host + ": " + words(cause), fields);
  }

  /** A small pool of daemon threads for the system's blocking name lookups. */
  static ExecutorService lookupExecutor(String name) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            4,
            4,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  static Throwable unwrap(@Nullable Throwable error) {
    Throwable t = error == null ? new IllegalStateException("no answer and no error") : error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String words(Throwable cause) {
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : message + " (" + name + ")";
  }

  @Override
  public void close() {
    lookups.shutdownNow();
  }
}
