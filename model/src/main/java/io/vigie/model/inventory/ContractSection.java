package io.vigie.model.inventory;

import static io.vigie.model.inventory.Checker.text;
import static io.vigie.model.inventory.Checker.written;
import static io.vigie.model.inventory.Suggestions.suggestion;

import io.vigie.model.contract.Contract;
import io.vigie.model.contract.ServiceHours;
import io.vigie.model.yaml.Location;
import io.vigie.model.yaml.YamlNode;
import io.vigie.model.yaml.YamlNode.Entry;
import io.vigie.model.yaml.YamlNode.Mapping;
import io.vigie.model.yaml.YamlNode.Scalar;
import io.vigie.model.yaml.YamlNode.Sequence;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A client's {@code timezone:} and {@code contract:}. A contract's {@code covers} names targets,
 * which are read after the clients: {@link #checkCovers} checks them once they are.
 */
final class ContractSection {
  static final Set<String> CONTRACT_KEYS =
      Set.of("slo", "covers", "warning_is_up", "service_hours");
  private static final Set<String> HOURS_KEYS = Set.of("days", "from", "to", "holidays");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final Map<String, DayOfWeek> DAYS = days();
  private static final String DAY_NAMES = "mon, tue, wed, thu, fri, sat, sun (or their full names)";

  private final Checker c;

  /** Per client id, the ids its contract covers, as written, for {@link #checkCovers}. */
  private final Map<String, Covers> covers = new LinkedHashMap<>();

  /** The ids a contract covers, and the path of that contract's {@code covers} key. */
  private record Covers(String key, List<Scalar> ids) {}

  ContractSection(Checker c) {
    this.c = c;
  }

  /** The client's {@code timezone:}, an IANA zone id; {@link Client#DEFAULT_ZONE} by default. */
  ZoneId zone(Mapping client, String path) {
    Scalar s = c.scalar(client, "timezone", path);
    if (s == null) {
      return Client.DEFAULT_ZONE;
    }
    String text = written(s);
    // Region ids only: a fixed offset (+01:00) would be wrong half the year where clocks change.
    Set<String> known = ZoneId.getAvailableZoneIds();
    if (!known.contains(text)) {
      c.error(
          s.location(),
          path + ".timezone",
          text,
          "not a time zone: an IANA zone id such as Europe/Paris or UTC" + suggestion(text, known));
      return Client.DEFAULT_ZONE;
    }
    return ZoneId.of(text);
  }

  /** The client's {@code contract:}, null when it has none or it has mistakes (reported). */
  @Nullable Contract read(Mapping client, String path, @Nullable String clientId) {
    Entry entry = client.entries().get("contract");
    if (entry == null) {
      return null;
    }
    String cp = path + ".contract";
    Mapping m = c.mapping(entry.value(), cp, CONTRACT_KEYS);
    if (m == null) {
      return null;
    }
    int before = c.errors().size();
    Double slo = slo(m, cp);
    List<Scalar> covered = covered(m, cp);
    if (clientId != null) {
      covers.put(clientId, new Covers(cp + ".covers", covered));
    }
    boolean warningIsUp = c.bool(m, "warning_is_up", cp, true);
    ServiceHours hours = null;
    Entry h = m.entries().get("service_hours");
    if (h != null) {
      hours = hours(h.value(), cp + ".service_hours");
    }
    if (slo == null || c.errors().size() > before) {
      return null;
    }
    return new Contract(slo, covered.stream().map(Checker::written).toList(), hours, warningIsUp);
  }

  private @Nullable Double slo(Mapping m, String cp) {
    if (!m.entries().containsKey("slo")) {
      c.error(
          m.location(),
          cp + ".slo",
          null,
          "missing: the availability promised over a month, in percent (for example 99.9)");
      return null;
    }
    Double slo = c.number(m, "slo", cp);
    if (slo != null && (slo <= 0 || slo > 100)) {
      c.error(
          Checker.present(m, "slo").value().location(),
          cp + ".slo",
          text(Checker.present(m, "slo").value()),
          "a percentage more than 0 and at most 100 (for example 99.9)");
      return null;
    }
    return slo;
  }

  /** The ids under {@code covers:}, each once; checked against the targets later. */
  private List<Scalar> covered(Mapping m, String cp) {
    List<Scalar> ids = new ArrayList<>();
    Entry entry = m.entries().get("covers");
    if (entry == null) {
      return ids;
    }
    Sequence list = c.sequence(entry.value(), cp + ".covers");
    if (list == null) {
      return ids;
    }
    if (list.items().isEmpty()) {
      // Without the key a contract covers every target; an empty list would read as none.
      c.error(
          list.location(),
          cp + ".covers",
          null,
          "an empty list covers nothing: leave the key out to cover every target of the client");
    }
    Map<String, Location> seen = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      if (!(item instanceof Scalar s) || s.kind() == Scalar.Kind.NULL) {
        c.error(
            item.location(),
            cp + ".covers[" + i + "]",
            text(item),
            "expected a target id, found " + item.describe());
        continue;
      }
      Location first = seen.putIfAbsent(written(s), s.location());
      if (first != null) {
        c.error(
            s.location(),
            cp + ".covers",
            written(s),
            "listed twice (first at line " + first.line() + ")");
      } else {
        ids.add(s);
      }
    }
    return ids;
  }

  private @Nullable ServiceHours hours(YamlNode node, String hp) {
    Mapping m = c.mapping(node, hp, HOURS_KEYS);
    if (m == null) {
      return null;
    }
    Set<DayOfWeek> days = days(m, hp);
    LocalTime from = time(m, "from", hp);
    LocalTime to = time(m, "to", hp);
    List<LocalDate> holidays = holidays(m, hp);
    if (from != null && to != null && !to.isAfter(from)) {
      c.error(
          Checker.present(m, "to").value().location(),
          hp + ".to",
          written((Scalar) Checker.present(m, "to").value()),
          "must be after from ("
              + written((Scalar) Checker.present(m, "from").value())
              + "): service hours lie within a day");
      return null;
    }
    if (days == null || from == null || to == null) {
      return null;
    }
    return new ServiceHours(days, from, to, holidays);
  }

  /** The days, every day of the week by default; null on a mistake (reported). */
  private @Nullable Set<DayOfWeek> days(Mapping m, String hp) {
    Entry entry = m.entries().get("days");
    if (entry == null) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Sequence list = c.sequence(entry.value(), hp + ".days");
    if (list == null) {
      return null;
    }
    if (list.items().isEmpty()) {
      c.error(list.location(), hp + ".days", null, "no day: list some of " + DAY_NAMES);
      return null;
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    boolean wrong = false;
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      DayOfWeek day =
          item instanceof Scalar s && s.text() != null
              ? DAYS.get(s.text().toLowerCase(Locale.ROOT))
              : null;
      if (day == null) {
        wrong = true;
        c.error(
            item.location(),
            hp + ".days[" + i + "]",
            text(item),
            "not a day: one of " + DAY_NAMES + suggestion(text(item), DAYS.keySet()));
      } else {
        days.add(day);
      }
    }
    return wrong ? null : days;
  }

  /** A time of day written {@code HH:MM}; {@code 24:00} (for {@code to}) is the day's end. */
  private @Nullable LocalTime time(Mapping m, String key, String hp) {
    Scalar s = c.scalar(m, key, hp);
    if (s == null) {
      if (!m.entries().containsKey(key)) {
        c.error(m.location(), hp + "." + key, null, "missing: a time of day such as 08:00");
      }
      return null;
    }
    String text = written(s);
    Matcher t = TIME.matcher(text);
    if (t.matches()) {
      int hour = Integer.parseInt(t.group(1));
      int minute = Integer.parseInt(t.group(2));
      if (hour == 24 && minute == 0 && key.equals("to")) {
        return LocalTime.MAX;
      }
      if (hour < 24 && minute < 60) {
        return LocalTime.of(hour, minute);
      }
    }
    c.error(
        s.location(),
        hp + "." + key,
        text,
        "not a time of day: write it HH:MM, from 00:00 to 23:59"
            + (key.equals("to") ? " (or 24:00 for the end of the day)" : ""));
    return null;
  }

  private List<LocalDate> holidays(Mapping m, String hp) {
    List<LocalDate> dates = new ArrayList<>();
    Entry entry = m.entries().get("holidays");
    if (entry == null) {
      return dates;
    }
    Sequence list = c.sequence(entry.value(), hp + ".holidays");
    if (list == null) {
      return dates;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      try {
        if (item instanceof Scalar s && s.text() != null) {
          dates.add(LocalDate.parse(s.text()));
          continue;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
      c.error(
          item.location(),
          hp + ".holidays[" + i + "]",
          text(item),
          "not a date: write it YYYY-MM-DD, like 2026-12-25");
    }
    return dates;
  }

  /**
   * Each contract's {@code covers}: targets of its own client. A target whose entry has mistakes of
   * its own (its id in {@code targetIds}, but not among {@code targets}) is left alone: it is
   * reported already.
   */
  void checkCovers(List<Target> targets, Set<String> targetIds) {
    if (covers.isEmpty()) {
      return;
    }
    Map<String, String> clientOf = new HashMap<>();
    targets.forEach(t -> clientOf.put(t.id(), t.client()));
    covers.forEach(
        (client, covered) -> {
          for (Scalar s : covered.ids()) {
            String id = written(s);
            String owner = clientOf.get(id);
            if (!targetIds.contains(id)) {
              c.error(
                  s.location(),
                  covered.key(),
                  id,
                  "no target has this id" + suggestion(id, near(client, clientOf, targetIds)));
            } else if (owner != null && !owner.equals(client)) {
              c.error(
                  s.location(),
                  covered.key(),
                  id,
                  "this target is client "
                      + owner
                      + "'s: a contract covers only its own client's targets");
            }
          }
        });
  }

  /** The ids to suggest from: the client's own targets, or every target when it has none. */
  private static Set<String> near(
      String client, Map<String, String> clientOf, Set<String> targetIds) {
    Set<String> own = new TreeSet<>();
    clientOf.forEach(
        (target, owner) -> {
          if (owner.equals(client)) {
            own.add(target);
          }
        });
    return own.isEmpty() ? targetIds : own;
  }

  private static Map<String, DayOfWeek> days() {
    Map<String, DayOfWeek> days = new HashMap<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.name().toLowerCase(Locale.ROOT);
      days.put(name, day);
      days.put(name.substring(0, 3), day);
    }
    return Map.copyOf(days);
  }
}
