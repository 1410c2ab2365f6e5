package io.vigie.collector.snmp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.snmp4j.PDU;
import org.snmp4j.Target;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;

/** One-off GET and walk for troubleshooting ({@code vigie snmp}), on the engine's async paths. */
public final class SnmpQueries {
  private SnmpQueries() {}

  /** {@code OID = TYPE: value} for each OID, as snmpget prints it. */
  public static List<String> get(SnmpEngine engine, Target<?> target, List<OID> oids)
      throws SnmpFailure, InterruptedException {
    List<VariableBinding> bindings = oids.stream().map(VariableBinding::new).toList();
    PDU response = await(engine.send(SnmpEngine.pdu(target, PDU.GET, bindings), target));
    if (response.getErrorStatus() != PDU.noError) {
      throw new SnmpFailure(
          SnmpFailure.Kind.AGENT_ERROR,
          response.getErrorStatusText() + " at index " + response.getErrorIndex());
    }
    List<String> lines = new ArrayList<>();
    for (VariableBinding vb : response.getVariableBindings()) {
      lines.add(line(vb.getOid(), vb.getVariable()));
    }
    return lines;
  }

  /** Every OID under {@code root}, GETBULK (GETNEXT for v1), within {@code budget}. */
  public static List<String> walk(
      SnmpEngine engine, Target<?> target, OID root, int maxRepetitions, Duration budget)
      throws SnmpFailure, InterruptedException {
    TableWalk.Result result =
        await(
            new TableWalk(
                    engine,
                    target,
                    List.of(root),
                    maxRepetitions,
                    System.nanoTime() + budget.toNanos())
                .run());
    List<String> lines = new ArrayList<>();
    Map<String, Variable> rows =
        Objects.requireNonNull(
            result.columns().get(root.toDottedString()), "a walk has rows for each column");
    for (Map.Entry<String, Variable> row : rows.entrySet()) {
      lines.add(line(new OID(root.toDottedString() + "." + row.getKey()), row.getValue()));
    }
    if (result.failure() != null
        && (lines.isEmpty() || result.failure().kind() != SnmpFailure.Kind.BUDGET)) {
      throw result.failure();
    }
    return lines;
  }

  private static String line(OID oid, Variable v) {
    return oid.toDottedString()
        + " = "
        + v.getSyntaxString()
        + ": "
        + (v instanceof org.snmp4j.smi.OctetString ? SnmpValues.text(v) : v.toString());
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future)
      throws SnmpFailure, InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SnmpFailure failure) {
        throw failure;
      }
      throw new SnmpFailure(SnmpFailure.Kind.IO, String.valueOf(e.getCause()));
    }
  }
}
