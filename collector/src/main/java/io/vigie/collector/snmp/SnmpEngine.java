package io.vigie.collector.snmp;

import io.vigie.model.inventory.Secret;
import io.vigie.model.snmp.SnmpSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC128SHA224;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES192;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Address;
import org.snmp4j.smi.GenericAddress;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * One SNMP4J session for the whole collector: one UDP socket, every request asynchronous, at most
 * {@code maxInFlight} requests outstanding (the rest wait in a queue, not in threads). Thousands of
 * devices cost sockets and threads of nothing.
 *
 * <p>SHA-1 and MD5 authentication are enabled (SNMP4J's "max compatibility" protocol set): most
 * devices in the field still use them.
 */
public final class SnmpEngine implements AutoCloseable {
  private volatile @Nullable Snmp snmp;
  private boolean closed;
  private final int maxInFlight;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private final java.util.concurrent.atomic.AtomicLong varbinds =
      new java.util.concurrent.atomic.AtomicLong();
  private int inFlight;

  public SnmpEngine(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /**
   * The session, opened at the first SNMP target: a collector without any loads none of SNMP4J
   * (some 110 classes) and opens no socket nor listening thread.
   */
  private Snmp snmp() {
    Snmp session = snmp;
    return session != null ? session : open();
  }

  private synchronized Snmp open() {
    if (closed) {
      throw new IllegalStateException("the SNMP engine is closed");
    }
    Snmp session = snmp;
    if (session != null) {
      return session;
    }
    try {
      SecurityProtocols.getInstance()
          .addPredefinedProtocolSet(SecurityProtocols.SecurityProtocolSet.maxCompatibility);
      // An agent refusing a passphrase answers with an unauthenticated report (it cannot do
      // otherwise); without this SNMP4J drops it and the refusal looks like a timeout.
      org.snmp4j.SNMP4JSettings.setReportSecurityLevelStrategy(
          org.snmp4j.SNMP4JSettings.ReportSecurityLevelStrategy.noAuthNoPrivIfNeeded);
      DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping();
      // Each datagram is decoded and its response handled on the listening thread before the
      // next is received (the dispatcher is SNMP4J's single-threaded one), so one receive buffer
      // serves them all. By default SNMP4J allocates a fresh 64 KB buffer for every datagram, in
      // case another thread still reads the last: 1.6 KB of garbage for each varbind received,
      // the largest allocation of a poll (docs/benchmarks.md, SNMP profile).
      transport.setAsyncMsgProcessingSupported(false);
      session = new Snmp(transport);
      USM usm =
          new USM(SecurityProtocols.getInstance(), new OctetString(MPv3.createLocalEngineID()), 0);
      SecurityModels.getInstance().addSecurityModel(usm);
      ((MPv3) session.getMessageProcessingModel(MPv3.ID)).getSecurityModels().addSecurityModel(usm);
      session.listen();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the SNMP socket", e);
    }
    snmp = session;
    return session;
  }

  /**
   * The SNMP4J target of a device, registering its v3 user. A v3 user is registered for every
   * engine: within one collector, devices that share a user name must share its passphrases and
   * protocols (the last target registered wins).
   */
  public Target<Address> target(
      String host,
      SnmpSettings settings,
      @Nullable Secret community,
      @Nullable Secret authPassword,
      @Nullable Secret privPassword) {
    Address address = GenericAddress.parse("udp:" + host + "/" + settings.port());
    if (address == null) {
      address = new UdpAddress(host + "/" + settings.port());
    }
    Target<Address> target;
    if (settings.version() == SnmpSettings.Version.V3) {
      OctetString user = new OctetString(settings.user());
      // Replaces keys already localized for this user, so that a changed passphrase takes effect.
      snmp().getUSM().removeAllUsers(user);
      // addUser(name, user) is deprecated and only calls addUser(user): the name is the user's.
      snmp()
          .getUSM()
          .addUser(
              new UsmUser(
                  user,
                  settings.auth() == null ? null : authProtocol(settings.auth()),
                  settings.auth() == null
                      ? null
                      : new OctetString(
                          Objects.requireNonNull(authPassword, "auth needs an auth_password")
                              .reveal()),
                  settings.priv() == null ? null : privProtocol(settings.priv()),
                  settings.priv() == null
                      ? null
                      : new OctetString(
                          Objects.requireNonNull(privPassword, "priv needs a priv_password")
                              .reveal())));
      UserTarget<Address> v3 = new UserTarget<>();
      v3.setSecurityName(user);
      v3.setSecurityLevel(
          settings.priv() != null
              ? SecurityLevel.AUTH_PRIV
              : settings.auth() != null ? SecurityLevel.AUTH_NOPRIV : SecurityLevel.NOAUTH_NOPRIV);
      v3.setVersion(SnmpConstants.version3);
      target = v3;
    } else {
      CommunityTarget<Address> v2 = new CommunityTarget<>();
      v2.setCommunity(
          new OctetString(
              Objects.requireNonNull(community, "SNMP v1 and v2c need a community").reveal()));
      v2.setVersion(
          settings.version() == SnmpSettings.Version.V1
              ? SnmpConstants.version1
              : SnmpConstants.version2c);
      target = v2;
    }
    target.setAddress(address);
    target.setTimeout(settings.timeout().toMillis());
    target.setRetries(settings.retries());
    return target;
  }

  /** A PDU of the right class for the target's version. */
  public static PDU pdu(Target<?> target, int type, List<VariableBinding> bindings) {
    PDU pdu = target.getVersion() == SnmpConstants.version3 ? new ScopedPDU() : new PDU();
    pdu.setType(type);
    pdu.addAll(bindings);
    return pdu;
  }

  /**
   * Sends a request; completes with the response PDU, or exceptionally with an {@link SnmpFailure}
   * saying why (timeout, authentication, unknown user, I/O). Agent errors in a response are left to
   * the caller, which knows which of them it can work around.
   */
  public CompletableFuture<PDU> send(PDU pdu, Target<?> target) {
    CompletableFuture<PDU> result = new CompletableFuture<>();
    Runnable request =
        () -> {
          ResponseListener listener =
              new ResponseListener() {
                @Override
                public <A extends Address> void onResponse(ResponseEvent<A> event) {
                  ((Snmp) event.getSource()).cancel(event.getRequest(), this);
                  release();
                  if (event.getResponse() != null) {
                    varbinds.addAndGet(event.getResponse().size());
                  }
                  complete(result, event);
                }
              };
          try {
            snmp().send(pdu, target, null, listener);
          } catch (IOException | RuntimeException e) {
            release();
            result.completeExceptionally(new SnmpFailure(SnmpFailure.Kind.IO, e.getMessage()));
          }
        };
    boolean now;
    synchronized (waiting) {
      now = inFlight < maxInFlight;
      if (now) {
        inFlight++;
      } else {
        waiting.addLast(request);
      }
    }
    if (now) {
      request.run();
    }
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (waiting) {
      next = waiting.pollFirst();
      if (next == null) {
        inFlight--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private static void complete(CompletableFuture<PDU> result, ResponseEvent<?> event) {
    if (event.getError() != null) {
      result.completeExceptionally(
          new SnmpFailure(SnmpFailure.Kind.IO, String.valueOf(event.getError().getMessage())));
      return;
    }
    PDU response = event.getResponse();
    if (response == null) {
      result.completeExceptionally(
          new SnmpFailure(SnmpFailure.Kind.TIMEOUT, "no answer from " + event.getPeerAddress()));
      return;
    }
    if (response.getType() == PDU.REPORT) {
      result.completeExceptionally(report(response));
      return;
    }
    result.complete(response);
  }

  /** SNMPv3 reports: the agent's way of saying why it refused a request. */
  static SnmpFailure report(PDU response) {
    OID oid = response.size() > 0 ? response.get(0).getOid() : new OID();
    if (oid.startsWith(SnmpConstants.usmStatsUnknownUserNames)) {
      return new SnmpFailure(SnmpFailure.Kind.UNKNOWN_USER, "the agent does not know this user");
    }
    if (oid.startsWith(SnmpConstants.usmStatsWrongDigests)) {
      return new SnmpFailure(
          SnmpFailure.Kind.AUTHENTICATION, "wrong authentication passphrase or protocol");
    }
    if (oid.startsWith(SnmpConstants.usmStatsDecryptionErrors)) {
      return new SnmpFailure(
          SnmpFailure.Kind.AUTHENTICATION, "wrong privacy passphrase or protocol");
    }
    if (oid.startsWith(SnmpConstants.usmStatsUnsupportedSecLevels)) {
      return new SnmpFailure(
          SnmpFailure.Kind.AUTHENTICATION, "security level not allowed for this user");
    }
    return new SnmpFailure(SnmpFailure.Kind.AGENT_ERROR, "report " + oid);
  }

  private static OID authProtocol(SnmpSettings.AuthProtocol auth) {
    return switch (auth) {
      case MD5 -> AuthMD5.ID;
      case SHA -> AuthSHA.ID;
      case SHA224 -> AuthHMAC128SHA224.ID;
      case SHA256 -> AuthHMAC192SHA256.ID;
      case SHA384 -> AuthHMAC256SHA384.ID;
      case SHA512 -> AuthHMAC384SHA512.ID;
    };
  }

  private static OID privProtocol(SnmpSettings.PrivProtocol priv) {
    return switch (priv) {
      case DES -> PrivDES.ID;
      case AES -> PrivAES128.ID;
      case AES192 -> PrivAES192.ID;
      case AES256 -> PrivAES256.ID;
    };
  }

  /** Variable bindings received since start, for the collector's metrics and benchmarks. */
  public long varbindsReceived() {
    return varbinds.get();
  }

  /** Requests waiting for a slot, for the collector's metrics. */
  public int queued() {
    synchronized (waiting) {
      return waiting.size();
    }
  }

  @Override
  public void close() throws IOException {
    Snmp session;
    // Not closed under the lock: a response being delivered may be opening the next request.
    synchronized (this) {
      closed = true;
      session = snmp;
    }
    if (session != null) {
      session.close();
    }
  }

  /** How long to wait for an answer at most, retries included. */
  public static Duration worstCase(Target<?> target) {
    return Duration.ofMillis(target.getTimeout() * (target.getRetries() + 1L));
  }
}
