package io.vigie.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The console benchmark's section of docs/benchmarks.md. */
final class ConsoleReport {
  private ConsoleReport() {}

  static String markdown(
      ConsoleBench.Setup s, List<ConsoleBench.Round> rounds, boolean peerLive, String peerVersion) {
    StringBuilder md = new StringBuilder();
    md.append(
        f(
            "## Console: the problems page at %,d targets, %,d in trouble%n%n"
                + "`./vigie bench console`, run %s. %s Debian's chromium %s, driven by Selenium through chromedriver.%n%n",
            s.targets(),
            s.troubled(),
            LocalDate.now(ZoneOffset.UTC),
            Report.machine(),
            Procs.firstLine("dpkg-query", "-W", "-f=${Version}", "chromium")));
    md.append(
        f(
            "Vigie: the alerting service (Spring Boot, in the benchmark's JVM) over a real InfluxDB"
                + " fed every 10 s with every target's poll, as collectors write them; %,d targets"
                + " over %d clients, %,d of them failing (3 in 5 ERROR: a changed host key or a"
                + " refused login; 2 in 5 DEAD: timeouts); an operator (a NOC user: every client,"
                + " an acknowledge form on each problem) logged in once through the form. Peer: %s"
                + " (Debian's prometheus-alertmanager, a null receiver, grouped by client) fed the"
                + " same %,d problems through its API v2, its UI (upstream's build of it, from"
                + " Debian's golang-github-prometheus-alertmanager-dev: the binary package ships"
                + " none) with *Expand all groups* on, so that it shows every alert as Vigie"
                + " shows every problem. One headless chromium (1920x1080) for both; after one"
                + " unmeasured load of each, %d repeats interleaved (peer, Vigie, ...), each a fresh"
                + " load from a blank page, the browser's cache warm for both.%n%n",
            s.targets(), s.clients(), s.troubled(), peerVersion, s.troubled(), s.repeats()));
    md.append(
        "*First render*: from the navigation's start to every item in the DOM (a MutationObserver"
            + " put in the page before its scripts, counting Vigie's `li.problem`, Alertmanager's"
            + " alert rows) and the frame after it. *Update*: Vigie's, from the moment the service"
            + " has stored the new status (its own transition listener, in the same JVM) to the"
            + " new problem's item in the page (the observer, `Date.now()`: the same clock), the"
            + " page left open with its live stream; the new problem is a failed poll written to"
            + " InfluxDB, judged at the service's next 10 s evaluation (not counted).");
    md.append(
        peerLive
            ? " Alertmanager's page showed a new alert by itself."
            : f(
                " Alertmanager 0.25's page has no live update (its Elm program subscribes to"
                    + " nothing: `subscriptions = always Sub.none`); a new alert did not appear"
                    + " within %d s without a reload. Its *update* is therefore the best it"
                    + " offers: from its API's answer to the POST to the alert in a page reloaded"
                    + " at once.",
                s.peerWaitS()));
    md.append(
        f("%n%n| figure | Vigie | Alertmanager | Vigie / Alertmanager |%n|---|---|---|---|%n"));
    md.append(
        row(
            "**first render**, median [range]",
            rounds,
            r -> r.vigie().painted(),
            r -> r.peer().painted()));
    md.append(
        row(
            "**update**, median [range]" + (peerLive ? "" : " (Alertmanager: with a reload)"),
            rounds,
            ConsoleBench.Round::vigieUpdateMs,
            ConsoleBench.Round::peerUpdateMs));
    md.append(
        f(
            "| first render, medians: HTML's first byte / last byte / DOMContentLoaded / load /"
                + " every item in the DOM | %s | %s | |%n",
            stages(rounds, ConsoleBench.Round::vigie), stages(rounds, ConsoleBench.Round::peer)));
    long askedAgain = rounds.stream().filter(r -> Double.isFinite(r.firstSwap().start())).count();
    md.append(
        f(
            "| Vigie's page: its live stream's first event, median ms from the navigation; the"
                + " list asked again then (only when an event was sent after the page was rendered)"
                + " | %.0f ms; asked again in %d of %d repeats | | |%n",
            median(rounds, r -> r.firstSwap().end()), askedAgain, rounds.size()));
    md.append(
        f(
            "| of which the list's data: in the HTML / the API's answer (median) | %s | %.0f ms |"
                + " |%n",
            "in the HTML", median(rounds, r -> r.peer().apiEnd())));
    md.append(
        f(
            "| the page's HTML (decoded) | %s | %s | |%n",
            kb(rounds.get(0).vigie().htmlBytes()), kb(rounds.get(0).peer().htmlBytes())));
    md.append(
        f(
            "| Vigie's update, medians: stored to the list asked again (the event and the page's"
                + " script) / to its first byte (the server renders the list) / to its last byte"
                + " / to the item in the DOM | %.0f / %.0f / %.0f / %.0f ms | | |%n",
            median(rounds, r -> r.fetch().start() - r.stored()),
            median(rounds, r -> r.fetch().firstByte() - r.stored()),
            median(rounds, r -> r.fetch().end() - r.stored()),
            median(rounds, ConsoleBench.Round::vigieUpdateMs)));
    double render = max(rounds, r -> r.vigie().painted());
    double update = max(rounds, ConsoleBench.Round::vigieUpdateMs);
    md.append(
        f(
            "%nTarget (issue 18): first render under 1 s, **%s** (median %.0f ms, slowest %.0f"
                + " ms); update under 1 s after the decision is stored, **%s** (median %.0f ms,"
                + " slowest %.0f ms). A ratio is the median of the repeats' own ratios, with their"
                + " range; under 1, Vigie is faster.%n",
            render < 1000
                ? "met"
                : median(rounds, r -> r.vigie().painted()) < 1000 ? "met at the median" : "not met",
            median(rounds, r -> r.vigie().painted()),
            render,
            update < 1000
                ? "met"
                : median(rounds, ConsoleBench.Round::vigieUpdateMs) < 1000
                    ? "met at the median"
                    : "not met",
            median(rounds, ConsoleBench.Round::vigieUpdateMs),
            update));
    return md.toString();
  }

