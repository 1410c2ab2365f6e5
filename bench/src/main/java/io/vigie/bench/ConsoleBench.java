package io.vigie.bench;

import io.vigie.alerting.status.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The console in the browser (issue 18): with N targets and P of them in trouble, the problems
 * page's first render and its live update after a decision, in Debian's chromium, beside
 * Alertmanager's UI showing the same P alerts in the same run ({@link ConsolePeer}). Repeats are
 * interleaved (peer, Vigie, peer, Vigie...), each a fresh page load.
 *
 * <p>{@code --targets N (10000) --clients N (100) --troubled N (500) --repeats N (5) --peer-wait-s
 * N (30) --quick (1,000 targets, 20 clients, 50 in trouble, 3 repeats, 10 s) --am-assets FILE
 * (assets_vfsdata.go of golang-github-prometheus-alertmanager-dev) --out FILE}
 */
public final class ConsoleBench {
  private ConsoleBench() {}

  /** The settings of a run. */
  record Setup(int targets, int clients, int troubled, int repeats, int peerWaitS) {}

  /**
   * One repeat: each side's page load, and its update: Vigie's from the stored transition to the
   * item in the DOM, with the swap's fetch (start, first byte, end; epoch ms); the peer's from its
   * API's answer to the item in a page reloaded at once.
   */
  record Round(
      ConsoleBrowser.Render peer,
      double peerUpdateMs,
      ConsoleBrowser.Render vigie,
      double vigieUpdateMs,
      double stored,
      ConsoleBrowser.Fetch fetch,
      double seen,
      ConsoleBrowser.Fetch firstSwap) {}

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    Map<String, String> opts =
        WriterBench.options(
            Arrays.stream(args).filter(a -> !"--quick".equals(a)).toArray(String[]::new));
    Setup setup =
        new Setup(
            Integer.parseInt(opts.getOrDefault("targets", quick ? "1000" : "10000")),
            Integer.parseInt(opts.getOrDefault("clients", quick ? "20" : "100")),
            Integer.parseInt(opts.getOrDefault("troubled", quick ? "50" : "500")),
            Integer.parseInt(opts.getOrDefault("repeats", quick ? "3" : "5")),
            Integer.parseInt(opts.getOrDefault("peer-wait-s", quick ? "10" : "30")));
    Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks.md"));
    Path assets =
        Path.of(
            opts.getOrDefault(
                "am-assets",
                "/usr/share/gocode/src/github.com/prometheus/alertmanager/asset/assets_vfsdata.go"));
    if (setup.repeats() < 3 || setup.troubled() < 1 || setup.troubled() > setup.targets() / 2) {
      throw new IllegalArgumentException(
          "--repeats 3 or more, --troubled at most half the targets");
    }
    Path work = Files.createTempDirectory("vigie-bench-console-");
    WriterBench.log("console: work dir %s", work);
    List<Round> rounds = new ArrayList<>();
    boolean peerLive;
    String peerVersion;
    try (ConsoleVigie vigie =
            ConsoleVigie.start(
                work.resolve("vigie"), setup.targets(), setup.clients(), setup.troubled());
        ConsolePeer peer = ConsolePeer.start(work.resolve("peer"), assets);
        ConsoleBrowser browser = ConsoleBrowser.start()) {
      peerVersion = peer.version();
      List<ConsoleVigie.Problem> problems = vigie.problems();
      peer.fire(problems);
      if (peer.active() != setup.troubled()) {
        throw new IllegalStateException("Alertmanager holds " + peer.active() + " alerts");
      }
      WriterBench.log("console: %d problems in both", problems.size());
      browser.logIn(vigie.login(), ConsoleVigie.USER, ConsoleVigie.PASSWORD);
      // Its "Expand all groups": every alert shown, as Vigie's page shows every problem.
      browser.localStorage(peer.origin(), "groupExpandAll", "true");
      // One load of each, not counted: the service's and the browser's first runs of their code.
      browser.load(peer.page(), ConsoleBrowser.Kind.PEER, setup.troubled(), null);
      browser.load(vigie.page(), ConsoleBrowser.Kind.VIGIE, setup.troubled(), null);
      peerLive = peerUpdatesItself(vigie, peer, browser, setup);
      for (int r = 0; r < setup.repeats(); r++) {
        String target = vigie.healthy(r + 1);
        ConsoleVigie.Problem extra =
            new ConsoleVigie.Problem(
                vigie.clientOf(target), target, "ERROR", "the host key changed");
        // The peer: its page, then a new alert and the page reloaded at once (it has no live
        // update).
        ConsoleBrowser.Render p =
            browser.load(peer.page(), ConsoleBrowser.Kind.PEER, setup.troubled(), null);
        browser.prepare(ConsoleBrowser.Kind.PEER, setup.troubled() + 1, target);
        peer.fire(List.of(extra));
        double posted = System.currentTimeMillis();
        browser.open(peer.page());
        double peerSeen = browser.seen(60_000);
        peer.resolve(extra);
        // Vigie: its page, the live stream's first swap done, then a breach in InfluxDB.
        ConsoleBrowser.Render v =
            browser.load(vigie.page(), ConsoleBrowser.Kind.VIGIE, setup.troubled(), null);
        long end = System.currentTimeMillis() + 30_000;
        while (browser.number(
                    "return Number(document.getElementById('problems').dataset.updated" + " || 0);")
                == 0
            && System.currentTimeMillis() < end) {
          TimeUnit.MILLISECONDS.sleep(50);
        }
        ConsoleBrowser.Fetch swap = browser.firstSwap();
        TimeUnit.MILLISECONDS.sleep(500);
        browser.watch(target);
        vigie.breach(target);
        long stored = vigie.awaitStored(target, Status.ERROR, 60_000);
        double seen = browser.seen(60_000);
        ConsoleBrowser.Fetch fetch = browser.fetchBeforeSeen("/console/problems");
        vigie.recover(target);
        vigie.awaitStored(target, Status.RUN, 60_000);
        Round round = new Round(p, peerSeen - posted, v, seen - stored, stored, fetch, seen, swap);
        rounds.add(round);
        WriterBench.log(
            "console %d/%d: first render peer %.0f ms, Vigie %.0f ms; update peer (reload) %.0f"
                + " ms, Vigie %.0f ms",
            r + 1,
            setup.repeats(),
            p.painted(),
            v.painted(),
            round.peerUpdateMs(),
            round.vigieUpdateMs());
      }
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    String md = ConsoleReport.markdown(setup, rounds, peerLive, peerVersion);
    Report.write(out, "console", md);
    System.out.println(md);
  }

  /**
   * Whether Alertmanager's page shows a new alert without a reload within {@code peerWaitS} (its UI
   * asks the API when loaded, or when a filter changes).
   */
  private static boolean peerUpdatesItself(
      ConsoleVigie vigie, ConsolePeer peer, ConsoleBrowser browser, Setup setup) throws Exception {
    String target = vigie.healthy(0);
    ConsoleVigie.Problem extra =
        new ConsoleVigie.Problem(vigie.clientOf(target), target, "ERROR", "the host key changed");
    browser.load(peer.page(), ConsoleBrowser.Kind.PEER, setup.troubled(), null);
    browser.watch(target);
    peer.fire(List.of(extra));
    boolean live = !Double.isNaN(browser.seen(setup.peerWaitS() * 1000L));
    peer.resolve(extra);
    WriterBench.log(
        "console: Alertmanager's page %s the new alert within %d s without a reload",
        live ? "showed" : "did not show", setup.peerWaitS());
    return live;
  }
}
