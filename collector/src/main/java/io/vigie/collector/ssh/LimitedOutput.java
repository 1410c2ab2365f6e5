package io.vigie.collector.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps at most {@code limit} bytes; a hung or chatty command cannot fill the memory. */
final class LimitedOutput extends ByteArrayOutputStream {
  private final int limit;
  private boolean truncated;

  LimitedOutput(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = limit - count;
    if (len > room) {
      truncated = true;
    }
    super.write(b, off, Math.max(0, Math.min(len, room)));
  }

  @Override
  public synchronized void write(int b) {
    if (count < limit) {
      super.write(b);
    } else {
      truncated = true;
    }
  }

  boolean truncated() {
    return truncated;
  }

  String text() {
    return toString(StandardCharsets.UTF_8);
  }
}
