package io.vigie.model.inventory;

/**
 * Where a secret lives: an environment variable or a file. The inventory only ever holds the
 * reference, so it can be committed and reviewed without leaking anything.
 */
public record SecretRef(Source source, String name) {

  /** The kinds of secret reference. */
  public enum Source {
    ENV,
    FILE
  }

  public static SecretRef env(String variable) {
    return new SecretRef(Source.ENV, variable);
  }

  public static SecretRef file(String path) {
    return new SecretRef(Source.FILE, path);
  }

  @Override
  public String toString() {
    return source == Source.ENV ? "env:" + name : "file:" + name;
  }
}
