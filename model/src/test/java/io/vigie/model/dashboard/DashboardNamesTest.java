package io.vigie.model.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DashboardNamesTest {
  private static final String UID = "[A-Za-z0-9_-]{1,40}";

  @Test
  void plainIdsAreKeptSoThatUrlsReadWell() {
    assertThat(DashboardNames.targetUid("web-1")).isEqualTo("vigie-t-web-1");
    assertThat(DashboardNames.clientUid("acme")).isEqualTo("vigie-c-acme");
    assertThat(DashboardNames.clientFolderUid("acme")).isEqualTo("vigie-f-acme");
  }

  @Test
  void idsWithOtherCharactersGetAHashAndNeverMeet() {
    // Ids the inventory allows that clean up to the same readable part, or differ only by case
    // (some Grafana databases compare UIDs without case).
    List<String> ids = List.of("a.b", "a-b", "a_b", "A-b", "A.B", "a--b", "ab");
    Map<String, String> seen = new HashMap<>();
    for (String id : ids) {
      String uid = DashboardNames.targetUid(id);
      assertThat(uid).matches(UID);
      String before = seen.put(uid.toLowerCase(Locale.ROOT), id);
      assertThat(before).as("%s and %s give the same UID %s", before, id, uid).isNull();
    }
    assertThat(DashboardNames.targetUid("Core.SW_1")).matches("vigie-t-core-sw-1_[0-9a-f]{12}");
  }

  @Test
  void anyStringGivesAValidUidOfAtMost40Characters() {
    String longest = "a".repeat(63);
    assertThat(DashboardNames.targetUid(longest)).matches(UID).hasSizeLessThanOrEqualTo(40);
    assertThat(DashboardNames.targetUid(longest + "b"))
        .isNotEqualTo(DashboardNames.targetUid(longest));
    for (String odd :
        List.of(
            "", " ", "é", "日本", "a b", "x\"y", "x'y", "a/b", "a\\b", "a\nb", "</script>", "-")) {
      assertThat(DashboardNames.targetUid(odd)).as(odd).matches(UID);
      assertThat(DashboardNames.clientFolderUid(odd)).as(odd).matches(UID);
    }
  }

  @Test
  void noCollisionsAmong200000RandomInventoryIds() {
    // The inventory's own alphabet: [A-Za-z0-9][A-Za-z0-9_.-]{0,62}.
    String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    String rest = first + "_.-";
    Random random = new Random(42);
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      StringBuilder id = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
      int length = random.nextInt(random.nextBoolean() ? 6 : 63);
      for (int j = 0; j < length; j++) {
        id.append(rest.charAt(random.nextInt(rest.length())));
      }
      String uid = DashboardNames.targetUid(id.toString());
      assertThat(uid).matches(UID);
      String before = seen.putIfAbsent(uid.toLowerCase(Locale.ROOT), id.toString());
      assertThat(before == null || before.equals(id.toString()))
          .as("%s and %s give %s", before, id, uid)
          .isTrue();
    }
  }

  @Test
  void folderTitlesLoseSlashesAndControlCharactersButNotTheirLetters() {
    assertThat(DashboardNames.folderTitle("ACME Industries", "acme")).isEqualTo("ACME Industries");
    assertThat(DashboardNames.folderTitle("Dupont & Fils / Lyon", "dupont"))
        .isEqualTo("Dupont & Fils Lyon");
    assertThat(DashboardNames.folderTitle("Société\tGénérale\r\nBcc: x", "sg"))
        .isEqualTo("Société Générale Bcc: x");
    assertThat(DashboardNames.folderTitle("  ", "acme")).isEqualTo("acme");
    assertThat(DashboardNames.folderTitle("..", "acme")).isEqualTo("acme");
    assertThat(DashboardNames.folderTitle(null, "acme")).isEqualTo("acme");
    assertThat(DashboardNames.folderTitle("x".repeat(300), "acme")).hasSize(100);
  }
}
