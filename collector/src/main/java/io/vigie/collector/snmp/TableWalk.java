package io.vigie.collector.snmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/**
 * Walks several table columns side by side, asynchronously: GETBULK (one request brings {@code
 * maxRepetitions} rows of every column still going), GETNEXT for SNMPv1 and for agents that answer
 * GETBULK with an error. A column ends at the first OID outside it, at endOfMibView, or when the
 * agent stops going forward (a broken agent must not loop us). The walk stops at the deadline and
 * keeps what it has.
 */
final class TableWalk {
  /** Rows found per column (by dotted OID): index suffix to value. */
  record Result(
      Map<String, Map<String, Variable>> columns,
      @Nullable SnmpFailure failure,
      boolean answered) {}

  // Row indexes are mostly small integers (ifIndex): their strings made once, not per cell.
  private static final String[] SMALL_INDEXES = new String[4096];

  static {
    for (int i = 0; i < SMALL_INDEXES.length; i++) {
      SMALL_INDEXES[i] = Integer.toString(i);
    }
  }

  private final SnmpEngine engine;
  private final Target<?> target;
  private final List<OID> columns;
  private final long deadlineNanos;
  private final List<String> names;
  private final List<Map<String, Variable>> rows;
  private final OID[] cursor;
  private final boolean[] done;
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private boolean bulk;
  private int maxRepetitions;
  private boolean answered;

  TableWalk(
      SnmpEngine engine,
      Target<?> target,
      List<OID> columns,
      int maxRepetitions,
      long deadlineNanos) {
    this(
        engine,
        target,
        columns,
        columns.stream().map(OID::toDottedString).toList(),
        maxRepetitions,
        deadlineNanos);
  }

  /** {@code names}: the columns' dotted OIDs, made once by a caller that walks them every poll. */
  TableWalk(
      SnmpEngine engine,
      Target<?> target,
      List<OID> columns,
      List<String> names,
      int maxRepetitions,
      long deadlineNanos) {
    this.engine = engine;
    this.target = target;
    this.columns = List.copyOf(columns);
    this.names = names;
    this.deadlineNanos = deadlineNanos;
    this.maxRepetitions = maxRepetitions;
    this.bulk = target.getVersion() != SnmpConstants.version1;
    this.cursor = columns.toArray(OID[]::new);
    this.done = new boolean[columns.size()];
    this.rows = new ArrayList<>(columns.size());
    columns.forEach(c -> rows.add(new LinkedHashMap<>()));
  }

  CompletableFuture<Result> run() {
    step();
    return result;
  }

  private void step() {
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < done.length; i++) {
      if (!done[i]) {
        active.add(i);
      }
    }
    if (active.isEmpty()) {
      finish(null);
      return;
    }
    if (System.nanoTime() > deadlineNanos) {
      finish(
          new SnmpFailure(
              SnmpFailure.Kind.BUDGET, "walk of " + columns.get(active.get(0)) + " not finished"));
      return;
    }
    List<VariableBinding> bindings = new ArrayList<>();
    active.forEach(i -> bindings.add(new VariableBinding(cursor[i])));
    PDU pdu = SnmpEngine.pdu(target, bulk ? PDU.GETBULK : PDU.GETNEXT, bindings);
    if (bulk) {
      pdu.setMaxRepetitions(maxRepetitions);
      pdu.setNonRepeaters(0);
    }
    // Every outcome of the request, failures included, finishes the walk or steps it on: the
    // dependent future has nothing more to tell.
    CompletableFuture<PDU> unusedStep =
        engine
            .send(pdu, target)
            .whenComplete(
                (response, error) -> {
                  try {
                    if (error != null) {
                      finish(
                          error instanceof SnmpFailure f
                              ? f
                              : new SnmpFailure(SnmpFailure.Kind.IO, error.toString()));
                    } else {
                      answered = true;
                      handle(response, active);
                    }
                  } catch (RuntimeException e) {
                    finish(
                        new SnmpFailure(SnmpFailure.Kind.AGENT_ERROR, "unreadable answer: " + e));
                  }
                });
  }

  private void handle(PDU response, List<Integer> active) {
    int status = response.getErrorStatus();
    if (status != PDU.noError) {
      if (bulk && status == PDU.tooBig && maxRepetitions > 1) {
        maxRepetitions = Math.max(1, maxRepetitions / 2);
      } else if (bulk) {
        bulk = false; // the agent mishandles GETBULK: carry on with GETNEXT
      } else if (status == PDU.noSuchName) {
        // SNMPv1's end of the MIB: the column named by the error index is finished.
        int index = Math.max(0, response.getErrorIndex() - 1);
        done[active.get(Math.min(index, active.size() - 1))] = true;
      } else {
        finish(new SnmpFailure(SnmpFailure.Kind.AGENT_ERROR, response.getErrorStatusText()));
        return;
      }
      step();
      return;
    }
    List<? extends VariableBinding> bindings = response.getVariableBindings();
    boolean progress = false;
    for (int j = 0; j < bindings.size(); j++) {
      int column = active.get(j % active.size());
      if (done[column]) {
        continue;
      }
      VariableBinding vb = bindings.get(j);
      OID root = columns.get(column);
      if (vb.isException()
          || vb.getOid() == null
          || !vb.getOid().startsWith(root)
          || vb.getOid().size() <= root.size()
          || vb.getOid().compareTo(cursor[column]) <= 0) {
        done[column] = true;
        continue;
      }
      rows.get(column).put(suffix(vb.getOid(), root), vb.getVariable());
      cursor[column] = vb.getOid();
      progress = true;
    }
    if (!progress) {
      for (int i : active) {
        done[i] = true;
      }
    }
    step();
  }

  private void finish(@Nullable SnmpFailure failure) {
    Map<String, Map<String, Variable>> byName = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byName.put(names.get(i), rows.get(i));
    }
    result.complete(new Result(byName, failure, answered));
  }

  static String suffix(OID oid, OID root) {
    if (oid.size() == root.size() + 1) {
      long index = oid.getUnsigned(root.size());
      return index < SMALL_INDEXES.length ? SMALL_INDEXES[(int) index] : Long.toString(index);
    }
    StringBuilder out = new StringBuilder();
    for (int i = root.size(); i < oid.size(); i++) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(oid.getUnsigned(i));
    }
    return out.toString();
  }
}
