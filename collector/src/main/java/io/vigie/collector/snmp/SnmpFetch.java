package io.vigie.collector.snmp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * The SNMP4J side of a poll of one device: one GET for the scalars, in chunks, then one walk of
 * every table column, all asynchronous and within the poll's time budget. Gives back what arrived,
 * by OID, even after a failure; it knows nothing of profiles or samples ({@link SampleMapper} turns
 * the values into those).
 */
final class SnmpFetch {
  private static final int GET_CHUNK = 32;

  /**
   * What one poll got: the values by dotted OID (a table cell as column OID, dot, row index), the
   * OIDs the agent could not give, whether it answered at all, and the failure that ended the poll
   * early, or null.
   */
  record Fetched(
      PollValues values, List<String> warnings, boolean answered, @Nullable SnmpFailure failure) {}

  private final SnmpEngine engine;
  private final Target<?> target;
  private final Duration budget;
  private final int maxRepetitions;
  private final List<OID> scalars;
  private final List<OID> columns;
  private final List<String> columnNames;
  private final Map<OID, String> scalarNames = new java.util.HashMap<>();
  // Rows the device had last time: asking for one more than that keeps GETBULK from returning
  // hundreds of varbinds past the ends of the columns, which both sides pay for.
  private volatile int lastRows = -1;

  /** A fetch of {@code scalars} and {@code columns} at every poll. */
  SnmpFetch(
      SnmpEngine engine,
      Target<?> target,
      Duration budget,
      int maxRepetitions,
      List<OID> scalars,
      List<OID> columns) {
    this.engine = engine;
    this.target = target;
    this.budget = budget;
    this.maxRepetitions = maxRepetitions;
    this.scalars = List.copyOf(scalars);
    this.columns = List.copyOf(columns);
    this.columnNames = columns.stream().map(OID::toDottedString).toList();
    scalars.forEach(oid -> scalarNames.put(oid, oid.toDottedString()));
  }

  /** Gets the scalars, then (unless that failed) walks the columns. */
  CompletableFuture<Fetched> fetch() {
    Run run = new Run(System.nanoTime() + budget.toNanos());
    return run.get(new ArrayList<>(scalars), 0)
        .thenCompose(
            ignored -> run.failure != null ? CompletableFuture.completedFuture(null) : run.walk())
        .thenApply(
            ignored ->
                new Fetched(
                    new PollValues(run.values, run.cells),
                    run.warnings,
                    run.answered,
                    run.failure));
  }

  /** The state of one fetch. */
  private final class Run {
    private final long deadline;
    private final Map<String, Variable> values = new LinkedHashMap<>();
    private Map<String, Map<String, Variable>> cells = Map.of();
    private final List<String> warnings = new ArrayList<>();
    private boolean answered;
    private @Nullable SnmpFailure failure;

    Run(long deadline) {
      this.deadline = deadline;
    }

    private CompletableFuture<Void> get(List<OID> oids, int from) {
      if (from >= oids.size()) {
        return CompletableFuture.completedFuture(null);
      }
      List<OID> chunk =
          new ArrayList<>(oids.subList(from, Math.min(oids.size(), from + GET_CHUNK)));
      List<VariableBinding> bindings = new ArrayList<>(chunk.size());
      chunk.forEach(o -> bindings.add(new VariableBinding(o)));
      // handle(...).thenCompose(f -> f) is the flattening idiom: the nested future is unwrapped
      // by the next call, and its failure reaches the caller.
      @SuppressWarnings("FutureReturnValueIgnored")
      CompletableFuture<CompletableFuture<Void>> next =
          engine
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
                    if (response.getErrorStatus() == PDU.noSuchName
                        && response.getErrorIndex() > 0) {
                      // SNMPv1 refuses the whole GET for one missing OID: drop it and ask again.
                      OID missing = chunk.remove(response.getErrorIndex() - 1);
                      warnings.add("noSuchName " + missing);
                      List<OID> rest = new ArrayList<>(oids.subList(0, from));
                      rest.addAll(chunk);
                      rest.addAll(
                          oids.subList(Math.min(oids.size(), from + GET_CHUNK), oids.size()));
                      return get(rest, from);
                    }
                    if (response.getErrorStatus() != PDU.noError) {
                      failure =
                          new SnmpFailure(
                              SnmpFailure.Kind.AGENT_ERROR, response.getErrorStatusText());
                      return CompletableFuture.<Void>completedFuture(null);
                    }
                    for (VariableBinding vb : response.getVariableBindings()) {
                      if (vb.isException()) {
                        warnings.add(vb.getVariable().toString() + " " + vb.getOid());
                      } else {
                        String name = scalarNames.get(vb.getOid());
                        values.put(
                            name != null ? name : vb.getOid().toDottedString(), vb.getVariable());
                      }
                    }
                    return get(oids, from + GET_CHUNK);
                  });
      return next.thenCompose(f -> f);
    }

    private CompletableFuture<Void> walk() {
      if (columns.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      int repetitions =
          lastRows < 0 ? maxRepetitions : Math.max(1, Math.min(maxRepetitions, lastRows + 1));
      return new TableWalk(engine, target, columns, columnNames, repetitions, deadline)
          .run()
          .thenAccept(
              walk -> {
                answered |= walk.answered();
                if (walk.failure() != null) {
                  failure = walk.failure();
                } else {
                  lastRows = walk.columns().values().stream().mapToInt(Map::size).max().orElse(0);
                }
                cells = walk.columns();
              });
    }
  }
}
