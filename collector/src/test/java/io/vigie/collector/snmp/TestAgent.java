package io.vigie.collector.snmp;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.Variable;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * A small SNMPv2c agent for tests only, where a test must set exact counter values, reboots, slow
 * answers and odd replies that snmpd cannot be made to give. Real snmpd covers everything else. A
 * value of {@link Null#noSuchObject} or {@link Null#noSuchInstance} is answered as such.
 */
final class TestAgent implements CommandResponder, AutoCloseable {
  final Map<OID, Variable> mib = new ConcurrentSkipListMap<>();
  private final Snmp snmp;
  private final int port;
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  private volatile long delayMillis;
  private volatile boolean bulkBroken;

  TestAgent() throws IOException {
    DefaultUdpTransportMapping transport =
        new DefaultUdpTransportMapping(new UdpAddress("127.0.0.1/0"));
    snmp = new Snmp(transport);
    snmp.addCommandResponder(this);
    snmp.listen();
    port = transport.getListenAddress().getPort();
  }

  int port() {
    return port;
  }

  void set(String oid, Variable value) {
    mib.put(new OID(oid), value);
  }

  void delay(long millis) {
    delayMillis = millis;
  }

  /** Answers GETBULK with genErr, as some old agents do. */
  void breakBulk() {
    bulkBroken = true;
  }

  @Override
  public <A extends Address> void processPdu(CommandResponderEvent<A> event) {
    PDU request = event.getPDU();
    if (request == null) {
      return;
    }
    event.setProcessed(true);
    PDU response = request instanceof org.snmp4j.PDUv1 ? new org.snmp4j.PDUv1() : new PDU();
    response.setType(PDU.RESPONSE);
    response.setRequestID(request.getRequestID());
    if (request.getType() == PDU.GETBULK && bulkBroken) {
      response.setErrorStatus(PDU.genErr);
      response.setErrorIndex(1);
      response.addAll(request.getVariableBindings());
    } else if (request.getType() == PDU.GET) {
      boolean v1 = event.getMessageProcessingModel() == org.snmp4j.mp.MPv1.ID;
      List<? extends VariableBinding> asked = request.getVariableBindings();
      for (int i = 0; i < asked.size(); i++) {
        VariableBinding vb = asked.get(i);
        Variable v = mib.get(vb.getOid());
        if (v1 && (v == null || v.isException())) {
          // SNMPv1 has no exception values: one missing OID fails the whole GET.
          response.clear();
          response.addAll(asked);
          response.setErrorStatus(PDU.noSuchName);
          response.setErrorIndex(i + 1);
          break;
        }
        response.add(new VariableBinding(vb.getOid(), v == null ? Null.noSuchObject : v));
      }
    } else {
      int rows = request.getType() == PDU.GETBULK ? Math.max(1, request.getMaxRepetitions()) : 1;
      OID[] cursor =
          request.getVariableBindings().stream().map(VariableBinding::getOid).toArray(OID[]::new);
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < cursor.length; i++) {
          Map.Entry<OID, Variable> next =
              ((ConcurrentSkipListMap<OID, Variable>) mib).higherEntry(cursor[i]);
          if (next == null) {
            response.add(new VariableBinding(cursor[i], Null.endOfMibView));
          } else {
            response.add(new VariableBinding(next.getKey(), next.getValue()));
            cursor[i] = next.getKey();
          }
        }
      }
    }
    Runnable reply =
        () -> {
          try {
            int status =
                event
                    .getMessageDispatcher()
                    .returnResponsePdu(
                        event.getMessageProcessingModel(),
                        event.getSecurityModel(),
                        event.getSecurityName(),
                        event.getSecurityLevel(),
                        response,
                        event.getMaxSizeResponsePDU(),
                        event.getStateReference(),
                        new StatusInformation());
          } catch (Exception e) {
            // the test then sees a timeout
          }
        };
    if (delayMillis > 0) {
      later.schedule(reply, delayMillis, TimeUnit.MILLISECONDS);
    } else {
      reply.run();
    }
  }

  @Override
  public void close() throws IOException {
    later.shutdownNow();
    snmp.close();
  }
}
