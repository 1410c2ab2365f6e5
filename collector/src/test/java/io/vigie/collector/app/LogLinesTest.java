package io.vigie.collector.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's log lines as logback writes them with the collector's own configuration: a
 * plugin's output or a target's name with a raw line feed stays on its line, escaped; the line
 * keeps the format it had under Spring Boot.
 */
class LogLinesTest {

  @Test
  void aLineFeedInAMessageOrAnExceptionMessageCannotForgeALogLine() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PrintStream console = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      // Configured again with System.out replaced: the console appender takes it at start. No
      // file named: logback looks its configuration up as when the service starts.
      context.reset();
      new ContextInitializer(context).autoConfig();
      Logger log = LoggerFactory.getLogger(LogLinesTest.class);
      log.warn("check output of {}: {}", "web1", "disk ok\r\nFAKE LOG LINE\u0007");
      log.error(
          "poll failed",
          new IllegalStateException(
              "refused\nFAKE EXCEPTION LINE", new RuntimeException("cause\r\nFAKE CAUSE LINE")));
    } finally {
      System.setOut(console);
      context.reset();
      new ContextInitializer(context).autoConfig();
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).noneMatch(line -> line.startsWith("FAKE"));
    assertThat(lines)
        .filteredOn(line -> line.contains("FAKE LOG LINE"))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)  WARN "
                            + ProcessHandle.current().pid()
                            + " --- \\[vigie-collector\\] \\[ +main\\] "
                            + "io\\.vigie\\.collector\\.app\\.LogLinesTest +: .*")
                    .endsWith("check output of web1: disk ok\\r\\nFAKE LOG LINE\\u0007"));
    assertThat(lines)
        .contains(
            "java.lang.IllegalStateException: refused\\nFAKE EXCEPTION LINE",
            "Caused by: java.lang.RuntimeException: cause\\r\\nFAKE CAUSE LINE")
        .anyMatch(line -> line.startsWith("\tat io.vigie.collector.app.LogLinesTest."));
  }
}
