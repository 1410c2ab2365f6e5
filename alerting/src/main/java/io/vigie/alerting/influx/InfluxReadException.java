package io.vigie.alerting.influx;

/** InfluxDB could not be read: the evaluation keeps the last statuses. */
public final class InfluxReadException extends Exception {
  private static final long serialVersionUID = 1L;

  public InfluxReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
