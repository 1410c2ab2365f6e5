package io.vigie.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.StandardEnvironment;

/**
 * The collector's log lines as Spring Boot writes them from the collector's own logback-spring.xml:
 * a plugin's output or a target's name with a raw line feed stays on its line, escaped.
 */
class LogLinesTest {

  @Test
  void aLineFeedInAMessageOrAnExceptionMessageCannotForgeALogLine() {
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    logging.beforeInitialize();
    // No location: Spring Boot looks the configuration up as when the service starts.
    logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
    PrintStream console = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Logger log = LoggerFactory.getLogger(LogLinesTest.class);
      log.warn("check output of {}: {}", "web1", "disk ok\r\nFAKE LOG LINE\u0007");
      log.error(
          "poll failed",
          new IllegalStateException(
              "refused\nFAKE EXCEPTION LINE", new RuntimeException("cause\r\nFAKE CAUSE LINE")));
    } finally {
      System.setOut(console);
      logging.cleanUp();
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).noneMatch(line -> line.startsWith("FAKE"));
    assertThat(lines)
        .filteredOn(line -> line.contains("FAKE LOG LINE"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains(" WARN ")
                    .endsWith("check output of web1: disk ok\\r\\nFAKE LOG LINE\\u0007"));
    assertThat(lines)
        .contains(
            "java.lang.IllegalStateException: refused\\nFAKE EXCEPTION LINE",
            "Caused by: java.lang.RuntimeException: cause\\r\\nFAKE CAUSE LINE")
        .anyMatch(line -> line.startsWith("\tat io.vigie.collector.app.LogLinesTest."));
  }
}
