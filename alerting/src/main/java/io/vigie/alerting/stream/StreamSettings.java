package io.vigie.alerting.stream;

import io.vigie.model.inventory.Secret;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the service takes points as they are written.
 *
 * @param enabled false: every target is judged at each evaluation interval, from a read, as before
 *     the stream
 * @param address where the receiver listens (port 0: any free port, told to InfluxDB)
 * @param url the URL InfluxDB posts to; null for {@code http://} the address and the port bound
 * @param instance names this service's subscription (stable across restarts)
 * @param reconcileInterval how often the latest points are read to repair what the stream missed
 * @param maxQueuedPoints points waiting for the engine beyond which a write is dropped (and read at
 *     the next reconciliation)
 * @param adminUsername an InfluxDB admin for the subscription alone (creating one needs the admin
 *     right when authentication is on); null: the service's own InfluxDB user
 * @param adminPassword its password
 */
public record StreamSettings(
    boolean enabled,
    InetSocketAddress address,
    @Nullable String url,
    String instance,
    Duration reconcileInterval,
    int maxQueuedPoints,
    @Nullable String adminUsername,
    @Nullable Secret adminPassword) {

  /** Without an admin of its own. */
  public StreamSettings(
      boolean enabled,
      InetSocketAddress address,
      @Nullable String url,
      String instance,
      Duration reconcileInterval,
      int maxQueuedPoints) {
    this(enabled, address, url, instance, reconcileInterval, maxQueuedPoints, null, null);
  }

  @Override
  public String toString() {
    return "StreamSettings[" + address + ", url=" + url + ", instance=" + instance + "]";
  }

  /** The URL to give InfluxDB once the receiver listens on {@code port}. */
  public String destination(int port) {
    if (url != null && !url.isBlank()) {
      return url;
    }
    String host = address.getHostString();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
