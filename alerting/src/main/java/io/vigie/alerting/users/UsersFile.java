package io.vigie.alerting.users;

import io.vigie.model.text.Escape;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlTreeReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The API's users and their password hashes ({@code mdp.yml}, "mots de passe"):
 *
 * <pre>
 * users:
 *   - name: alice
 *     password: "$2a$12$..."      # ./vigie hash-password
 *     roles: [operator]           # viewer: read; operator: read, silence, acknowledge
 *     clients: [acme]             # optional: only these clients; without the key, all (NOC)
 * </pre>
 *
 * Only hashes are accepted, never a plain password: bcrypt ({@code $2a$}, {@code $2b$}, {@code
 * $2y$}, optionally prefixed {@code {bcrypt}}). Every mistake is reported with its line.
 */
public final class UsersFile {
  public static final Set<String> ROLES = Set.of("viewer", "operator");

  private static final Set<String> KEYS = Set.of("name", "password", "roles", "clients");

  /**
   * One user. The hash is not a secret in the usual sense, but it is never logged either.
   *
   * @param clients the client ids this user is limited to; {@code null} for a NOC user, who sees
   *     every client (an empty list is refused by the parser: it would be a user who sees nothing)
   */
  public record User(
      String name, String passwordHash, List<String> roles, @Nullable List<String> clients) {
    public User {
      roles = List.copyOf(roles);
      clients = clients == null ? null : List.copyOf(clients);
    }

    public User(String name, String passwordHash, List<String> roles) {
      this(name, passwordHash, roles, null);
    }

    /** What this user may see and act on. */
    public Scope scope() {
      return clients == null ? Scope.ALL : Scope.of(clients);
    }

    @Override
    public String toString() {
      return "User["
          + name
          + ", roles="
          + roles
          + (clients == null ? "" : ", clients=" + clients)
          + "]";
    }
  }

  private UsersFile() {}

  /**
   * Reads the file.
   *
   * @throws IllegalArgumentException with every mistake, each as {@code file:line:column: key:
   *     message}
   */
  public static Map<String, User> load(Path file) {
    return load(file, null);
  }

