package io.vigie.model.schema;

/**
 * What a numeric field counts, so that a value can be written for people ({@code 93,5 %}, {@code
 * 1,2 Gbit/s}) in mails, the API and dashboards. {@link #NONE} for fields shown as a bare number or
 * not shown at all (codes, text).
 */
public enum Unit {
  PERCENT("%", "%"),
  BYTES("B", "o"),
  BYTES_PER_SECOND("B/s", "o/s"),
  BITS_PER_SECOND("bit/s", "bit/s"),
  SECONDS("s", "s"),
  MILLISECONDS("ms", "ms"),
  DAYS("days", "jours"),
  PACKETS_PER_SECOND("packets/s", "paquets/s"),
  ERRORS_PER_SECOND("errors/s", "erreurs/s"),
  COUNT("", ""),
  NONE("", "");

  private final String en;
  private final String fr;

  Unit(String en, String fr) {
    this.en = en;
    this.fr = fr;
  }

  /** The symbol written after a value in English, empty for none. */
  public String symbolEn() {
    return en;
  }

  /** The symbol written after a value in French (octets, not bytes), empty for none. */
  public String symbolFr() {
    return fr;
  }

  /**
   * The unit of a field documented with {@code symbol} in {@link Schema}: the schema's own symbols
   * ({@code %}, {@code bytes}, {@code bytes/s}, {@code bit/s}, {@code s}, {@code ms}, {@code
   * packets/s}, {@code errors/s}, {@code count}); anything else is {@link #NONE}.
   */
  static Unit ofSchemaSymbol(String symbol) {
    return switch (symbol) {
      case "%" -> PERCENT;
      case "bytes" -> BYTES;
      case "bytes/s" -> BYTES_PER_SECOND;
      case "bit/s" -> BITS_PER_SECOND;
      case "s" -> SECONDS;
      case "ms" -> MILLISECONDS;
      case "days" -> DAYS;
      case "packets/s" -> PACKETS_PER_SECOND;
      case "errors/s" -> ERRORS_PER_SECOND;
      case "count" -> COUNT;
      default -> NONE;
    };
  }
}
