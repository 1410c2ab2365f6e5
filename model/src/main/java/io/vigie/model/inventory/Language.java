package io.vigie.model.inventory;

/** The language of a client's emails. */
public enum Language {
  FR,
  EN;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
