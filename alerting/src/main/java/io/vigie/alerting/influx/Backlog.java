package io.vigie.alerting.influx;

import java.util.List;

/**
 * The status points a replica missed while it was down, kept durably until it takes them (the state
 * store's table {@code replica_backlog}). Each replica by its shown name ({@link
 * InfluxReplicas.Replica#name()}).
 */
public interface Backlog {

  /**
   * One point kept for a replica.
   *
   * @param seq its row, in the order the points were kept
   * @param line the point in line protocol, its time in milliseconds
   */
  record Kept(long seq, String line) {}

  /** Keeps points for a replica, after those already kept. */
  void add(String replica, List<String> lines);

  /** The replica's oldest kept points, at most {@code limit}. */
  List<Kept> oldest(String replica, int limit);

  /** Forgets the replica's points up to {@code seq}, once it took them. */
  void remove(String replica, long seq);

  /** How many points are kept for the replica. */
  long size(String replica);
}
