package io.vigie.collector.snmp;

import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Sample;
import io.vigie.collector.source.Source;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.snmp.SnmpProfile;
import io.vigie.model.snmp.SnmpProfiles;
import io.vigie.model.snmp.SnmpSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Polls one SNMP device with its profiles: one GET for the scalars (always with sysUpTime, which
 * tells reboots), then one walk of every table column, all asynchronous. Whatever arrived before a
 * failure or the time budget is written; the failure goes in the poll point's reason, and OIDs the
 * agent could not give (noSuchObject, wrong type...) in its warnings.
 */
public final class SnmpSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(SnmpSource.class);
  static final String SYS_UPTIME = "1.3.6.1.2.1.1.3.0";
  private static final int MAX_WARNINGS = 5;
  private static final int GET_CHUNK = 32;

  private final SnmpEngine engine;
  private final Clock clock;
  private final Duration budget;
  private final int maxRepetitions;
  private final List<SnmpProfile.Scalar> scalars = new ArrayList<>();
  private final List<SnmpProfile.Table> tables = new ArrayList<>();
  private final List<SnmpProfile.Derive> derives = new ArrayList<>();
  private final CounterRates rates = new CounterRates();
  // Rows the device had last time: asking for one more than that keeps GETBULK from returning
  // hundreds of varbinds past the ends of the columns, which both sides pay for.
  private volatile int lastRows = -1;
  private final Target<?> target;
  private final String targetId;

  public SnmpSource(
      SnmpEngine engine,
      io.vigie.model.inventory.Target inventoryTarget,
      SecretResolver secrets,
      Clock clock) {
    this.engine = engine;
    this.clock = clock;
    SnmpSettings settings = inventoryTarget.snmp();
    Duration interval = inventoryTarget.interval();
    this.budget =
        settings.budget() == null || settings.budget().compareTo(interval) > 0
            ? interval
            : settings.budget();
    this.maxRepetitions = settings.maxRepetitions();
    this.targetId = inventoryTarget.id();
    for (String name : settings.profiles()) {
      add(SnmpProfiles.builtIn().get(name));
    }
    if (settings.custom() != null) {
      add(settings.custom());
    }
    this.target =
        engine.target(
            inventoryTarget.address(),
            settings,
            secret(secrets, inventoryTarget.credentials().get("community")),
            secret(secrets, inventoryTarget.credentials().get("auth_password")),
            secret(secrets, inventoryTarget.credentials().get("priv_password")));
  }

  private void add(SnmpProfile profile) {
    scalars.addAll(profile.scalars());
    tables.addAll(profile.tables());
    derives.addAll(profile.derive());
  }

  private static Secret secret(SecretResolver secrets, SecretRef ref) {
    return ref == null ? null : secrets.resolve(ref).orElse(null);
  }

  @Override
  public CompletionStage<PollResult> poll() {
    Poll poll = new Poll(clock.millis(), System.nanoTime() + budget.toNanos());
    return poll.run();
  }

  /** The state of one poll. */
  private final class Poll {
    private final long time;
    private final long deadline;
    private final Map<String, Variable> values = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private int warningCount;
    private boolean answered;
    private SnmpFailure failure;

    Poll(long time, long deadline) {
      this.time = time;
      this.deadline = deadline;
    }

    CompletableFuture<PollResult> run() {
      Set<String> oids = new LinkedHashSet<>();
      oids.add(SYS_UPTIME);
      scalars.forEach(s -> oids.add(s.oid()));
      return get(new ArrayList<>(oids), 0)
          .thenCompose(
              ignored -> failure != null ? CompletableFuture.completedFuture(null) : walk())
          .thenApply(ignored -> result());
    }

    private CompletableFuture<Void> get(List<String> oids, int from) {
      if (from >= oids.size()) {
        return CompletableFuture.completedFuture(null);
      }
      List<String> chunk =
          new ArrayList<>(oids.subList(from, Math.min(oids.size(), from + GET_CHUNK)));
      List<VariableBinding> bindings =
          chunk.stream().map(o -> new VariableBinding(new OID(o))).toList();
      return engine
          .send(SnmpEngine.pdu(target, PDU.GET, bindings), target)
          .handle(
              (response, error) -> {
                if (error != null) {
                  failure =
                      error instanceof SnmpFailure f
                          ? f
                          : new SnmpFailure(SnmpFailure.Kind.IO, error.toString());
                  return CompletableFuture.<Void>completedFuture(null);
                }
                answered = true;
                if (response.getErrorStatus() == PDU.noSuchName && response.getErrorIndex() > 0) {
                  // SNMPv1 refuses the whole GET for one missing OID: drop it and ask again.
                  String missing = chunk.remove(response.getErrorIndex() - 1);
                  warn("noSuchName " + missing);
                  List<String> rest = new ArrayList<>(oids.subList(0, from));
                  rest.addAll(chunk);
                  rest.addAll(oids.subList(Math.min(oids.size(), from + GET_CHUNK), oids.size()));
                  return get(rest, from);
                }
                if (response.getErrorStatus() != PDU.noError) {
                  failure =
                      new SnmpFailure(SnmpFailure.Kind.AGENT_ERROR, response.getErrorStatusText());
                  return CompletableFuture.<Void>completedFuture(null);
                }
                for (VariableBinding vb : response.getVariableBindings()) {
                  if (vb.isException()) {
                    warn(vb.getVariable().toString() + " " + vb.getOid());
                  } else {
                    values.put(vb.getOid().toDottedString(), vb.getVariable());
                  }
                }
                return get(oids, from + GET_CHUNK);
              })
          .thenCompose(f -> f);
    }

    private CompletableFuture<Void> walk() {
      Set<OID> columns = new LinkedHashSet<>();
      for (SnmpProfile.Table table : tables) {
        for (SnmpProfile.Column column : table.columns()) {
          columns.add(new OID(column.oid()));
          if (column.fallback() != null) {
            columns.add(new OID(column.fallback()));
          }
        }
      }
      if (columns.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      int repetitions =
          lastRows < 0 ? maxRepetitions : Math.max(1, Math.min(maxRepetitions, lastRows + 1));
      return new TableWalk(engine, target, new ArrayList<>(columns), repetitions, deadline)
          .run()
          .thenAccept(
              walk -> {
                answered |= walk.answered();
                if (walk.failure() != null) {
                  failure = walk.failure();
                } else {
                  lastRows = walk.columns().values().stream().mapToInt(Map::size).max().orElse(0);
                }
                walk.columns()
                    .forEach(
                        (column, rows) ->
                            rows.forEach(
                                (index, v) ->
                                    values.put(column.toDottedString() + "." + index, v)));
              });
    }

    private PollResult result() {
      List<Sample> samples = new ArrayList<>();
      Variable uptime = values.get(SYS_UPTIME);
      if (uptime != null && SnmpValues.numeric(uptime)) {
        rates.uptime(uptime.toLong());
      }
      scalarSamples(samples);
      Set<String> seen = new HashSet<>();
      for (SnmpProfile.Table table : tables) {
        tableSamples(table, samples, seen);
      }
      rates.retain(seen);
      String warning =
          warningCount == 0
              ? ""
              : String.join("; ", warnings)
                  + (warningCount > warnings.size()
                      ? " (+" + (warningCount - warnings.size()) + " more)"
                      : "");
      return new PollResult(
          samples,
          answered,
          failure == null ? FailureKind.NONE : failure.failureKind(),
          failure == null ? "" : failure.getMessage(),
          warning,
          values.size(),
          null);
    }

    private void scalarSamples(List<Sample> samples) {
      Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
      Map<String, SnmpProfile.Scalar> firstOfGroup = new LinkedHashMap<>();
      for (SnmpProfile.Scalar s : scalars) {
        Variable v = values.get(s.oid());
        if (v == null) {
          continue;
        }
        Object value = SnmpValues.field(v, s.kind(), s.scale() == null ? 1 : s.scale());
        if (value == null) {
          warn(
              "wrong type for "
                  + s.measurement()
                  + "."
                  + s.field()
                  + ": "
                  + SnmpValues.describe(v));
          continue;
        }
        String key = s.measurement() + new TreeMap<>(s.tags());
        groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(s.field(), value);
        firstOfGroup.putIfAbsent(key, s);
      }
      for (SnmpProfile.Derive d : derives) {
        String key = d.measurement() + new TreeMap<>(d.tags());
        Map<String, Object> fields = groups.get(key);
        if (fields != null) {
          derive(d, fields);
        }
      }
      groups.forEach(
          (key, fields) -> {
            SnmpProfile.Scalar s = firstOfGroup.get(key);
            samples.add(new Sample(s.measurement(), s.tags(), fields));
          });
    }

    private void tableSamples(SnmpProfile.Table table, List<Sample> samples, Set<String> seen) {
      Set<String> indexes = new LinkedHashSet<>();
      for (SnmpProfile.Column c : table.columns()) {
        indexes.addAll(rowsOf(c.oid()));
        if (c.fallback() != null) {
          indexes.addAll(rowsOf(c.fallback()));
        }
      }
      for (String index : indexes) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(table.indexTag(), index);
        Map<String, Object> fields = new LinkedHashMap<>();
        Set<String> hidden = new HashSet<>();
        for (SnmpProfile.Column c : table.columns()) {
          String oid = c.oid();
          Variable v = values.get(oid + "." + index);
          double scale = c.scale() == null ? 1 : c.scale();
          if (v == null && c.fallback() != null) {
            oid = c.fallback();
            v = values.get(oid + "." + index);
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
              warn(
                  "wrong type for "
                      + table.measurement()
                      + "."
                      + c.field()
                      + ": "
                      + SnmpValues.describe(v));
              continue;
            }
            String key = table.measurement() + "|" + index + "|" + c.field();
            seen.add(key);
            double ceiling = InterfaceSpeed.ceiling(oid, index, values);
            CounterRates.Result read =
                rates.read(key, v.toLong(), v instanceof Counter64, time, ceiling);
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
              warn(
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
            warn(
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

    private Set<String> rowsOf(String column) {
      String prefix = column + ".";
      Set<String> rows = new LinkedHashSet<>();
      for (String oid : values.keySet()) {
        if (oid.startsWith(prefix)) {
          rows.add(oid.substring(prefix.length()));
        }
      }
      return rows;
    }

    private void warn(String warning) {
      warningCount++;
      if (warnings.size() < MAX_WARNINGS) {
        warnings.add(warning);
      }
    }
  }

  /** Adds a derived percentage when its inputs are there and make sense. */
  static void derive(SnmpProfile.Derive d, Map<String, Object> fields) {
    Double value = null;
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

  private static Double num(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }
}
