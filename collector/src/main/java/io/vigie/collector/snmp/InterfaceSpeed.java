package io.vigie.collector.snmp;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snmp4j.smi.Variable;

/**
 * The most an interface's counters can honestly grow per second, from its speed: what tells a
 * cleared counter from a wrapped one (see {@link CounterRates}). Known by OID, so it applies to the
 * IF-MIB counters of a profile and of a custom table alike, wherever the same row's ifSpeed or
 * ifHighSpeed was read too.
 */
final class InterfaceSpeed {
  static final String IF_SPEED = "1.3.6.1.2.1.2.2.1.5"; // bits/s, 4294967295 when faster
  static final String IF_HIGH_SPEED = "1.3.6.1.2.1.31.1.1.1.15"; // Mb/s, rounded

  private static final long IF_SPEED_MAX = 0xFFFF_FFFFL;

  /** ifInOctets, ifOutOctets, ifHCInOctets, ifHCOutOctets: bytes. */
  private static final Set<String> OCTETS =
      Set.of(
          "1.3.6.1.2.1.2.2.1.10",
          "1.3.6.1.2.1.2.2.1.16",
          "1.3.6.1.2.1.31.1.1.1.6",
          "1.3.6.1.2.1.31.1.1.1.10");

  /** Unicast, multicast, broadcast and non-unicast packets, 32 and 64 bits. */
  private static final Set<String> PACKETS =
      Set.of(
          "1.3.6.1.2.1.2.2.1.11",
          "1.3.6.1.2.1.2.2.1.12",
          "1.3.6.1.2.1.2.2.1.17",
          "1.3.6.1.2.1.2.2.1.18",
          "1.3.6.1.2.1.31.1.1.1.2",
          "1.3.6.1.2.1.31.1.1.1.3",
          "1.3.6.1.2.1.31.1.1.1.4",
          "1.3.6.1.2.1.31.1.1.1.5",
          "1.3.6.1.2.1.31.1.1.1.7",
          "1.3.6.1.2.1.31.1.1.1.8",
          "1.3.6.1.2.1.31.1.1.1.9",
          "1.3.6.1.2.1.31.1.1.1.11",
          "1.3.6.1.2.1.31.1.1.1.12",
          "1.3.6.1.2.1.31.1.1.1.13");

  /**
   * The smallest packet counted: a bare IPv4 header. Ethernet frames are at least 64 bytes, but
   * serial and tunnel interfaces carry smaller ones; the ceiling must never be below the truth.
   */
  private static final int MIN_PACKET_BYTES = 20;

  private InterfaceSpeed() {}

  /**
   * The interface's speed in bits per second: the larger of ifHighSpeed (Mb/s, rounded, for fast
   * interfaces) and ifSpeed (exact below 4.3 Gb/s, saturated above), or 0 when neither tells.
   */
  static long bitsPerSecond(@Nullable Variable ifSpeed, @Nullable Variable ifHighSpeed) {
    long speed = 0;
    if (ifHighSpeed != null && SnmpValues.numeric(ifHighSpeed)) {
      speed = Math.max(speed, ifHighSpeed.toLong() * 1_000_000L);
    }
    if (ifSpeed != null && SnmpValues.numeric(ifSpeed) && ifSpeed.toLong() < IF_SPEED_MAX) {
      speed = Math.max(speed, ifSpeed.toLong());
    }
    return speed;
  }

  /**
   * The highest honest rate per second of the counter column {@code oid} in row {@code index}, or
   * infinity when the column is not an interface's traffic counter or the speed is unknown.
   *
   * @param values the poll's values
   */
  static double ceiling(String oid, String index, PollValues values) {
    boolean octets = OCTETS.contains(oid);
    if (!octets && !PACKETS.contains(oid)) {
      return Double.POSITIVE_INFINITY;
    }
    long bits = bitsPerSecond(values.cell(IF_SPEED, index), values.cell(IF_HIGH_SPEED, index));
    if (bits <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return octets ? bits / 8.0 : bits / (8.0 * MIN_PACKET_BYTES);
  }
}
