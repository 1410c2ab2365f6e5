package io.vigie.model.inventory;

import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A target's {@code credentials}: secret references by role, each exactly one of {@code {env:
 * VARIABLE}} or {@code {file: /path}}, never an inline secret; when asked, each must resolve here.
 * Which roles a kind needs is checked by the kind's own section.
 */
final class CredentialsSection {

  private static final Set<String> SECRET_KEYS = Set.of("env", "file");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Checker c;
  private final SecretResolver secrets;
  private final boolean checkSecrets;

  CredentialsSection(Checker c, SecretResolver secrets, boolean checkSecrets) {
    this.c = c;
    this.secrets = secrets;
    this.checkSecrets = checkSecrets;
  }

  /** The well-formed references by role, in the order written. */
  Map<String, SecretRef> read(Mapping m, String path) {
    Map<String, SecretRef> credentials = new LinkedHashMap<>();
    Entry entry = m.entries().get("credentials");
    if (entry == null) {
      return credentials;
    }
    Mapping cm = c.mapping(entry.value(), path + ".credentials", null);
    if (cm == null) {
      return credentials;
    }
    for (Entry e : cm.entries().values()) {
      String rolePath = path + ".credentials." + e.key();
      if (e.value() instanceof Scalar s) {
        // The value is deliberately not echoed: it may be the secret itself.
        c.error(
            s.location(),
            rolePath,
            null,
            "secrets are never written inline: use {env: VARIABLE} or {file: /path/to/secret}");
        continue;
      }
      Mapping ref = c.mapping(e.value(), rolePath, SECRET_KEYS);
      if (ref == null) {
        continue;
      }
      Scalar env = c.scalar(ref, "env", rolePath);
      Scalar fileRef = c.scalar(ref, "file", rolePath);
      if ((env == null) == (fileRef == null)) {
        c.error(ref.location(), rolePath, null, "give exactly one of env or file");
        continue;
      }
      SecretRef secret;
      Scalar node;
      if (env != null) {
        if (env.text() == null || !ENV_NAME.matcher(env.text()).matches()) {
          c.error(
              env.location(), rolePath + ".env", env.text(), "not an environment variable name");
          continue;
        }
        secret = SecretRef.env(env.text());
        node = env;
      } else {
        if (fileRef.text() == null || fileRef.text().isBlank()) {
          c.error(fileRef.location(), rolePath + ".file", fileRef.text(), "empty path");
          continue;
        }
        secret = SecretRef.file(fileRef.text());
        node = fileRef;
      }
      if (checkSecrets) {
        String why = secrets.whyUnresolvable(secret);
        if (why != null) {
          c.error(
              node.location(),
              rolePath + "." + secret.source().name().toLowerCase(Locale.ROOT),
              node.text(),
              "unresolvable secret: " + why);
        }
      }
      credentials.put(e.key(), secret);
    }
    return credentials;
  }
}
