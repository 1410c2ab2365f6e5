package io.vigie.alerting.store;

/** The state store cannot be read or written: the evaluation that needed it is not applied. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
