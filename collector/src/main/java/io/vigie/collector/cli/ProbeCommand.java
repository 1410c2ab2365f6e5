package io.vigie.collector.cli;

import io.vigie.collector.Collector;
import io.vigie.collector.probe.Probers;
import io.vigie.collector.source.PollResult;
import io.vigie.model.inventory.Durations;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.Target;
import io.vigie.model.inventory.TargetKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.text.Escape;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigie probe TYPE ...}: runs one probe once, as the collector would, and prints every field
 * it measured; or {@code vigie probe inventory TARGET PROBE} for a probe of the inventory. Exit
 * code 0 when the service is up, 2 when the probe failed, 1 for bad arguments.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = "Troubleshooting: run one service probe once and print what it measured.",
    subcommands = {
      ProbeCommand.Tcp.class,
      ProbeCommand.Http.class,
      ProbeCommand.Icmp.class,
      ProbeCommand.Dns.class,
      ProbeCommand.Sip.class,
      ProbeCommand.Rtsp.class,
      ProbeCommand.FromInventory.class
    })
final class ProbeCommand implements Runnable {

  // Injected by picocli before run(): never read before.
  @SuppressWarnings("NullAway.Init")
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "say which: tcp, http, icmp, dns, sip, rtsp or inventory");
  }

  /** What every ad-hoc probe takes. */
  abstract static class AdHoc implements Callable<Integer> {
    @SuppressWarnings("NullAway.Init") // has a default value: set by picocli
    @Option(names = "--timeout", defaultValue = "10s", description = "the whole run (10s)")
    String timeout;

    @Option(
        names = "--trust-store",
        description = "https: extra certificate authorities (PEM, or PKCS12/JKS without password)")
    @Nullable Path trustStore;

    abstract ProbeSpec spec();

    @Override
    public Integer call() throws Exception {
      Duration limit =
          Durations.parse(timeout)
              .orElseThrow(() -> new IllegalArgumentException("--timeout: not a duration"));
      Probe probe = new Probe("cli", limit.plusSeconds(1), limit, spec());
      Target target =
          new Target(
              "cli",
              "cli",
              TargetKind.SERVICE,
              "",
              probe.interval(),
              null,
              Map.of(),
              Map.of(),
              null,
              null,
              List.of(probe));
      return ProbeCommand.run(target, probe, trustStore);
    }
  }

  @Command(name = "tcp", description = "connect, optionally send a line and expect an answer")
  static final class Tcp extends AdHoc {
    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Parameters(index = "1", paramLabel = "PORT")
    int port;

    @Option(names = "--send", description = "written after connecting (use \\r\\n yourself)")
    @Nullable String send;

    @Option(names = "--expect", description = "a regular expression the answer must match")
    @Nullable String expect;

    @Override
    ProbeSpec spec() {
      return new ProbeSpec.Tcp(
          host,
          port,
          send == null ? null : send.replace("\\r", "\r").replace("\\n", "\n"),
          expect == null ? null : Pattern.compile(expect));
    }
  }

  @Command(name = "http", description = "an HTTP(S) request: status, body, certificate")
  static final class Http extends AdHoc {
    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "0", paramLabel = "URL")
    URI url;

    @SuppressWarnings("NullAway.Init") // has a default value: set by picocli
    @Option(names = "--method", defaultValue = "GET")
    String method;

    @Option(names = "--expect-status", split = ",", description = "default: any 2xx")
    List<Integer> expectStatus = new ArrayList<>();

    @Option(names = "--body-matches")
    @Nullable String bodyMatches;

    @Option(names = "--body-must-not-match")
    @Nullable String bodyMustNotMatch;

    @Option(names = "--no-follow", description = "do not follow redirects")
    boolean noFollow;

    @Option(names = "--insecure", description = "measure the certificate but do not verify it")
    boolean insecure;

    @Option(names = "--header", description = "NAME=VALUE, repeatable")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", description = "the TCP connection (default: --timeout)")
    @Nullable String connectTimeout;

    @Option(
        names = "--read-timeout",
        description = "the server's longest silence (default: --timeout)")
    @Nullable String readTimeout;

    private static @Nullable Duration duration(@Nullable String text, String option) {
      return text == null
          ? null
          : Durations.parse(text)
              .orElseThrow(() -> new IllegalArgumentException(option + ": not a duration"));
    }

    @Override
    ProbeSpec spec() {
      return new ProbeSpec.Http(
          url,
          method,
          expectStatus,
          bodyMatches == null ? null : Pattern.compile(bodyMatches),
          bodyMustNotMatch == null ? null : Pattern.compile(bodyMustNotMatch),
          !noFollow,
          headers,
          null,
          new ProbeSpec.TlsExpectation(21, 7, !insecure),
          duration(connectTimeout, "--connect-timeout"),
          duration(readTimeout, "--read-timeout"));
    }
  }

  @Command(name = "icmp", description = "echo requests: loss and round trips")
  static final class Icmp extends AdHoc {
    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Option(names = "--count", defaultValue = "5")
    int count;

    @Override
    ProbeSpec spec() {
      return new ProbeSpec.Icmp(host, count);
    }
  }

  @Command(name = "dns", description = "a DNS query to a named server")
  static final class Dns extends AdHoc {
    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Option(names = "--server", required = true)
    String server;

    @Option(names = "--port", defaultValue = "53")
    int port;

    @SuppressWarnings("NullAway.Init") // has a default value: set by picocli
    @Option(names = "--record", defaultValue = "A")
    String record;

    @SuppressWarnings("NullAway.Init") // has a default value: set by picocli
    @Option(names = "--expect-rcode", defaultValue = "NOERROR")
    String rcode;

    @Option(names = "--expect", description = "an answer that must be returned, repeatable")
    List<String> expect = new ArrayList<>();

    @Option(names = "--tcp")
    boolean tcp;

    @Override
    ProbeSpec spec() {
      return new ProbeSpec.Dns(server, port, name, record, rcode, expect, tcp);
    }
  }

  @Command(name = "sip", description = "SIP OPTIONS: is the telephony server answering")
  static final class Sip extends AdHoc {
    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Option(names = "--port", defaultValue = "5060")
    int port;

    @Option(names = "--tcp")
    boolean tcp;

    @Override
    ProbeSpec spec() {
      return new ProbeSpec.Sip(host, port, tcp, "sip:" + host + ":" + port);
    }
  }

  @Command(name = "rtsp", description = "RTSP OPTIONS and DESCRIBE: does the camera stream")
  static final class Rtsp extends AdHoc {
    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "0", paramLabel = "URL")
    URI url;

    @Override
    ProbeSpec spec() {
      return new ProbeSpec.Rtsp(url, true, null);
    }
  }

  @Command(name = "inventory", description = "a probe of the inventory, with its credentials")
  static final class FromInventory implements Callable<Integer> {
    @Option(
        names = "--inventory",
        description = "inventory file (default: $VIGIE_INVENTORY, else /etc/vigie/inventory.yml)")
    @Nullable Path inventory;

    @Option(names = "--trust-store", description = "https: extra certificate authorities")
    @Nullable Path trustStore;

    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "0", paramLabel = "TARGET")
    String target;

    @SuppressWarnings("NullAway.Init") // required: set by picocli before call()
    @Parameters(index = "1", paramLabel = "PROBE")
    String probe;

    @Override
    public Integer call() throws Exception {
      Path file =
          inventory != null
              ? inventory
              : Path.of(
                  System.getenv().getOrDefault("VIGIE_INVENTORY", "/etc/vigie/inventory.yml"));
      Inventory parsed = InventoryLoader.withSystemSecrets().load(file);
      Target found = parsed.targetsById().get(target);
      if (found == null) {
        System.err.println("vigie probe: no target " + Escape.quoted(target) + " in " + file);
        return VigieCli.INVALID_INPUT;
      }
      for (Probe p : found.probes()) {
        if (p.name().equals(probe)) {
          return ProbeCommand.run(found, p, trustStore);
        }
      }
      System.err.println(
          "vigie probe: target "
              + target
              + " has no probe "
              + Escape.quoted(probe)
              + "; it has "
              + found.probes().stream().map(Probe::name).toList());
      return VigieCli.INVALID_INPUT;
    }
  }

  /** Runs the probe once through the collector's own probers and prints every field. */
  static int run(Target target, Probe probe, @Nullable Path trustStore) throws Exception {
    try (Probers probers = Collector.defaultProbers(trustStore)) {
      PollResult result =
          probers
              .create(target, probe)
              .poll()
              .toCompletableFuture()
              .get(probe.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      System.out.println("probe    " + probe.type().code() + " " + probe.name());
      System.out.println("up       " + (result.reached() ? "yes" : "no"));
      System.out.println("failure  " + result.failureKind().code());
      if (!result.failure().isEmpty()) {
        System.out.println("reason   " + Escape.controls(result.failure()));
      }
      result
          .samples()
          .forEach(
              sample ->
                  sample
                      .fields()
                      .forEach(
                          (field, value) ->
                              System.out.printf(
                                  "%-14s %s%n", field, Escape.controls(value.toString()))));
      return result.reached() ? VigieCli.OK : VigieCli.FAILURE;
    }
  }
}
