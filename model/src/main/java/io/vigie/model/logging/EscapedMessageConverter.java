package io.vigie.model.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vigie.model.text.Escape;
import org.jspecify.annotations.Nullable;

/**
 * {@code %m}, {@code %msg} and {@code %message} with every control character escaped ({@code \n},
 * {@code \r}, {@code \}{@code uXXXX}, see {@link Escape#controls}): a check's output, a target's
 * name or a refused record can carry a raw line feed, and one log call must stay one line so that
 * nobody can forge a line of the log by writing it into such a value. Done once, here, rather than
 * at each call that logs outside data, where one would always be forgotten. Registered by {@code
 * io/vigie/model/logging/escaped.xml}.
 */
public final class EscapedMessageConverter extends ClassicConverter {
  @Override
  public @Nullable String convert(ILoggingEvent event) {
    return Escape.controls(event.getFormattedMessage());
  }
}
