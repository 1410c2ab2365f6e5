package io.vigie.alerting.users;

import io.vigie.model.inventory.Client;
import io.vigie.model.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Users from the users file, re-read when it changes; a file that became invalid is refused with
 * its errors logged, and the last good users stay in force. Each user's {@code clients} are checked
 * against the inventory in force when the file is read.
 */
public final class UsersDetailsService implements UserDetailsService {
  private static final Logger LOG = LoggerFactory.getLogger(UsersDetailsService.class);

  /** The role of a user without {@code clients}: every client, and the pipeline's own state. */
  public static final String NOC_ROLE = "NOC";

  private static final String CLIENT_AUTHORITY = "CLIENT:";
  private static final Pattern COST = Pattern.compile("^(?:\\{bcrypt})?\\$2[aby]?\\$(\\d\\d)\\$");

  private final Path file;
  private final Supplier<Inventory> inventory;
  private volatile Map<String, UsersFile.User> users;
  private volatile String dummyHash;
  private volatile @Nullable FileTime loadedAt;
  private volatile boolean refused;
  private volatile Inventory checkedAgainst;

  /**
   * Reads the file now: a service with an invalid users file, or one naming a client the inventory
   * does not have, does not start.
   */
  public UsersDetailsService(Path file, Supplier<Inventory> inventory) {
    this.file = file;
    this.inventory = inventory;
    Inventory current = inventory.get();
    this.users = UsersFile.load(file, clientIds(current));
    this.dummyHash = dummyHash(users);
    this.loadedAt = modified();
    this.checkedAgainst = current;
    LOG.info("{} API users from {}", users.size(), file);
  }

  @Override
  public UserDetails loadUserByUsername(String name) {
    reloadIfChanged();
    UsersFile.User user = users.get(name);
    if (user == null) {
      // Not a UsernameNotFoundException: Spring's answer to it checks the password against a
      // hash of its own, of cost 10, while the file's are usually 12; an unknown name would
      // answer four times faster than a wrong password and tell which names exist. This user
      // has the cost of the file's dearest hash, no role, and a password nobody knows (random,
      // thrown away), so it fails exactly as a wrong password does, in the same time.
      return User.withUsername(name).password(dummyHash).authorities(List.of()).build();
    }
    String hash =
        user.passwordHash().startsWith("{")
            ? user.passwordHash()
            : "{bcrypt}" + user.passwordHash();
    List<GrantedAuthority> authorities = new ArrayList<>();
    user.roles()
        .forEach(
            r -> authorities.add(new SimpleGrantedAuthority(role(r.toUpperCase(Locale.ROOT)))));
    if (user.clients() == null) {
      authorities.add(new SimpleGrantedAuthority(role(NOC_ROLE)));
    } else {
      user.clients()
          .forEach(c -> authorities.add(new SimpleGrantedAuthority(CLIENT_AUTHORITY + c)));
    }
    return User.withUsername(user.name()).password(hash).authorities(authorities).build();
  }

  /**
   * The scope of an authenticated request. A NOC user is told by its role, never by the absence of
   * client authorities: anything else (another kind of principal, a missing authority) gets the
   * clients it names, possibly none, never every client.
   */
  public static Scope scopeOf(@Nullable Authentication who) {
    Set<String> clients = new HashSet<>();
    if (who != null) {
      for (GrantedAuthority a : who.getAuthorities()) {
        String authority = a.getAuthority();
        if (role(NOC_ROLE).equals(authority)) {
          return Scope.ALL;
        }
        if (authority != null && authority.startsWith(CLIENT_AUTHORITY)) {
          clients.add(authority.substring(CLIENT_AUTHORITY.length()));
        }
      }
    }
    return Scope.of(clients);
  }

  private static String role(String name) {
    return "ROLE_" + name;
  }

  private void reloadIfChanged() {
    Inventory current = inventory.get();
    // The same object, not an equal one: the inventory in force is replaced whole on a reload, and
    // comparing two inventories' contents at every login would cost far more than this is worth.
    @SuppressWarnings("ReferenceEquality")
    boolean replaced = current != checkedAgainst;
    if (replaced) {
      checkedAgainst = current;
      inventoryChanged(current);
    }
    FileTime now = modified();
    if (now == null || now.equals(loadedAt)) {
      return;
    }
    loadedAt = now;
    try {
      Map<String, UsersFile.User> loaded = UsersFile.load(file, clientIds(current));
      dummyHash = dummyHash(loaded);
      users = loaded;
      refused = false;
      LOG.info("users file {} reloaded: {} users", file, users.size());
    } catch (IllegalArgumentException e) {
      refused = true;
      LOG.error(
          "users file {} changed but is invalid; the previous users stay:\n{}",
          file,
          e.getMessage());
    }
  }

  /**
   * A client removed from the inventory does not change anyone's scope: its users keep the id and
   * see nothing of it (never everything). It is logged, for someone to tidy the users file. A users
   * file refused for naming a client the inventory did not have yet is read again.
   */
  private void inventoryChanged(Inventory current) {
    Set<String> known = clientIds(current);
    for (UsersFile.User user : users.values()) {
      if (user.clients() != null) {
        for (String client : user.clients()) {
          if (!known.contains(client)) {
            LOG.warn(
                "users file {}: user {} is limited to client {}, which the inventory no longer has",
                file,
                user.name(),
                client);
          }
        }
      }
    }
    if (refused) {
      loadedAt = null;
    }
  }

  private static Set<String> clientIds(Inventory inventory) {
    return inventory.clients().stream().map(Client::id).collect(Collectors.toSet());
  }

  /** A hash of a random password, thrown away, with the cost of the file's dearest hash. */
  private static String dummyHash(Map<String, UsersFile.User> users) {
    // Capped: a hash of cost 20 would take minutes to make here, and is refused by bcrypt anyway
    // above 31; such a file is already unusable for its own users.
    int cost =
        users.values().stream()
            .map(u -> COST.matcher(u.passwordHash()))
            .filter(Matcher::find)
            .mapToInt(m -> Integer.parseInt(m.group(1)))
            .max()
            .orElse(10);
    cost = Math.max(4, Math.min(cost, 16));
    byte[] secret = new byte[32];
    SecureRandom random = new SecureRandom();
    random.nextBytes(secret);
    return "{bcrypt}"
        + new BCryptPasswordEncoder(cost, random)
            .encode(Base64.getEncoder().encodeToString(secret));
  }

  private @Nullable FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
