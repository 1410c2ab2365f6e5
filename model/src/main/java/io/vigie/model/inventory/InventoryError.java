package io.vigie.model.inventory;

/**
 * One mistake in an inventory file.
 *
 * @param key the path of the offending key, for example {@code targets[web-1].interval}
 * @param value the offending value as written, or null when the key is missing
 */
public record InventoryError(
    String file, int line, int column, String key, String value, String message) {

  /** {@code file:line:column: key: message (found "value")}, as compilers print. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    out.append(file).append(':').append(line).append(':').append(column).append(": ");
    if (key != null && !key.isEmpty()) {
      out.append(key).append(": ");
    }
    out.append(message);
    if (value != null) {
      out.append(" (found \"").append(value).append("\")");
    }
    return out.toString();
  }
}
