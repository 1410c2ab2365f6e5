package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.inventory.ProbeTypeSection.Owner;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.probe.ProbeType;
import io.vigie.model.schema.TagRules;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A target's {@code probes}: a list on a target of any kind, required and not empty on a {@code
 * service} target (which is watched through nothing else). Each probe has a name unique on the
 * target and a valid tag value, a type, an interval of at least one second (the target's unless
 * set), a timeout no longer than the interval, and its type's settings ({@link ProbeSpec}).
 *
 * <p>A host left out is the target's address; {@code {address}} in a URL is replaced by it. A
 * {@code service} target needs an address only when one of its probes uses it: the error is then on
 * that probe.
 */
final class ProbesSection {

  /** The shortest interval a probe runs at. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  private static final Set<String> COMMON = Set.of("name", "type", "interval", "timeout");

  /**
   * The probe types and the section that reads each one's settings: a new type is one new {@link
   * ProbeTypeSection} and one line here.
   */
  private static final Map<ProbeType, Function<ProbeFields, ProbeTypeSection>> SECTIONS =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.<ProbeType, Function<ProbeFields, ProbeTypeSection>>of(
                  ProbeType.TCP, TcpProbeSection::new,
                  ProbeType.HTTP, HttpProbeSection::new,
                  ProbeType.ICMP, IcmpProbeSection::new,
                  ProbeType.DNS, DnsProbeSection::new,
                  ProbeType.SIP, SipProbeSection::new,
                  ProbeType.RTSP, RtspProbeSection::new)));

  private final Checker c;

  /** Each type's section by the type as written, {@code https} among them, in the types' order. */
  private final Map<String, ProbeTypeSection> byWritten = new LinkedHashMap<>();

  /** The types as written, {@code https} among them. */
  private final List<String> types;

  private final Set<String> allKeys;

  ProbesSection(Checker c) {
    this.c = c;
    ProbeFields fields = new ProbeFields(c);
    Set<String> all = new HashSet<>(COMMON);
    SECTIONS.forEach(
        (type, factory) -> {
          ProbeTypeSection section = factory.apply(fields);
          byWritten.put(type.code(), section);
          section.alsoWritten().forEach(w -> byWritten.put(w, section));
          all.addAll(section.keys());
        });
    types = List.copyOf(byWritten.keySet());
    allKeys = Set.copyOf(all);
  }

  private static Set<String> keys(ProbeTypeSection section) {
    return Set.copyOf(Stream.concat(COMMON.stream(), section.keys().stream()).toList());
  }

  /**
   * The target's well-formed probes.
   *
   * @param target the target's mapping
   * @param path the target's path, such as {@code targets[web-1]}
   * @param kind the target's kind, null when it has none that is known
   * @param address the target's address, or null when it has none (a service target may not)
   * @param reportNoAddress whether a probe that needs the target's address reports its lack: false
   *     when that lack is an error of the target already
   * @param interval the target's interval, the probes' default
   * @param credentials the target's well-formed secret references by role
   */
  List<Probe> read(
      Mapping target,
      String path,
      @Nullable TargetKind kind,
      @Nullable String address,
      boolean reportNoAddress,
      Duration interval,
      Map<String, SecretRef> credentials) {
    List<Probe> probes = new ArrayList<>();
    Entry entry = target.entries().get("probes");
    String lp = path + ".probes";
    if (entry == null) {
      if (kind == TargetKind.SERVICE) {
        c.error(
            target.location(),
            lp,
            null,
            "missing: a service target is watched only through its probes, and would watch nothing"
                + " without one");
      }
      return probes;
    }
    Sequence list = c.sequence(entry.value(), lp);
    if (list == null) {
      return probes;
    }
    if (list.items().isEmpty() && kind == TargetKind.SERVICE) {
      c.error(
          list.location(),
          lp,
          null,
          "empty: a service target is watched only through its probes, and would watch nothing"
              + " without one");
    }
    Map<String, Location> names = new HashMap<>();
    Set<String> paths = new HashSet<>();
    Owner owner = new Owner(target, address, reportNoAddress, interval, credentials);
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String pp = probePath(lp, i, item, paths);
      Probe probe = probe(item, pp, names, owner);
      if (probe != null) {
        probes.add(probe);
      }
    }
    return probes;
  }

  /**
   * {@code targets[web-1].probes[shop]} when the probe has a well-formed name not seen before,
   * {@code targets[web-1].probes[2]} otherwise.
   */
  private static String probePath(String list, int index, YamlNode item, Set<String> seen) {
    if (item instanceof Mapping m
        && m.entries().get("name") != null
        && m.entries().get("name").value() instanceof Scalar s
        && s.kind() != Scalar.Kind.NULL
        && s.text() != null
        && !s.text().isBlank()
        && TagRules.valueProblem(s.text()).isEmpty()
        && seen.add(s.text())) {
      return list + "[" + s.text() + "]";
    }
    return list + "[" + index + "]";
  }

  private @Nullable Probe probe(
      YamlNode item, String pp, Map<String, Location> names, Owner target) {
    Mapping m = c.mapping(item, pp, null);
    if (m == null) {
      return null;
    }
    String name = name(m, pp, names);
    Scalar typeNode = c.scalar(m, "type", pp);
    ProbeTypeSection type = null;
    String code = "";
    if (typeNode == null) {
      if (!m.entries().containsKey("type")) {
        c.error(m.location(), pp + ".type", null, "missing: one of " + String.join(", ", types));
      }
    } else {
      String text = written(typeNode);
      type = byWritten.get(text);
      code = text;
      if (type == null) {
        c.error(
            typeNode.location(),
            pp + ".type",
            text,
            "must be one of "
                + String.join(", ", types)
                + suggestion(text, new LinkedHashSet<>(types)));
      }
    }
    c.mapping(m, pp, type == null ? allKeys : keys(type));

    Duration interval = interval(m, pp, target.interval());
    Duration timeout = c.duration(m, "timeout", pp, true);
    if (timeout != null && interval != null && timeout.compareTo(interval) > 0) {
      c.error(
          present(m, "timeout").value().location(),
          pp + ".timeout",
          text(present(m, "timeout").value()),
          "longer than the probe's interval, "
              + Durations.format(interval)
              + ": a run must end before the next one starts");
      timeout = null;
    } else if (timeout == null && interval != null && !m.entries().containsKey("timeout")) {
      timeout = interval.compareTo(Probe.DEFAULT_TIMEOUT) < 0 ? interval : Probe.DEFAULT_TIMEOUT;
    }
    if (type == null) {
      return null;
    }
    ProbeSpec spec = type.read(m, pp, target, code);
    if (name == null || interval == null || timeout == null || spec == null) {
      return null;
    }
    return new Probe(name, interval, timeout, spec);
  }

  /** The required name: a tag value, unique on the target. */
  private @Nullable String name(Mapping m, String pp, Map<String, Location> names) {
    Scalar s = c.scalar(m, "name", pp);
    if (s == null) {
      if (!m.entries().containsKey("name")) {
        c.error(
            m.location(),
            pp + ".name",
            null,
            "missing: every probe has a name, unique on its target");
      }
      return null;
    }
    String text = written(s);
    if (text.isBlank()) {
      c.error(s.location(), pp + ".name", text, "must not be empty");
      return null;
    }
    var problem = TagRules.valueProblem(text);
    if (problem.isPresent()) {
      c.error(
          s.location(),
          pp + ".name",
          text,
          "a probe's name is written as the probe tag: " + problem.get());
      return null;
    }
    Location first = names.putIfAbsent(text, s.location());
    if (first != null) {
      c.error(
          s.location(),
          pp + ".name",
          text,
          "duplicate probe name on this target (first at line " + first.line() + ")");
      return null;
    }
    return text;
  }

  /** The probe's own interval, or the target's; at least {@link #MIN_INTERVAL} either way. */
  private @Nullable Duration interval(Mapping m, String pp, Duration targetInterval) {
    if (!m.entries().containsKey("interval")) {
      if (targetInterval.compareTo(MIN_INTERVAL) < 0) {
        c.error(
            m.location(),
            pp + ".interval",
            null,
            "missing: the target's interval, "
                + Durations.format(targetInterval)
                + ", is shorter than a probe's shortest, 1s; give the probe its own");
        return null;
      }
      return targetInterval;
    }
    Duration interval = c.duration(m, "interval", pp, true);
    if (interval != null && interval.compareTo(MIN_INTERVAL) < 0) {
      c.error(
          present(m, "interval").value().location(),
          pp + ".interval",
          text(present(m, "interval").value()),
          "must be at least 1s");
      return null;
    }
    return interval;
  }
}
