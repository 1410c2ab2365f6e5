package io.vigie.model.snmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The built-in profiles, read once from {@code profiles.yml}. */
public final class SnmpProfiles {
  private static final Map<String, SnmpProfile> BUILT_IN = load();

  private SnmpProfiles() {}

  public static Map<String, SnmpProfile> builtIn() {
    return BUILT_IN;
  }

  private static Map<String, SnmpProfile> load() {
    YAMLMapper yaml =
        YAMLMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    try (InputStream in = SnmpProfiles.class.getResourceAsStream("profiles.yml")) {
      JsonNode root = yaml.readTree(in).get("profiles");
      Map<String, SnmpProfile> profiles = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : root.properties()) {
        SnmpProfile p = yaml.treeToValue(entry.getValue(), SnmpProfile.class);
        profiles.put(
            entry.getKey(), new SnmpProfile(entry.getKey(), p.scalars(), p.tables(), p.derive()));
      }
      return java.util.Collections.unmodifiableMap(profiles);
    } catch (IOException e) {
      throw new UncheckedIOException("profiles.yml is unreadable", e);
    }
  }
}
