package io.vigie.collector.snmp;

import io.vigie.collector.source.Sample;
import io.vigie.model.snmp.SnmpProfile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/**
 * Turns the values one poll fetched from a device into samples, as its profiles say: scalars
 * grouped by measurement and tags, one sample per table row, counters turned into per-second rates
 * against the previous poll's readings (which it keeps), derived percentages, and a warning for
 * each value of the wrong type or counter discontinuity. No I/O: the values come in by OID, so it
 * is tested with varbinds made by hand.
 */
final class SampleMapper {
  private static final Logger LOG = LoggerFactory.getLogger(SampleMapper.class);
  static final String SYS_UPTIME = "1.3.6.1.2.1.1.3.0";

  /** The samples of one poll, and what could not be written, in the order it was met. */
  record Mapped(List<Sample> samples, List<String> warnings) {}

  private final String targetId;
  private final List<SnmpProfile.Scalar> scalars = new ArrayList<>();
  private final List<SnmpProfile.Table> tables = new ArrayList<>();
  private final List<SnmpProfile.Derive> derives = new ArrayList<>();
  private final CounterRates rates = new CounterRates();
  // What to fetch is the same at every poll: parsed once.
  private final List<OID> scalarOids;
  private final List<OID> columns;
  // Made once: which sample each scalar and derived field goes to (measurement and tags), and
  // the first counter number of each table's columns (CounterRates keys its baselines by them).
  private final List<String> scalarGroups = new ArrayList<>();
  private final List<String> deriveGroups = new ArrayList<>();
  private final int[] firstCounter;

  /** A mapper for the profiles of one target; {@code targetId} only names it in the log. */
  SampleMapper(String targetId, List<SnmpProfile> profiles) {
    this.targetId = targetId;
    for (SnmpProfile profile : profiles) {
      scalars.addAll(profile.scalars());
      tables.addAll(profile.tables());
      derives.addAll(profile.derive());
    }
    Set<String> oids = new LinkedHashSet<>();
    oids.add(SYS_UPTIME);
    scalars.forEach(s -> oids.add(s.oid()));
    this.scalarOids = oids.stream().map(OID::new).toList();
    Set<String> walked = new LinkedHashSet<>();
    for (SnmpProfile.Table table : tables) {
      for (SnmpProfile.Column column : table.columns()) {
        walked.add(column.oid());
        if (column.fallback() != null) {
          walked.add(column.fallback());
        }
      }
    }
    this.columns = walked.stream().map(OID::new).toList();
    scalars.forEach(sc -> scalarGroups.add(sc.measurement() + new TreeMap<>(sc.tags())));
    derives.forEach(d -> deriveGroups.add(d.measurement() + new TreeMap<>(d.tags())));
    firstCounter = new int[tables.size()];
    int counters = 0;
    for (int t = 0; t < tables.size(); t++) {
      firstCounter[t] = counters;
      counters += tables.get(t).columns().size();
    }
  }

  /** The scalar OIDs to GET, sysUpTime first: it is read with every poll to tell reboots. */
  List<OID> scalarOids() {
    return scalarOids;
  }

  /** The table columns to walk, fallbacks included, each once. */
  List<OID> columns() {
    return columns;
  }

  /** {@link #map(PollValues, long)} for values keyed by full dotted OID, as varbinds name them. */
  Mapped map(Map<String, Variable> byOid, long time) {
    return map(PollValues.split(byOid, columns.stream().map(OID::toDottedString).toList()), time);
  }

  /**
   * The samples of a poll made at {@code time} (epoch milliseconds) that got {@code values}.
   * Remembers the counters read, for the next poll's rates, and forgets those of rows that are
   * gone.
   */
  Mapped map(PollValues values, long time) {
    List<Sample> samples = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Variable uptime = values.scalar(SYS_UPTIME);
    if (uptime != null && SnmpValues.numeric(uptime)) {
      rates.uptime(uptime.toLong());
    }
    scalarSamples(values, samples, warnings);
    for (int t = 0; t < tables.size(); t++) {
      tableSamples(tables.get(t), firstCounter[t], values, time, samples, warnings);
    }
    rates.endPoll();
    return new Mapped(samples, warnings);
  }

  private void scalarSamples(PollValues values, List<Sample> samples, List<String> warnings) {
    Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
    Map<String, SnmpProfile.Scalar> firstOfGroup = new LinkedHashMap<>();
    for (int i = 0; i < scalars.size(); i++) {
      SnmpProfile.Scalar s = scalars.get(i);
      Variable v = values.scalar(s.oid());
      if (v == null) {
        continue;
      }
      Object value = SnmpValues.field(v, s.kind(), s.scale() == null ? 1 : s.scale());
      if (value == null) {
        warnings.add(
            "wrong type for " + s.measurement() + "." + s.field() + ": " + SnmpValues.describe(v));
        continue;
      }
      String key = scalarGroups.get(i);
      groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(s.field(), value);
      firstOfGroup.putIfAbsent(key, s);
    }
    for (int i = 0; i < derives.size(); i++) {
      Map<String, Object> fields = groups.get(deriveGroups.get(i));
      if (fields != null) {
        derive(derives.get(i), fields);
      }
    }
    groups.forEach(
        (key, fields) -> {
          SnmpProfile.Scalar s =
              Objects.requireNonNull(firstOfGroup.get(key), "every group has its first scalar");
          samples.add(new Sample(s.measurement(), s.tags(), fields));
        });
  }

