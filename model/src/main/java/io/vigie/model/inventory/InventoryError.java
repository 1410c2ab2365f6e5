package io.vigie.model.inventory;

import io.vigie.model.text.Escape;
import org.jspecify.annotations.Nullable;

/**
 * One mistake in an inventory file.
 *
 * @param key the path of the offending key, for example {@code targets[web-1].interval}
 * @param value the offending value as written, or null when the key is missing
 */
public record InventoryError(
    String file, int line, int column, String key, @Nullable String value, String message) {

  /**
   * {@code file:line:column: key: message (found "value")}, as compilers print, always on one line:
   * the value is quoted with escapes ({@code "two\nlines"}) and control characters in the key (a
   * YAML key may hold a line feed) or the message are escaped too, so that a value can neither
   * split an error in two nor forge one.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append(Escape.controls(file)).append(':').append(line).append(':').append(column);
    out.append(": ");
    if (key != null && !key.isEmpty()) {
      out.append(Escape.controls(key)).append(": ");
    }
    out.append(Escape.controls(message));
    if (value != null) {
      out.append(" (found ").append(Escape.quoted(value)).append(')');
    }
    return out.toString();
  }
}
