package io.vigie.model.inventory;

import io.vigie.model.logs.LogRule;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A company whose targets are monitored. {@code logo} is an optional URL shown in its emails.
 *
 * @param contacts the addresses that receive this client's alert emails
 * @param logRules the log rules of every target of this client ({@code log_rules:})
 */
public record Client(
    String id,
    String name,
    List<String> contacts,
    Language language,
    @Nullable String logo,
    List<LogRule> logRules) {
  public Client {
    contacts = List.copyOf(contacts);
    logRules = List.copyOf(logRules);
  }

  /** A client without log rules. */
  public Client(
      String id, String name, List<String> contacts, Language language, @Nullable String logo) {
    this(id, name, contacts, language, logo, List.of());
  }
}