  private void tableSamples(
      SnmpProfile.Table table,
      int firstCounter,
      PollValues values,
      long time,
      List<Sample> samples,
      List<String> warnings) {
    Set<String> indexes = new LinkedHashSet<>();
    for (SnmpProfile.Column c : table.columns()) {
      indexes.addAll(values.rows(c.oid()));
      if (c.fallback() != null) {
        indexes.addAll(values.rows(c.fallback()));
      }
    }
    for (String index : indexes) {
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put(table.indexTag(), index);
      Map<String, Object> fields = new LinkedHashMap<>();
      Set<String> hidden = new HashSet<>();
      for (int col = 0; col < table.columns().size(); col++) {
        SnmpProfile.Column c = table.columns().get(col);
        String oid = c.oid();
        Variable v = values.cell(oid, index);
        double scale = c.scale() == null ? 1 : c.scale();
        if (v == null && c.fallback() != null) {
          oid = c.fallback();
          v = values.cell(oid, index);
          scale = c.fallbackScale() == null ? 1 : c.fallbackScale();
        }
        if (v == null) {
          continue;
        }
        if (c.isTag()) {
          String text = SnmpValues.text(v);
          if (!text.isEmpty()) {
            tags.put(c.tag(), text);
          }
          continue;
        }
        if (c.kind() == SnmpProfile.Type.COUNTER) {
          if (!SnmpValues.numeric(v)) {
            warnings.add(
                "wrong type for "
                    + table.measurement()
                    + "."
                    + c.field()
                    + ": "
                    + SnmpValues.describe(v));
            continue;
          }
          double ceiling = InterfaceSpeed.ceiling(oid, index, values);
          CounterRates.Result read =
              rates.read(
                  firstCounter + col, index, v.toLong(), v instanceof Counter64, time, ceiling);
          if (read.outcome() == CounterRates.Outcome.DISCONTINUITY) {
            // A counter cleared without a reboot, or a row that changed interface: written as
            // a warning, so that a missing rate is explained where the poll is.
            LOG.debug(
                "{}: {} {} {}: {} per second is above the interface's {}; new baseline",
                targetId,
                table.measurement(),
                index,
                c.field(),
                read.perSecond(),
                ceiling);
            warnings.add(
                String.format(
                    Locale.ROOT,
                    "counter discontinuity: %s.%s %s=%s, %.0f/s is above the interface's %.0f/s",
                    table.measurement(),
                    c.field(),
                    table.indexTag(),
                    index,
                    read.perSecond(),
                    ceiling));
          }
          OptionalDouble rate = read.rate();
          if (rate.isPresent()) {
            fields.put(c.field(), rate.getAsDouble() * scale);
          }
          continue;
        }
        Object value = SnmpValues.field(v, c.kind(), scale);
        if (value == null) {
          warnings.add(
              "wrong type for "
                  + table.measurement()
                  + "."
                  + c.field()
                  + ": "
                  + SnmpValues.describe(v));
          continue;
        }
        fields.put(c.field(), value);
        if (Boolean.TRUE.equals(c.hidden())) {
          hidden.add(c.field());
        }
      }
      for (SnmpProfile.Column c : table.columns()) {
        if (c.multiplyBy() != null
            && fields.get(c.field()) instanceof Number n
            && fields.get(c.multiplyBy()) instanceof Number by) {
          Object product =
              fields.get(c.field()) instanceof Long
                  ? (Object) (n.longValue() * by.longValue())
                  : (Object) (n.doubleValue() * by.doubleValue());
          fields.put(c.field(), product);
        }
      }
      table.derive().forEach(d -> derive(d, fields));
      hidden.forEach(fields::remove);
      if (!fields.isEmpty()) {
        samples.add(new Sample(table.measurement(), tags, fields));
      }
    }
  }

  /** Adds a derived percentage when its inputs are there and make sense. */
  static void derive(SnmpProfile.Derive d, Map<String, Object> fields) {
    @Nullable Double value = null;
    if (d.ratio() != null && d.ratio().size() == 2) {
      Double a = num(fields.get(d.ratio().get(0)));
      Double b = num(fields.get(d.ratio().get(1)));
      value = a == null || b == null || b <= 0 ? null : 100 * a / b;
    } else if (d.remainderRatio() != null && d.remainderRatio().size() == 2) {
      Double a = num(fields.get(d.remainderRatio().get(0)));
      Double b = num(fields.get(d.remainderRatio().get(1)));
      value = a == null || b == null || b <= 0 ? null : 100 * (b - a) / b;
    } else if (d.complement() != null) {
      Double a = num(fields.get(d.complement()));
      value = a == null ? null : 100 - a;
    }
    if (value != null && Double.isFinite(value)) {
      fields.put(d.field(), value);
    }
  }

  private static @Nullable Double num(@Nullable Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }
}
