package io.vigie.model.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link SecretRef} into its value. A secret file's content is used without its trailing
 * newline, as Docker and Kubernetes secrets are usually written with one.
 */
public final class SecretResolver {
  private final Map<String, String> environment;

  public SecretResolver(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Resolves against this process's environment. */
  public static SecretResolver fromSystem() {
    return new SecretResolver(System.getenv());
  }

  /** The value, or empty with the reason left to {@link #whyUnresolvable(SecretRef)}. */
  public Optional<Secret> resolve(SecretRef ref) {
    return switch (ref.source()) {
      case ENV -> Optional.ofNullable(environment.get(ref.name())).map(Secret::new);
      case FILE -> readFile(Path.of(ref.name()));
    };
  }

  /** Why a reference cannot be resolved, or null when it can. */
  public @Nullable String whyUnresolvable(SecretRef ref) {
    return switch (ref.source()) {
      case ENV ->
          environment.containsKey(ref.name())
              ? null
              : "environment variable " + ref.name() + " is not set";
      case FILE -> {
        Path path = Path.of(ref.name());
        if (!Files.isRegularFile(path)) {
          yield "secret file " + path + " does not exist";
        }
        yield Files.isReadable(path) ? null : "secret file " + path + " is not readable";
      }
    };
  }

  /**
   * A service's secret setting given either as a value or as a file to read it from (Docker and
   * Kubernetes secrets): the value wins; null when neither is set.
   *
   * @param key the setting's name for the error, such as {@code vigie.influx.password-file}
   * @throws IllegalArgumentException when the file cannot be read, naming the key and the file
   */
  public static @Nullable Secret valueOrFile(
      @Nullable String value, @Nullable Path file, String key) {
    if (value != null && !value.isEmpty()) {
      return new Secret(value);
    }
    if (file == null) {
      return null;
    }
    SecretRef ref = SecretRef.file(file.toString());
    SecretResolver resolver = fromSystem();
    String why = resolver.whyUnresolvable(ref);
    if (why != null) {
      throw new IllegalArgumentException(key + ": " + why);
    }
    return resolver.resolve(ref).orElseThrow();
  }

  private static Optional<Secret> readFile(Path path) {
    try {
      String content = Files.readString(path, StandardCharsets.UTF_8);
      return Optional.of(new Secret(content.stripTrailing()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
