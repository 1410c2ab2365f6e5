package io.vigie.model.inventory;

import io.vigie.model.contract.Contract;
import io.vigie.model.logs.LogRule;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A company whose targets are monitored. {@code logo} is an optional URL shown in its emails.
 *
 * @param contacts the addresses that receive this client's alert emails
 * @param logRules the log rules of every target of this client ({@code log_rules:})
 * @param zone its time zone ({@code timezone:}, {@link #DEFAULT_ZONE} by default): the one its
 *     contract's service hours, holidays and months are read in
 * @param contract its service contract ({@code contract:}), null when it has none
 */
public record Client(
    String id,
    String name,
    List<String> contacts,
    Language language,
    @Nullable String logo,
    List<LogRule> logRules,
    ZoneId zone,
    @Nullable Contract contract) {

  /** The time zone of a client that sets none. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

  public Client {
    contacts = List.copyOf(contacts);
    logRules = List.copyOf(logRules);
  }

  /** A client without log rules, in UTC, without a contract. */
  public Client(
      String id, String name, List<String> contacts, Language language, @Nullable String logo) {
    this(id, name, contacts, language, logo, List.of());
  }

  /** A client in UTC, without a contract. */
  public Client(
      String id,
      String name,
      List<String> contacts,
      Language language,
      @Nullable String logo,
      List<LogRule> logRules) {
    this(id, name, contacts, language, logo, logRules, DEFAULT_ZONE, null);
  }
}
