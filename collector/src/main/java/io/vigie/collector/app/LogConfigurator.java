package io.vigie.collector.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.vigie.model.logging.EscapedMessageConverter;
import io.vigie.model.logging.EscapedThrowableConverter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The collector's console logging (to the journal), set up in code rather than from a logback.xml:
 * logback's XML configuration loads an XML parser and its own model, some 440 classes and a few MB
 * of a small agent's memory (decision 0015). The line is the one Spring Boot wrote, with control
 * characters escaped in messages and exception messages ({@code io.vigie.model.logging}): outside
 * data written to the log cannot forge a line of it. {@code -Dlogback.configurationFile=FILE} still
 * replaces it all (collector/README.md). Found by logback as a service (META-INF/services).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p "
          + ProcessHandle.current().pid()
          + " --- [vigie-collector] [%15.15t] %-40.40logger{39} : %m%n%wEx";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      // The user's file, read by logback's own configurator, which comes next.
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // java.util.logging (influxdb-java, OkHttp) goes through SLF4J: JUL levels follow these.
    LevelChangePropagator jul = new LevelChangePropagator();
    jul.setContext(context);
    jul.setResetJUL(true);
    jul.start();
    context.addListener(jul);

    Map<String, String> rules = new HashMap<>();
    for (String word : new String[] {"m", "msg", "message"}) {
      rules.put(word, EscapedMessageConverter.class.getName());
    }
    rules.put("wEx", EscapedThrowableConverter.class.getName());
    context.putObject(CoreConstants.PATTERN_RULE_REGISTRY, rules);

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(encoder);
    console.start();

    // As Spring Boot's defaults: MINA SSHD's notice about its security providers is not news.
    context.getLogger("org.apache.sshd.common.util.SecurityUtils").setLevel(Level.WARN);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
