package io.vigie.dashboards.push;

/** Grafana answered with an error, or could not be reached ({@code status} 0). */
public final class GrafanaException extends RuntimeException {
  private final int status;

  public GrafanaException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 401 or 403: the token is wrong or lacks a permission; nothing else will work either. */
  public boolean isAuthentication() {
    return status == 401 || status == 403;
  }
}
