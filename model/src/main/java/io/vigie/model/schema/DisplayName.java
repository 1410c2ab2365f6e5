package io.vigie.model.schema;

import io.vigie.model.inventory.Language;

/**
 * What a metric is called for people, in each language. {@code {tag}} is replaced by the series'
 * tag of that name ("Disk {mount} full" becomes "Disk /var full").
 */
public record DisplayName(String en, String fr) {
  public String in(Language language) {
    return language == Language.FR ? fr : en;
  }
}
