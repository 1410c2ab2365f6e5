package io.vigie.alerting.users;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Users from the users file, re-read when it changes; a file that became invalid is refused with
 * its errors logged, and the last good users stay in force.
 */
public final class UsersDetailsService implements UserDetailsService {
  private static final Logger LOG = LoggerFactory.getLogger(UsersDetailsService.class);

  private final Path file;
  private volatile Map<String, UsersFile.User> users;
  private volatile FileTime loadedAt;

  /** Reads the file now: a service with an invalid users file does not start. */
  public UsersDetailsService(Path file) {
    this.file = file;
    this.users = UsersFile.load(file);
    this.loadedAt = modified();
    LOG.info("{} API users from {}", users.size(), file);
  }

  @Override
  public UserDetails loadUserByUsername(String name) {
    reloadIfChanged();
    UsersFile.User user = users.get(name);
    if (user == null) {
      throw new UsernameNotFoundException("unknown user");
    }
    String hash =
        user.passwordHash().startsWith("{")
            ? user.passwordHash()
            : "{bcrypt}" + user.passwordHash();
    return User.withUsername(user.name())
        .password(hash)
        .roles(
            user.roles().stream()
                .map(r -> r.toUpperCase(java.util.Locale.ROOT))
                .toArray(String[]::new))
        .build();
  }

  private void reloadIfChanged() {
    FileTime now = modified();
    if (now == null || now.equals(loadedAt)) {
      return;
    }
    loadedAt = now;
    try {
      users = UsersFile.load(file);
      LOG.info("users file {} reloaded: {} users", file, users.size());
    } catch (IllegalArgumentException e) {
      LOG.error(
          "users file {} changed but is invalid; the previous users stay:\n{}",
          file,
          e.getMessage());
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
