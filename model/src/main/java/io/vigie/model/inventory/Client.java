package io.vigie.model.inventory;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A company whose targets are monitored. {@code logo} is an optional URL shown in its emails.
 *
 * @param contacts the addresses that receive this client's alert emails
 */
public record Client(
    String id, String name, List<String> contacts, Language language, @Nullable String logo) {
  public Client {
    contacts = List.copyOf(contacts);
  }
}
