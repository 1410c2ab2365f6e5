package io.vigie.collector.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ObjIntConsumer;

/**
 * The output of a followed command, cut into lines as it comes: each line (without its line feed,
 * nor a carriage return before it) goes to the consumer with the bytes it took in the stream, line
 * feed included. A line longer than the limit is handed on cut at the limit, and the rest of it is
 * skipped, counted in the bytes of the next line handed on.
 */
final class LineOutput extends OutputStream {
  private final int maxLine;
  private final ObjIntConsumer<String> onLine;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private int skipped;
  private boolean skipping;

  LineOutput(int maxLine, ObjIntConsumer<String> onLine) {
    this.maxLine = maxLine;
    this.onLine = onLine;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      byte[] bytes = line.toByteArray();
      int length = bytes.length;
      if (length > 0 && bytes[length - 1] == '\r' && !skipping) {
        length--;
      }
      int taken = bytes.length + skipped + 1;
      line.reset();
      skipped = 0;
      skipping = false;
      onLine.accept(new String(bytes, 0, length, StandardCharsets.UTF_8), taken);
      return;
    }
    if (line.size() >= maxLine) {
      skipping = true;
      skipped++;
      return;
    }
    line.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }
}
