package io.vigie.model.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;
import io.vigie.model.text.Escape;
import org.jspecify.annotations.Nullable;

/**
 * Spring Boot's {@code %wEx} (the stack trace, with the jar of each frame, between blank lines)
 * with the message of each exception, cause and suppressed exception escaped as {@link
 * EscapedMessageConverter} escapes the log message: an exception's message often quotes outside
 * data (a server's reply, a file's line). The stack trace keeps its lines.
 */
public final class EscapedThrowableConverter extends ExtendedThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return CoreConstants.LINE_SEPARATOR
        + super.throwableProxyToString(Escaped.of(proxy))
        + CoreConstants.LINE_SEPARATOR;
  }

  /** The same exception, its message and its causes' escaped. */
  private record Escaped(IThrowableProxy proxy) implements IThrowableProxy {
    static @Nullable IThrowableProxy of(@Nullable IThrowableProxy proxy) {
      return proxy == null ? null : new Escaped(proxy);
    }

    @Override
    public @Nullable String getMessage() {
      return Escape.controls(proxy.getMessage());
    }

    @Override
    public @Nullable String getOverridingMessage() {
      return Escape.controls(proxy.getOverridingMessage());
    }

    @Override
    public String getClassName() {
      return proxy.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return proxy.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return proxy.getCommonFrames();
    }

    @Override
    public @Nullable IThrowableProxy getCause() {
      // A cyclic chain is cut by logback from isCyclic(); the wrapper does not change it.
      return of(proxy.getCause());
    }

    @Override
    public IThrowableProxy @Nullable [] getSuppressed() {
      IThrowableProxy[] suppressed = proxy.getSuppressed();
      if (suppressed == null) {
        return null;
      }
      IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
      for (int i = 0; i < suppressed.length; i++) {
        escaped[i] = of(suppressed[i]);
      }
      return escaped;
    }

    @Override
    public boolean isCyclic() {
      return proxy.isCyclic();
    }
  }
}
