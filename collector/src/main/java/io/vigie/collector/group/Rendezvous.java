package io.vigie.collector.group;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Rendezvous (highest random weight) hashing: each target goes to the member whose hash with it is
 * highest. Every member computes the same answer from the same set of members, without talking; a
 * member joining takes only the targets it now wins (a fair share, about 1/n), and one leaving
 * gives away only its own, so SSH sessions and SNMP counter baselines stay where they are.
 */
final class Rendezvous {
  private Rendezvous() {}

  /** The member the target goes to, or null when there is none. */
  static @Nullable String owner(String target, Collection<String> members) {
    String best = null;
    long bestWeight = 0;
    for (String member : members) {
      long weight = weight(member, target);
      if (best == null
          || Long.compareUnsigned(weight, bestWeight) > 0
          || (weight == bestWeight && member.compareTo(best) < 0)) {
        best = member;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** FNV-1a over member, a separator and target, then a 64-bit finaliser to spread the bits. */
  static long weight(String member, String target) {
    long h = 0xcbf29ce484222325L;
    for (byte b : member.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = (h ^ 0xff) * 0x100000001b3L;
    for (byte b : target.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
