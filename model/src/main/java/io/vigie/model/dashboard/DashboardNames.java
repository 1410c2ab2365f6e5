package io.vigie.model.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The Grafana names of what Vigie generates, derived from inventory ids alone so that every
 * regeneration lands on the same dashboards and the alerting service can link to them.
 *
 * <p>A Grafana UID has at most 40 characters from {@code [A-Za-z0-9_-]}, and some Grafana databases
 * compare UIDs without case. An id that is already lower case letters, digits and dashes, and short
 * enough, is used as it is. Any other id (upper case, dots, underscores, other characters, too
 * long) keeps a readable part made of those characters and gains {@code _} and 12 hex digits of its
 * SHA-256. Plain UIDs never contain {@code _}, so the two forms never meet, and two different ids
 * only meet if their hashes collide (48 bits).
 */
public final class DashboardNames {
  /** Grafana's limit on a UID's length. */
  public static final int MAX_UID = 40;

  public static final String OVERVIEW_UID = "vigie-overview";
  public static final String NOC_FOLDER_UID = "vigie-noc";
  public static final String NOC_FOLDER_TITLE = "Vigie NOC";
  public static final String DATASOURCE_UID = "vigie-influxdb";

  /** Every dashboard and folder Vigie generates carries this tag; push prunes only these. */
  public static final String OWNER_TAG = "vigie-generated";

  /** The start of every client folder's UID: what push may prune. */
  public static final String CLIENT_FOLDER_PREFIX = "vigie-f-";

  private static final int HASH_HEX = 12;

  private DashboardNames() {}

  /** The UID of a target's detail dashboard. */
  public static String targetUid(String targetId) {
    return uid("vigie-t-", targetId);
  }

  /** The UID of a client's overview dashboard. */
  public static String clientUid(String clientId) {
    return uid("vigie-c-", clientId);
  }

  /** The UID of the folder holding a client's dashboards. */
  public static String clientFolderUid(String clientId) {
    return uid(CLIENT_FOLDER_PREFIX, clientId);
  }

  /**
   * A folder title for a client's name: control characters and slashes (which Grafana's file
   * provisioning reads as directories) become spaces, runs of spaces one, at most 100 characters;
   * an empty result falls back to the client's id.
   */
  public static String folderTitle(String clientName, String clientId) {
    String name = clientName == null ? "" : clientName;
    StringBuilder title = new StringBuilder();
    name.codePoints()
        .map(c -> Character.isISOControl(c) || c == '/' || c == '\\' ? ' ' : c)
        .forEach(title::appendCodePoint);
    String cleaned = title.toString().replaceAll("\\s+", " ").strip();
    if (cleaned.equals(".") || cleaned.equals("..")) {
      cleaned = "";
    }
    if (cleaned.codePointCount(0, cleaned.length()) > 100) {
      cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, 100)).strip();
    }
    return cleaned.isEmpty() ? clientId : cleaned;
  }

  static String uid(String prefix, String id) {
    int room = MAX_UID - prefix.length();
    if (id.matches("[a-z0-9-]+") && id.length() <= room) {
      return prefix + id;
    }
    String readable =
        id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    int keep = room - 1 - HASH_HEX;
    if (readable.length() > keep) {
      readable = readable.substring(0, keep);
    }
    return prefix + readable + "_" + sha256(id).substring(0, HASH_HEX);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
