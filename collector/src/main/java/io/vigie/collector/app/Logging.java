package io.vigie.collector.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The service's logging, set up as Spring Boot did: JUL into SLF4J, levels from the settings. */
public final class Logging {
  private Logging() {}

  /**
   * Routes java.util.logging (influxdb-java, OkHttp) into logback and sets each named logger's
   * level ({@code logging.level.io.vigie=DEBUG}; {@code root} for the root logger).
   *
   * @return an error for each level logback does not know, naming the setting; those are not set
   */
  public static List<String> apply(Map<String, String> levels) {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    List<String> errors = new ArrayList<>();
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return errors;
    }
    levels.forEach(
        (name, text) -> {
          String value = text.strip();
          Level level =
              value.equalsIgnoreCase("off") ? Level.OFF : Level.toLevel(value, (Level) null);
          if (level == null) {
            errors.add(
                "logging.level.%s: must be TRACE, DEBUG, INFO, WARN, ERROR or OFF, found %s"
                    .formatted(name, io.vigie.model.text.Escape.quoted(text)));
          } else {
            context
                .getLogger(name.equalsIgnoreCase("root") ? org.slf4j.Logger.ROOT_LOGGER_NAME : name)
                .setLevel(level);
          }
        });
    return errors;
  }
}
