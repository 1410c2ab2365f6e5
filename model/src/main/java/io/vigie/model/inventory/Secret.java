package io.vigie.model.inventory;

import java.util.Arrays;

/**
 * A resolved secret value. {@link #toString()} never shows it, so a secret that ends up in a log
 * line or an exception message by accident stays hidden.
 */
public final class Secret {
  private final char[] value;

  public Secret(String value) {
    this.value = value.toCharArray();
  }

  /** The secret itself; call only where it is handed to a protocol library. */
  public String reveal() {
    return new String(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && Arrays.equals(value, secret.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "******";
  }
}
