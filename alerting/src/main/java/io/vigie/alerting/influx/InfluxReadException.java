package io.vigie.alerting.influx;

import org.jspecify.annotations.Nullable;

/** InfluxDB could not be read: the evaluation keeps the last statuses. */
public final class InfluxReadException extends Exception {
  private static final long serialVersionUID = 1L;

  public InfluxReadException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
