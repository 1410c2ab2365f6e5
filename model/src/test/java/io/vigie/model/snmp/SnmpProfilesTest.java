package io.vigie.model.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.schema.FieldDef;
import io.vigie.model.schema.MeasurementDef;
import io.vigie.model.schema.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in profiles only write what docs/schema.md documents, with the documented types. */
class SnmpProfilesTest {

  @Test
  void theFourProfilesAreThere() {
    assertThat(SnmpProfiles.builtIn())
        .containsOnlyKeys("system", "if-mib", "host-resources", "ucd");
    assertThat(SnmpProfiles.builtIn().get("if-mib").tables().get(0).columns())
        .extracting(SnmpProfile.Column::name)
        .contains("ifname", "ifalias", "in_bytes_per_sec", "oper_status", "speed_bps");
  }

  @Test
  void everyFieldAndTagOfEveryProfileIsInTheSchema() {
    for (SnmpProfile profile : SnmpProfiles.builtIn().values()) {
      for (SnmpProfile.Scalar s : profile.scalars()) {
        if (!Boolean.TRUE.equals(s.hidden())) {
          assertField(profile.name(), s.measurement(), s.field(), s.kind());
        }
        s.tags().keySet().forEach(tag -> assertTag(profile.name(), s.measurement(), tag));
      }
      for (SnmpProfile.Table t : profile.tables()) {
        assertTag(profile.name(), t.measurement(), t.indexTag());
        for (SnmpProfile.Column c : t.columns()) {
          if (c.isTag()) {
            assertTag(profile.name(), t.measurement(), c.tag());
          } else if (!Boolean.TRUE.equals(c.hidden())) {
            assertField(profile.name(), t.measurement(), c.field(), c.kind());
          }
        }
        t.derive()
            .forEach(
                d ->
                    assertField(
                        profile.name(), t.measurement(), d.field(), SnmpProfile.Type.GAUGE));
      }
      profile
          .derive()
          .forEach(
              d -> assertField(profile.name(), d.measurement(), d.field(), SnmpProfile.Type.GAUGE));
    }
  }

  private static final Map<SnmpProfile.Type, List<String>> TYPES =
      Map.of(
          SnmpProfile.Type.GAUGE, List.of("float"),
          SnmpProfile.Type.FLOAT_TEXT, List.of("float"),
          SnmpProfile.Type.COUNTER, List.of("float"),
          SnmpProfile.Type.INTEGER, List.of("integer"),
          SnmpProfile.Type.TIMETICKS, List.of("integer"),
          SnmpProfile.Type.STRING, List.of("string"));

  private static void assertField(
      String profile, String measurement, String field, SnmpProfile.Type type) {
    MeasurementDef m =
        Schema.measurement(measurement)
            .orElseThrow(() -> new AssertionError(profile + ": no measurement " + measurement));
    FieldDef f =
        m.field(field)
            .orElseThrow(
                () -> new AssertionError(profile + ": no field " + measurement + "." + field));
    assertThat(TYPES.get(type))
        .as("%s: type of %s.%s", profile, measurement, field)
        .contains(f.type().code());
  }

  private static void assertTag(String profile, String measurement, String tag) {
    MeasurementDef m = Schema.measurement(measurement).orElseThrow();
    assertThat(m.tags()).as("%s: tag %s of %s", profile, tag, measurement).contains(tag);
  }
}