  /**
   * Reads the file and checks every {@code clients} entry against the client ids of the inventory
   * in force.
   *
   * @param knownClients the inventory's client ids; {@code null} to skip that check (tools that
   *     have no inventory at hand)
   * @throws IllegalArgumentException with every mistake, each as {@code file:line:column: key:
   *     message}
   */
  public static Map<String, User> load(Path file, @Nullable Set<String> knownClients) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": cannot read the users file: " + e.getMessage(), e);
    }
    return parse(text, file.toString(), knownClients);
  }

  public static Map<String, User> parse(String text, String source) {
    return parse(text, source, null);
  }

  public static Map<String, User> parse(
      String text, String source, @Nullable Set<String> knownClients) {
    List<String> errors = new ArrayList<>();
    YamlTreeReader.Result tree = YamlTreeReader.read(text);
    tree.problems()
        .forEach(
            p -> errors.add(source + ":" + p.location() + ": " + p.key() + ": " + p.message()));
    Map<String, User> users = new LinkedHashMap<>();
    if (tree.root() instanceof YamlNode.Mapping root && root.entries().get("users") != null) {
      YamlNode list = root.entries().get("users").value();
      if (list instanceof YamlNode.Sequence seq) {
        for (int i = 0; i < seq.items().size(); i++) {
          user(seq.items().get(i), "users[" + i + "]", source, knownClients, errors, users);
        }
      } else {
        errors.add(
            source + ":" + list.location() + ": users: a list of users, found " + list.describe());
      }
    } else if (errors.isEmpty()) {
      errors.add(source + ":1:1: users: required, a list of users (name, password, roles)");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return users;
  }

  private static void user(
      YamlNode node,
      String path,
      String source,
      @Nullable Set<String> knownClients,
      List<String> errors,
      Map<String, User> users) {
    if (!(node instanceof YamlNode.Mapping m)) {
      errors.add(
          source
              + ":"
              + node.location()
              + ": "
              + path
              + ": a mapping (name, password, roles), found "
              + node.describe());
      return;
    }
    for (YamlNode.Entry e : m.entries().values()) {
      if (!KEYS.contains(e.key())) {
        errors.add(
            source
                + ":"
                + e.keyLocation()
                + ": "
                + path
                + "."
                + e.key()
                + ": unknown key (name, password, roles, clients)");
      }
    }
    String name = text(m, "name", path, source, errors);
    String hash = text(m, "password", path, source, errors);
    if (hash != null && !isHash(hash)) {
      // The value is not echoed: it may be a plain password someone pasted.
      errors.add(
          source
              + ":"
              // The hash was read from that entry: it is there.
              + Objects.requireNonNull(m.entries().get("password"), "password").value().location()
              + ": "
              + path
              + ".password: not a bcrypt hash (make one with ./vigie hash-password)");
      hash = null;
    }
    List<String> roles = new ArrayList<>();
    YamlNode.Entry r = m.entries().get("roles");
    if (r == null || !(r.value() instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
      errors.add(
          source
              + ":"
              + (r == null ? m.location() : r.value().location())
              + ": "
              + path
              + ".roles: required, a list of viewer and/or operator");
    } else {
      for (YamlNode item : seq.items()) {
        String role = item instanceof YamlNode.Scalar s ? s.text() : null;
        if (role == null || !ROLES.contains(role)) {
          errors.add(
              source
                  + ":"
                  + item.location()
                  + ": "
                  + path
                  + ".roles: unknown role (viewer or operator), found "
                  + item.describe());
        } else {
          roles.add(role);
        }
      }
    }
    List<String> clients = clients(m, path, source, knownClients, errors);
    if (name != null && users.containsKey(name)) {
      errors.add(
          source
              + ":"
              + m.location()
              + ": "
              + path
              + ".name: duplicate user, found \""
              + name
              + "\"");
    } else if (name != null
        && hash != null
        && !roles.isEmpty()
        && (clients == null || !clients.isEmpty())) {
      users.put(name, new User(name, hash, roles, clients));
    }
  }

  /**
   * The user's {@code clients}: {@code null} when the key is absent (NOC, every client), else the
   * ids; an empty list when the entry is wrong, so that the user is left out rather than given more
   * than meant.
   */
  private static @Nullable List<String> clients(
      YamlNode.Mapping m,
      String path,
      String source,
      @Nullable Set<String> knownClients,
      List<String> errors) {
    YamlNode.Entry c = m.entries().get("clients");
    if (c == null) {
      return null;
    }
    if (!(c.value() instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
      errors.add(
          source
              + ":"
              + c.value().location()
              + ": "
              + path
              + ".clients: a list of client ids (leave the key out for every client), found "
              + c.value().describe());
      return List.of();
    }
    List<String> clients = new ArrayList<>();
    boolean wrong = false;
    for (YamlNode item : seq.items()) {
      String id = item instanceof YamlNode.Scalar s ? s.text() : null;
      if (id == null || id.isBlank()) {
        errors.add(
            source
                + ":"
                + item.location()
                + ": "
                + path
                + ".clients: a client id, found "
                + item.describe());
        wrong = true;
      } else if (knownClients != null && !knownClients.contains(id)) {
        errors.add(
            source
                + ":"
                + item.location()
                + ": "
                + path
                + ".clients: unknown client (not in the inventory), found "
                + Escape.quoted(id));
        wrong = true;
      } else {
        clients.add(id);
      }
    }
    return wrong ? List.of() : clients;
  }

  private static @Nullable String text(
      YamlNode.Mapping m, String key, String path, String source, List<String> errors) {
    YamlNode.Entry e = m.entries().get(key);
    if (e == null
        || !(e.value() instanceof YamlNode.Scalar s)
        || s.text() == null
        || s.text().isBlank()) {
      errors.add(
          source
              + ":"
              + (e == null ? m.location() : e.value().location())
              + ": "
              + path
              + "."
              + key
              + ": required");
      return null;
    }
    return s.text();
  }

  static boolean isHash(String value) {
    String v = value.startsWith("{bcrypt}") ? value.substring("{bcrypt}".length()) : value;
    return v.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
  }
}
