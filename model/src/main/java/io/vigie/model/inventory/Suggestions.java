package io.vigie.model.inventory;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * "Did you mean" for an unknown key, id, profile or type: the known name nearest to the one given,
 * by edit distance, when it is near enough to be a likely typo.
 */
final class Suggestions {

  private Suggestions() {}

  /** "; did you mean X?" for a near miss, as a typo is the likeliest cause of an unknown name. */
  static String suggestion(@Nullable String given, Set<String> known) {
    if (given == null) {
      return "";
    }
    @Nullable String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(1, given.length() / 3)
        ? " (did you mean " + best + "?)"
        : "";
  }

  /** Levenshtein distance, in two rows. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
