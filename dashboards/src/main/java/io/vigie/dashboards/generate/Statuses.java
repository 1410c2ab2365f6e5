package io.vigie.dashboards.generate;

import io.vigie.dashboards.grafana.ValueMapping;
import io.vigie.dashboards.grafana.ValueMapping.Result;
import java.util.List;
import java.util.Map;

/**
 * How statuses look everywhere: the alerting service's codes (0 RUN, 1 WARNING, 2 ERROR, 3 DEAD,
 * see the {@code status} measurement) as text on a colour a NOC reads from across the room.
 */
final class Statuses {
  static final String RUN = "#37872D";
  static final String WARNING = "#FFB000";
  static final String ERROR = "#E02F44";
  static final String DEAD = "#3D3D3D";
  static final String NO_DATA = "#8E8E8E";

  /** Code, name and colour, in code order. */
  static final List<String[]> ALL =
      List.of(
          new String[] {"0", "RUN", RUN},
          new String[] {"1", "WARNING", WARNING},
          new String[] {"2", "ERROR", ERROR},
          new String[] {"3", "DEAD", DEAD});

  private Statuses() {}

  /** Status codes to their names and colours; no data at all is said, not left blank. */
  static List<ValueMapping> mappings() {
    return List.of(
        new ValueMapping.Values(
            Map.of(
                "0", new Result("RUN", RUN, 0),
                "1", new Result("WARNING", WARNING, 1),
                "2", new Result("ERROR", ERROR, 2),
                "3", new Result("DEAD", DEAD, 3))),
        ValueMapping.Special.of("null+nan", new Result("NO DATA", NO_DATA, 4)));
  }

  /** A Nagios check's exit code (the {@code check} measurement's {@code status}). */
  static List<ValueMapping> checkMappings() {
    return List.of(
        new ValueMapping.Values(
            Map.of(
                "0", new Result("OK", RUN, 0),
                "1", new Result("WARNING", WARNING, 1),
                "2", new Result("CRITICAL", ERROR, 2),
                "3", new Result("UNKNOWN", NO_DATA, 3))));
  }

  /** IF-MIB ifOperStatus. */
  static List<ValueMapping> operStatusMappings() {
    return List.of(
        new ValueMapping.Values(
            Map.of(
                "1", new Result("up", RUN, 0),
                "2", new Result("down", ERROR, 1),
                "3", new Result("testing", WARNING, 2),
                "4", new Result("unknown", NO_DATA, 3),
                "5", new Result("dormant", NO_DATA, 4),
                "6", new Result("not present", DEAD, 5),
                "7", new Result("lower layer down", ERROR, 6))));
  }

  /**
   * A probe's {@code up}: 1 up, 0 down, in words in the dashboard's language; no run at all is
   * said, not left blank.
   */
  static List<ValueMapping> upMappings(io.vigie.model.inventory.Language language) {
    boolean fr = language == io.vigie.model.inventory.Language.FR;
    return List.of(
        new ValueMapping.Values(
            Map.of(
                "1", new Result(fr ? "disponible" : "up", RUN, 0),
                "0", new Result(fr ? "indisponible" : "down", ERROR, 1))),
        ValueMapping.Special.of(
            "null+nan", new Result(fr ? "pas de mesure" : "no data", NO_DATA, 2)));
  }

  /**
   * A protocol's status code (HTTP, SIP, RTSP) coloured by its class: 1xx grey, 2xx green, 3xx
   * amber, 4xx and 5xx red; the code itself is the text shown.
   */
  static io.vigie.dashboards.grafana.FieldConfigSource.Thresholds statusClasses() {
    return new io.vigie.dashboards.grafana.FieldConfigSource.Thresholds(
        "absolute",
        List.of(
            new io.vigie.dashboards.grafana.FieldConfigSource.Thresholds.Step(null, NO_DATA),
            new io.vigie.dashboards.grafana.FieldConfigSource.Thresholds.Step(200.0, RUN),
            new io.vigie.dashboards.grafana.FieldConfigSource.Thresholds.Step(300.0, WARNING),
            new io.vigie.dashboards.grafana.FieldConfigSource.Thresholds.Step(400.0, ERROR)));
  }
}
