package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.text;

import io.vigie.model.contract.Contract;
import io.vigie.model.logs.LogRule;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code clients} list: required, each client with a unique id, a name, email contacts, a
 * language (fr or en, en by default), an optional logo, log rules ({@link LogsSection}), a time
 * zone and a contract ({@link ContractSection}).
 */
final class ClientsSection {

  private static final Set<String> KEYS =
      Set.of("id", "name", "contacts", "language", "logo", "log_rules", "timezone", "contract");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final Checker c;
  private final ContractSection contracts;

  ClientsSection(Checker c) {
    this.c = c;
    this.contracts = new ContractSection(c);
  }

  /**
   * The well-formed clients; {@code seen} gets every client id, even from entries with other
   * mistakes, so that one mistake in a client does not also turn every reference to it into an
   * error.
   */
  List<Client> read(Mapping top, Map<String, Location> seen) {
    List<Client> clients = new ArrayList<>();
    Entry entry = top.entries().get("clients");
    if (entry == null) {
      c.error(
          top.location(), "clients", null, "missing: list the clients whose targets are polled");
      return clients;
    }
    Sequence list = c.sequence(entry.value(), "clients");
    if (list == null) {
      return clients;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String path = c.itemPath("clients", i, item);
      Mapping m = c.mapping(item, path, KEYS);
      if (m == null) {
        continue;
      }
      String id = c.id(m, path, seen, "client");
      String name = c.string(m, "name", path, true);
      List<String> contacts = contacts(m, path);
      Language language = language(m, path);
      String logo = c.string(m, "logo", path, false);
      List<LogRule> logRules = new LogsSection(c).rules(m, path);
      ZoneId zone = contracts.zone(m, path);
      Contract contract = contracts.read(m, path, id);
      if (id != null && name != null) {
        clients.add(new Client(id, name, contacts, language, logo, logRules, zone, contract));
      }
    }
    return clients;
  }

  /**
   * The targets each contract covers: ones of its own client. Called once the targets are read;
   * {@code targetIds} has every target id, even from entries with other mistakes.
   */
  void checkCovers(List<Target> targets, Set<String> targetIds) {
    contracts.checkCovers(targets, targetIds);
  }

  private List<String> contacts(Mapping m, String path) {
    List<String> contacts = new ArrayList<>();
    Entry entry = m.entries().get("contacts");
    if (entry == null) {
      return contacts;
    }
    Sequence list = c.sequence(entry.value(), path + ".contacts");
    if (list == null) {
      return contacts;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String itemPath = path + ".contacts[" + i + "]";
      if (item instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
        if (EMAIL.matcher(s.text()).matches()) {
          contacts.add(s.text());
        } else {
          c.error(s.location(), itemPath, s.text(), "not an email address");
        }
      } else {
        c.error(
            item.location(),
            itemPath,
            text(item),
            "expected an email address, found " + item.describe());
      }
    }
    return contacts;
  }

  private Language language(Mapping m, String path) {
    Scalar s = c.scalar(m, "language", path);
    if (s == null) {
      return Language.EN;
    }
    return switch (String.valueOf(s.text()).toLowerCase(Locale.ROOT)) {
      case "fr" -> Language.FR;
      case "en" -> Language.EN;
      default -> {
        c.error(s.location(), path + ".language", s.text(), "must be fr or en");
        yield Language.EN;
      }
    };
  }
}
