package io.vigie.model.text;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** URLs as they may be shown: in a log line, a health detail, a settings dump. */
public final class Urls {
  private static final Pattern USER_INFO =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

  private Urls() {}

  /**
   * {@code http://vigie:secret@influx:8086} as {@code http://***@influx:8086}: a password may be
   * written in the URL's user part (InfluxDB's clients accept it), and must not be shown with it.
   */
  public static @Nullable String withoutCredentials(@Nullable String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1***@");
  }
}
