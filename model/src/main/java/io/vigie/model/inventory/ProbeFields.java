package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.written;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.inventory.ProbeTypeSection.Owner;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The settings several probe types share, read the same way for each: a host defaulting to the
 * target's address, a URL with {@code {address}} in it, a port, a regular expression, one of a list
 * of words, a list of values, and {@code basic_auth}.
 */
final class ProbeFields {

  /** The placeholder in a URL replaced by the target's address. */
  static final String ADDRESS = "{address}";

  private static final Set<String> BASIC_AUTH_KEYS = Set.of("user", "password");

  private final Checker c;

  ProbeFields(Checker c) {
    this.c = c;
  }

  Checker checker() {
    return c;
  }

  /** A required port; 0 when missing or wrong (reported). */
  int requiredPort(Mapping m, String pp) {
    if (!m.entries().containsKey("port")) {
      c.error(m.location(), pp + ".port", null, "missing: the TCP port to connect to, 1 to 65535");
      return 0;
    }
    return c.integer(m, "port", pp, 0, 1, 65535);
  }

  /** The host under {@code key}, or the target's address when the key is absent. */
  @Nullable String host(Mapping m, String key, String pp, Owner target) {
    if (!m.entries().containsKey(key)) {
      if (target.address() == null && target.reportNoAddress()) {
        c.error(
            m.location(),
            pp + "." + key,
            null,
            "missing: the target has no address for this probe to default to; give the probe a "
                + key
                + " or the target an address");
      }
      return target.address();
    }
    String host = c.string(m, key, pp, false);
    if (host != null && (hasSpace(host) || host.contains("/"))) {
      c.error(
          present(m, key).value().location(),
          pp + "." + key,
          host,
          "not a host: a name or an IP address, without a scheme, path or port");
      return null;
    }
    return host;
  }

  /**
   * The required URL, {@link #ADDRESS} replaced by the target's address, absolute, of one of the
   * schemes, with a host and no user information.
   */
  @Nullable URI url(Mapping m, String pp, Owner target, Set<String> schemes, String schemeMessage) {
    String text = c.string(m, "url", pp, true);
    if (text == null) {
      return null;
    }
    Location at = present(m, "url").value().location();
    String key = pp + ".url";
    String expanded = text;
    if (text.contains(ADDRESS)) {
      if (target.address() == null) {
        if (target.reportNoAddress()) {
          c.error(
              at,
              key,
              text,
              "uses " + ADDRESS + ", but the target has no address: give the target one");
        }
        return null;
      }
      expanded = text.replace(ADDRESS, urlHost(target.address()));
    }
    URI uri;
    try {
      uri = new URI(expanded);
    } catch (URISyntaxException e) {
      c.error(
          at,
          key,
          text,
          "not a URL: "
              + e.getReason()
              + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")
              + (expanded.indexOf('{') >= 0 ? " (the only placeholder is " + ADDRESS + ")" : ""));
      return null;
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || !schemes.contains(scheme)) {
      c.error(at, key, text, schemeMessage);
      return null;
    }
    if (uri.getRawUserInfo() != null) {
      // The value is deliberately not echoed: it may hold a password.
      c.error(
          at,
          key,
          null,
          "secrets are never written inline: take the user and password out of the URL and give"
              + " them as basic_auth");
      return null;
    }
    if (uri.getHost() == null) {
      c.error(at, key, text, "has no host, or one that is not a valid host name");
      return null;
    }
    return uri;
  }

  /** An address as the host of a URL: an IPv6 address in brackets. */
  static String urlHost(String address) {
    return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  static boolean hasSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) || Character.isISOControl(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** A regular expression, compiled now so that a mistake is found here, not when probing. */
  @Nullable Pattern regex(Mapping m, String key, String pp) {
    Scalar s = c.scalar(m, key, pp);
    if (s == null) {
      return null;
    }
    String text = written(s);
    if (text.isEmpty()) {
      c.error(
          s.location(), pp + "." + key, text, "an empty pattern matches anything: leave it out");
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      c.error(
          s.location(),
          pp + "." + key,
          text,
          "not a valid regular expression: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
      return null;
    }
  }

  /**
   * One of {@code values}, written in any case, as it is in {@code values}; {@code fallback} when
   * absent, null when wrong (reported).
   */
  @Nullable String oneOf(
      Mapping m, String key, String pp, List<String> values, String fallback, boolean upper) {
    Scalar s = c.scalar(m, key, pp);
    if (s == null) {
      return m.entries().containsKey(key) ? null : fallback;
    }
    String text = written(s);
    String normal = upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
    if (values.contains(normal)) {
      return normal;
    }
    c.error(
        s.location(),
        pp + "." + key,
        text,
        "must be one of "
            + String.join(", ", values)
            + suggestion(text, new LinkedHashSet<>(values)));
    return null;
  }

  /** A list of scalars, or one scalar written alone; each non-scalar item is reported. */
  List<Scalar> scalars(Mapping m, String key, String pp) {
    List<Scalar> scalars = new ArrayList<>();
    Entry e = m.entries().get(key);
    if (e == null) {
      return scalars;
    }
    if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
      scalars.add(s);
      return scalars;
    }
    Sequence list = c.sequence(e.value(), pp + "." + key);
    if (list == null) {
      return scalars;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      if (item instanceof Scalar s) {
        scalars.add(s);
      } else {
        c.error(
            item.location(),
            pp + "." + key + "[" + i + "]",
            null,
            "expected a single value, found " + item.describe());
      }
    }
    return scalars;
  }

  /**
   * {@code basic_auth: {user: NAME, password: ROLE}}, the role one of the target's credentials;
   * null when absent or wrong (reported).
   */
  ProbeSpec.@Nullable BasicAuth basicAuth(Mapping m, String pp, Owner target) {
    Entry e = m.entries().get("basic_auth");
    if (e == null) {
      return null;
    }
    String bp = pp + ".basic_auth";
    Mapping b = c.mapping(e.value(), bp, BASIC_AUTH_KEYS);
    if (b == null) {
      return null;
    }
    String user = c.string(b, "user", bp, true);
    Entry pe = b.entries().get("password");
    if (pe == null) {
      c.error(
          b.location(),
          bp + ".password",
          null,
          "missing: the role of the password among the target's credentials");
      return null;
    }
    if (pe.value() instanceof Mapping) {
      c.error(
          pe.value().location(),
          bp + ".password",
          null,
          "the password is the role of a secret among the target's credentials (password:"
              + " web_password, with web_password: {env: VARIABLE} under credentials), not the"
              + " reference itself");
      return null;
    }
    String role = c.string(b, "password", bp, true);
    if (role == null) {
      return null;
    }
    if (!target.credentials().containsKey(role) && !declaredRoles(target).contains(role)) {
      c.error(
          pe.value().location(),
          bp + ".password",
          role,
          "the target has no credential of this role"
              + suggestion(role, target.credentials().keySet())
              + "; add it under the target's credentials, e.g. "
              + role
              + ": {env: VARIABLE}");
      return null;
    }
    if (user == null || !target.credentials().containsKey(role)) {
      // A malformed credential is reported by the credentials section.
      return null;
    }
    return new ProbeSpec.BasicAuth(user, role);
  }

  /** The roles written under the target's credentials, well-formed or not. */
  private static Set<String> declaredRoles(Owner target) {
    Entry e = target.mapping().entries().get("credentials");
    return e != null && e.value() instanceof Mapping cm ? cm.entries().keySet() : Set.of();
  }
}
