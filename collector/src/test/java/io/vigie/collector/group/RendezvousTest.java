package io.vigie.collector.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which member a target goes to: fair shares, and few moves when members come and go. */
class RendezvousTest {
  private static final List<String> THREE = List.of("col-a", "col-b", "col-c");

  private static Map<String, String> assign(List<String> members, int targets) {
    Map<String, String> owners = new HashMap<>();
    for (int i = 0; i < targets; i++) {
      owners.put("target-" + i, Rendezvous.owner("target-" + i, members));
    }
    return owners;
  }

  @Test
  void everyMemberGetsAboutAThird() {
    Map<String, String> owners = assign(THREE, 3000);
    Map<String, Integer> shares = new HashMap<>();
    owners.values().forEach(m -> shares.merge(m, 1, Integer::sum));
    assertThat(shares).containsOnlyKeys(THREE);
    assertThat(shares.values()).allSatisfy(n -> assertThat(n).isBetween(900, 1100));
  }

  @Test
  void aMemberLeavingMovesOnlyItsOwnTargets() {
    Map<String, String> before = assign(THREE, 3000);
    Map<String, String> after = assign(List.of("col-a", "col-c"), 3000);
    before.forEach(
        (target, owner) -> {
          if (!owner.equals("col-b")) {
            assertThat(after.get(target)).as(target).isEqualTo(owner);
          }
        });
  }

  @Test
  void aMemberJoiningTakesAFairShareFromEachAndNothingElseMoves() {
    Map<String, String> before = assign(THREE, 3000);
    Map<String, String> after = assign(List.of("col-a", "col-b", "col-c", "col-d"), 3000);
    long moved = 0;
    for (Map.Entry<String, String> e : before.entrySet()) {
      String now = after.get(e.getKey());
      if (!now.equals(e.getValue())) {
        assertThat(now).as("a target that moves goes to the newcomer").isEqualTo("col-d");
        moved++;
      }
    }
    assertThat(moved).isBetween(650L, 850L); // a quarter of 3000
  }

  @Test
  void theAnswerDependsOnlyOnTheSetOfMembers() {
    assertThat(Rendezvous.owner("sw1", List.of("col-c", "col-a", "col-b")))
        .isEqualTo(Rendezvous.owner("sw1", THREE));
    assertThat(Rendezvous.owner("sw1", List.of())).isNull();
  }

  @Test
  void idsWithDotsMakeValidKeysAndComeBack() {
    String key = Leases.key("paris.site", "sw.1.");
    assertThat(key).isEqualTo("paris=site.sw=1=");
    assertThat(Leases.id(key)).isEqualTo("sw.1.");
  }
}
