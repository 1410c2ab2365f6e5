package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.snmp.SnmpProfile;
import io.vigie.model.snmp.SnmpProfiles;
import io.vigie.model.snmp.SnmpSettings;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An snmp target's {@code snmp} block, optional: version, port, built-in profiles, timeouts and
 * sizes, the SNMPv3 user and protocols, and the credentials each version needs (a community for v1
 * and v2c; auth and priv passwords for v3). Its custom OIDs are {@link CustomOidsSection}'s.
 * Defaults are {@link SnmpSettings}'.
 */
final class SnmpSection implements KindSection<SnmpSettings> {

  private static final Set<String> KEYS =
      Set.of(
          "version",
          "port",
          "profiles",
          "timeout",
          "retries",
          "max_repetitions",
          "budget",
          "user",
          "auth",
          "priv",
          "custom");

  private final Checker c;
  private final CustomOidsSection custom;

  SnmpSection(Checker c) {
    this.c = c;
    this.custom = new CustomOidsSection(c);
  }

  @Override
  public @Nullable SnmpSettings read(
      Mapping target, String path, Map<String, SecretRef> credentials) {
    Entry entry = target.entries().get("snmp");
    Mapping m =
        entry == null
            ? new Mapping(target.location(), Map.of())
            : c.mapping(entry.value(), path + ".snmp", KEYS);
    if (m == null) {
      return null;
    }
    String p = path + ".snmp";
    SnmpSettings.Version version = SnmpSettings.DEFAULT_VERSION;
    Scalar v = c.scalar(m, "version", p);
    if (v != null) {
      switch (String.valueOf(v.text()).toLowerCase(Locale.ROOT)) {
        case "1" -> version = SnmpSettings.Version.V1;
        case "2c", "2" -> version = SnmpSettings.Version.V2C;
        case "3" -> version = SnmpSettings.Version.V3;
        default -> c.error(v.location(), p + ".version", v.text(), "must be 1, 2c or 3");
      }
    }
    int port = c.integer(m, "port", p, SnmpSettings.DEFAULT_PORT, 1, 65535);
    List<String> profiles = profiles(m, p);
    Duration timeout = c.duration(m, "timeout", p, true);
    int retries =
        c.integer(m, "retries", p, SnmpSettings.DEFAULT_RETRIES, 0, SnmpSettings.MAX_RETRIES);
    int maxRepetitions =
        c.integer(
            m,
            "max_repetitions",
            p,
            SnmpSettings.DEFAULT_MAX_REPETITIONS,
            1,
            SnmpSettings.MAX_MAX_REPETITIONS);
    Duration budget = c.duration(m, "budget", p, true);
    String user = c.string(m, "user", p, false);
    SnmpSettings.AuthProtocol auth = c.choice(m, "auth", p, SnmpSettings.AuthProtocol.class);
    SnmpSettings.PrivProtocol priv = c.choice(m, "priv", p, SnmpSettings.PrivProtocol.class);
    if (version == SnmpSettings.Version.V3) {
      v3(target, path, m, credentials, user, auth, priv);
    } else {
      for (String v3only : List.of("user", "auth", "priv")) {
        if (m.entries().containsKey(v3only)) {
          c.error(
              m.entries().get(v3only).keyLocation(),
              p + "." + v3only,
              v3only,
              "only SNMPv3 takes " + v3only);
        }
      }
      if (!credentials.containsKey("community")) {
        c.error(
            target.location(),
            path + ".credentials.community",
            null,
            "missing: SNMP v1 and v2c need a community reference, e.g. {env: SNMP_COMMUNITY}");
      }
    }
    SnmpProfile customProfile = custom.read(m, p);
    return new SnmpSettings(
        version,
        port,
        profiles,
        timeout == null ? SnmpSettings.DEFAULT_TIMEOUT : timeout,
        retries,
        maxRepetitions,
        budget,
        user,
        auth,
        priv,
        customProfile);
  }

  /** The built-in profiles listed, or the default ones when the key is absent. */
  private List<String> profiles(Mapping m, String p) {
    List<String> profiles = new ArrayList<>(SnmpSettings.DEFAULT_PROFILES);
    Entry pe = m.entries().get("profiles");
    if (pe != null) {
      profiles.clear();
      Sequence list = c.sequence(pe.value(), p + ".profiles");
      if (list != null) {
        Set<String> known = SnmpProfiles.builtIn().keySet();
        for (int i = 0; i < list.items().size(); i++) {
          YamlNode item = list.items().get(i);
          String text = text(item);
          if (text != null && known.contains(text)) {
            profiles.add(text);
          } else {
            c.error(
                item.location(),
                p + ".profiles[" + i + "]",
                text,
                "unknown profile"
                    + suggestion(text, known)
                    + "; known: "
                    + String.join(", ", known));
          }
        }
      }
    }
    return profiles;
  }

  /** SNMPv3: a user; privacy only with authentication; a password reference for each. */
  private void v3(
      Mapping target,
      String path,
      Mapping m,
      Map<String, SecretRef> credentials,
      @Nullable String user,
      SnmpSettings.@Nullable AuthProtocol auth,
      SnmpSettings.@Nullable PrivProtocol priv) {
    String p = path + ".snmp";
    if (user == null) {
      c.error(m.location(), p + ".user", null, "missing: SNMPv3 needs a user");
    }
    if (priv != null && auth == null) {
      c.error(
          present(m, "priv").value().location(),
          p + ".priv",
          text(present(m, "priv").value()),
          "privacy needs authentication: set auth too");
    }
    if (auth != null && !credentials.containsKey("auth_password")) {
      c.error(
          target.location(),
          path + ".credentials.auth_password",
          null,
          "missing: auth "
              + auth.name().toLowerCase(Locale.ROOT)
              + " needs an auth_password reference");
    }
    if (priv != null && !credentials.containsKey("priv_password")) {
      c.error(
          target.location(),
          path + ".credentials.priv_password",
          null,
          "missing: priv "
              + priv.name().toLowerCase(Locale.ROOT)
              + " needs a priv_password reference");
    }
  }

  /** The tags of the target's custom measurements, with the measurements that write them. */
  @Override
  public Map<String, Set<String>> ownTags(SnmpSettings settings) {
    Map<String, Set<String>> tags = new TreeMap<>();
    SnmpProfile custom = settings.custom();
    if (custom == null) {
      return tags;
    }
    BiConsumer<String, String> add =
        (tag, measurement) ->
            tags.computeIfAbsent(tag, k -> new LinkedHashSet<>())
                .add("this target's custom measurement " + measurement);
    for (SnmpProfile.Scalar scalar : custom.scalars()) {
      scalar.tags().keySet().forEach(tag -> add.accept(tag, scalar.measurement()));
    }
    for (SnmpProfile.Table table : custom.tables()) {
      add.accept(table.indexTag(), table.measurement());
      for (SnmpProfile.Column column : table.columns()) {
        if (column.isTag()) {
          add.accept(column.tag(), table.measurement());
        }
      }
    }
    return tags;
  }

  /** Before the labels, which must not take the names of the custom measurements' tags. */
  @Override
  public boolean readBeforeLabels() {
    return true;
  }
}
