package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.present;
import static io.vigie.model.inventory.Checker.written;

import io.vigie.model.ssh.SshSettings;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An ssh target's {@code ssh} block: required, with a user, a way to verify the host key (pinned,
 * known_hosts or trust on first use) and a way to log in (a private_key or password reference);
 * timeouts, and the checks, each with a name unique on the target. Defaults are {@link
 * SshSettings}'.
 */
final class SshSection implements KindSection<SshSettings> {

  private static final Set<String> KEYS =
      Set.of(
          "port",
          "user",
          "host_key",
          "known_hosts",
          "trust_on_first_use",
          "connect_timeout",
          "command_timeout",
          "checks");
  private static final Set<String> CHECK_KEYS = Set.of("name", "command", "timeout");
  private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

  private final Checker c;

  SshSection(Checker c) {
    this.c = c;
  }

  @Override
  public @Nullable SshSettings read(
      Mapping target, String path, Map<String, SecretRef> credentials) {
    Entry entry = target.entries().get("ssh");
    String p = path + ".ssh";
    if (entry == null) {
      c.error(
          target.location(), p, null, "missing: an ssh target needs ssh settings (user, host_key)");
      return null;
    }
    Mapping m = c.mapping(entry.value(), p, KEYS);
    if (m == null) {
      return null;
    }
    int port = c.integer(m, "port", p, SshSettings.DEFAULT_PORT, 1, 65535);
    String user = c.string(m, "user", p, true);
    Scalar hostKey = c.scalar(m, "host_key", p);
    if (hostKey != null && !FINGERPRINT.matcher(written(hostKey)).matches()) {
      c.error(
          hostKey.location(),
          p + ".host_key",
          written(hostKey),
          "not a host key fingerprint: write it as ssh-keygen -lf prints it, SHA256:...");
      hostKey = null;
    }
    String knownHosts = c.string(m, "known_hosts", p, false);
    boolean tofu = false;
    Scalar t = c.scalar(m, "trust_on_first_use", p);
    if (t != null) {
      if (t.kind() == Scalar.Kind.BOOLEAN) {
        tofu = Boolean.parseBoolean(t.text());
      } else {
        c.error(t.location(), p + ".trust_on_first_use", t.text(), "must be true or false");
      }
    }
    if (hostKey == null && knownHosts == null && !tofu && !m.entries().containsKey("host_key")) {
      c.error(
          m.location(),
          p + ".host_key",
          null,
          "missing: pin the host key (host_key: SHA256:...), give known_hosts, or set"
              + " trust_on_first_use: true");
    }
    if (!credentials.containsKey("private_key") && !credentials.containsKey("password")) {
      c.error(
          target.location(),
          path + ".credentials",
          null,
          "missing: an ssh target needs a private_key or a password reference");
    }
    Duration connect = c.duration(m, "connect_timeout", p, true);
    Duration command = c.duration(m, "command_timeout", p, true);
    List<SshSettings.Check> checks = checks(m, p);
    if (user == null) {
      // Reported above (missing, empty or not a value), so the inventory is refused and these
      // settings would never be used: the block's errors leave none.
      return null;
    }
    return new SshSettings(
        port,
        user,
        hostKey == null ? null : written(hostKey),
        knownHosts == null ? null : Path.of(knownHosts),
        tofu,
        connect == null ? SshSettings.DEFAULT_CONNECT_TIMEOUT : connect,
        command == null ? SshSettings.DEFAULT_COMMAND_TIMEOUT : command,
        checks);
  }

  private List<SshSettings.Check> checks(Mapping m, String p) {
    List<SshSettings.Check> checks = new ArrayList<>();
    Entry ce = m.entries().get("checks");
    Sequence cl = ce == null ? null : c.sequence(ce.value(), p + ".checks");
    Set<String> names = new HashSet<>();
    for (int i = 0; cl != null && i < cl.items().size(); i++) {
      String cp = p + ".checks[" + i + "]";
      Mapping check = c.mapping(cl.items().get(i), cp, CHECK_KEYS);
      if (check == null) {
        continue;
      }
      String name = c.name(check, "name", cp);
      String cmd = c.string(check, "command", cp, true);
      Duration timeout = c.duration(check, "timeout", cp, true);
      if (name != null && !names.add(name)) {
        c.error(
            present(check, "name").value().location(), cp + ".name", name, "duplicate check name");
      } else if (name != null && cmd != null) {
        checks.add(new SshSettings.Check(name, cmd, timeout));
      }
    }
    return checks;
  }
}
