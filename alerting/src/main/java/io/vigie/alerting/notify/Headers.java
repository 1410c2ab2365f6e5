package io.vigie.alerting.notify;

/** Values that end up in a mail header. */
final class Headers {
  private Headers() {}

  /**
   * One line, no control characters: a target named {@code "web\r\nBcc: x@evil"} cannot add a
   * header. Jakarta Mail encodes what is left (RFC 2047) when it is not ASCII.
   */
  static String clean(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    String one = b.toString().replaceAll(" {2,}", " ").strip();
    return one.length() > 200 ? one.substring(0, 199) + "…" : one;
  }
}
