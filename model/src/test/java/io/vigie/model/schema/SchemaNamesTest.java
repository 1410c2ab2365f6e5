package io.vigie.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mails, the API and the dashboards name and format every numeric field from the schema. */
class SchemaNamesTest {
  /** Documented units that are codes or plain numbers: shown bare, {@link Unit#NONE}. */
  private static final Set<String> BARE =
      Set.of(
          "code",
          "0/1",
          "ns since 1970",
          "0..3",
          "1 up, 2 down, ...",
          "1 up, 2 down, 3 testing",
          "runnable tasks",
          "unit of the meter");

  @Test
  void everyNumericFieldHasADisplayNameInBothLanguagesAndAUnit() {
    List<String> missing = new ArrayList<>();
    for (MeasurementDef m : Schema.ALL) {
      Set<String> names = new HashSet<>();
      for (FieldDef f : m.fields()) {
        if (!f.type().numeric()) {
          continue;
        }
        String id = m.name() + "." + f.name();
        DisplayName shown = f.displayName();
        if (shown == null || shown.en().isBlank() || shown.fr().isBlank()) {
          missing.add(id + ": no display name in English and French");
        } else if (!names.add(shown.en()) || !names.add("fr:" + shown.fr())) {
          missing.add(id + ": display name shared with another field of " + m.name());
        }
        if (f.quantity() == null) {
          missing.add(id + ": no unit");
        } else if (f.quantity() == Unit.NONE && !BARE.contains(f.unit())) {
          missing.add(id + ": unit \"" + f.unit() + "\" is no Unit");
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
