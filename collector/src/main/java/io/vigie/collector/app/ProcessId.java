package io.vigie.collector.app;

import ch.qos.logback.core.PropertyDefinerBase;

/** {@code ${PID}} in logback.xml: the process id, in each line as Spring Boot wrote it. */
public final class ProcessId extends PropertyDefinerBase {
  @Override
  public String getPropertyValue() {
    return Long.toString(ProcessHandle.current().pid());
  }
}