  private static String row(
      String name,
      List<ConsoleBench.Round> rounds,
      ToDoubleFunction<ConsoleBench.Round> vigie,
      ToDoubleFunction<ConsoleBench.Round> peer) {
    return f(
        "| %s | %s | %s | %s |%n",
        name,
        range(rounds, vigie, " ms", 0),
        range(rounds, peer, " ms", 0),
        range(rounds, r -> vigie.applyAsDouble(r) / peer.applyAsDouble(r), "", 2));
  }

  private static String stages(
      List<ConsoleBench.Round> rounds,
      java.util.function.Function<ConsoleBench.Round, ConsoleBrowser.Render> side) {
    return f(
        "%.0f / %.0f / %.0f / %.0f / %.0f ms",
        median(rounds, r -> side.apply(r).responseStart()),
        median(rounds, r -> side.apply(r).responseEnd()),
        median(rounds, r -> side.apply(r).domContentLoaded()),
        median(rounds, r -> side.apply(r).load()),
        median(rounds, r -> side.apply(r).items()));
  }

  private static String range(
      List<ConsoleBench.Round> rounds,
      ToDoubleFunction<ConsoleBench.Round> f,
      String unit,
      int dp) {
    double[] v = sorted(rounds, f);
    String p = "%." + dp + "f";
    return f(
        "**" + p + "%s** [" + p + "–" + p + "]",
        MailLatencyBench.percentile(v, 50),
        unit,
        v.length == 0 ? Double.NaN : v[0],
        v.length == 0 ? Double.NaN : v[v.length - 1]);
  }

  private static double[] sorted(
      List<ConsoleBench.Round> rounds, ToDoubleFunction<ConsoleBench.Round> f) {
    return rounds.stream().mapToDouble(f).filter(Double::isFinite).sorted().toArray();
  }

  private static double median(
      List<ConsoleBench.Round> rounds, ToDoubleFunction<ConsoleBench.Round> f) {
    return MailLatencyBench.percentile(sorted(rounds, f), 50);
  }

  private static double max(
      List<ConsoleBench.Round> rounds, ToDoubleFunction<ConsoleBench.Round> f) {
    return Arrays.stream(sorted(rounds, f)).max().orElse(Double.NaN);
  }

  private static String kb(long bytes) {
    return f("%,.0f kB", bytes / 1e3);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
