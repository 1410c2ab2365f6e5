package io.vigie.alerting.notify;

import java.util.Arrays;

/**
 * A file sent with a mail (a report's PDF), stored in the outbox with its mail so that a retry or a
 * resend carries the very same bytes. Not a record: its bytes are copied in and out, never shared.
 */
public final class Attachment {
  private final String name;
  private final String contentType;
  private final byte[] bytes;

  public Attachment(String name, String contentType, byte[] bytes) {
    this.name = name;
    this.contentType = contentType;
    this.bytes = bytes.clone();
  }

  /** The file's name, as the recipient sees it. */
  public String name() {
    return name;
  }

  /** Its MIME type, such as {@code application/pdf}. */
  public String contentType() {
    return contentType;
  }

  /** A copy of its content. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Attachment a
        && a.name.equals(name)
        && a.contentType.equals(contentType)
        && Arrays.equals(a.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + contentType.hashCode()) + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return name + " (" + contentType + ", " + bytes.length + " bytes)";
  }
}
