package io.vigie.collector.spool;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, durable FIFO of line-protocol records on disk: every polled point is appended here
 * first and removed only once InfluxDB has accepted it, so neither an outage nor a crash loses it.
 *
 * <p>Records live in numbered segment files, each record framed as {@code [length][crc32][UTF-8
 * bytes]} (a record may contain newlines inside quoted strings, so lines cannot be the frame). A
 * {@code checkpoint} file holds the cursor of the first record not yet written to InfluxDB. Appends
 * go straight to the file channel, so a killed process loses nothing the OS already has; {@link
 * #force()} syncs to the disk for power loss. A process that restarts never appends to an old
 * segment: a torn record at the end of one is detected by its frame and skipped.
 *
 * <p>When the spool holds more than its limit, the oldest segment is deleted even if unread, and
 * its records are counted as dropped: recent data matters more to a NOC than old data, and polling
 * must never block on the database.
 *
 * <p>One file, past 400 lines on purpose: the segment map, the byte counts, the cursor and the open
 * channel change together under one lock, and recovery, append, read and acknowledge each touch all
 * of them; split into classes, that one invariant would be spread across several.
 */
public final class Spool implements AutoCloseable {
  private static final String SUFFIX = ".seg";
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 16 * 1024 * 1024;

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final SpoolListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();

  /** Segment number to size in bytes, oldest first. */
  private final TreeMap<Long, Long> segments = new TreeMap<>();

  private long totalBytes;
  private long pending;
  private Batch.Position cursor;
  // Null once closed.
  private @Nullable FileChannel active;
  private long activeSegment;
  private boolean dirty;

  // The cursor is set by recover(), which open() calls before it hands the spool to anyone.
  @SuppressWarnings("NullAway.Init")
  private Spool(Path dir, long maxBytes, long segmentBytes, SpoolListener listener) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.listener = listener;
  }

  /**
   * Opens the spool in {@code dir}, creating it if needed, and counts what an earlier process left
   * to replay.
   *
   * @param maxBytes the most the spool keeps on disk before dropping the oldest data
   * @param segmentBytes the size at which a new segment file is started
   */
  public static Spool open(Path dir, long maxBytes, long segmentBytes, SpoolListener listener)
      throws IOException {
    if (segmentBytes <= 0 || maxBytes < segmentBytes) {
      throw new IllegalArgumentException(
          "spool: max-bytes must be at least segment-bytes, found "
              + maxBytes
              + " < "
              + segmentBytes);
    }
    Spool spool = new Spool(dir, maxBytes, segmentBytes, listener);
    spool.recover();
    return spool;
  }

  private void recover() throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(SUFFIX)) {
          long number = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
          long size = Files.size(file);
          segments.put(number, size);
          totalBytes += size;
        }
      }
    }
    cursor = readCheckpoint();
    if (segments.isEmpty() || cursor.segment() < segments.firstKey()) {
      cursor = new Batch.Position(segments.isEmpty() ? 0 : segments.firstKey(), 0);
    }
    for (long segment : segments.tailMap(cursor.segment(), true).keySet()) {
      long from = segment == cursor.segment() ? cursor.offset() : 0;
      Scan scan = scan(segment, from, Integer.MAX_VALUE, null);
      pending += scan.count;
      if (scan.torn) {
        // Only a crash in the middle of an append leaves this; what follows it is unreadable.
        listener.dropped(1, "torn record at the end of segment " + segment + " (crash)");
      }
    }
    long next = segments.isEmpty() ? 1 : segments.lastKey() + 1;
    openActive(Math.max(next, cursor.segment() + 1));
    if (!segments.containsKey(cursor.segment())) {
      // The cursor's segment was fully read and deleted: start at the oldest one left.
      cursor = new Batch.Position(segments.ceilingKey(cursor.segment()), 0);
    }
  }

  /** Appends records; returns once the OS has them. Never blocks on the shipper's I/O. */
  public void append(List<String> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (String record : records) {
        byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_RECORD) {
          listener.dropped(1, "record larger than " + MAX_RECORD + " bytes");
          continue;
        }
        if (size(activeSegment) >= segmentBytes) {
          openActive(activeSegment + 1);
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER + bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        frame.putInt(bytes.length).putInt((int) crc.getValue()).put(bytes).flip();
        while (frame.hasRemaining()) {
          Objects.requireNonNull(active, "the spool is closed").write(frame);
        }
        segments.merge(activeSegment, (long) HEADER + bytes.length, Long::sum);
        totalBytes += HEADER + bytes.length;
        pending++;
      }
      dirty = true;
      enforceLimit();
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least {@code records} are pending or the timeout passes. */
  public void awaitPending(int records, long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (pending < records && nanos > 0) {
        nanos = appended.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Reads up to {@code max} records from the cursor, without consuming them. */
  public Batch read(int max) throws IOException {
    lock.lock();
    try {
      if (pending == 0) {
        // Nothing after the cursor: the shipper asks every flush interval, and finding it out by
        // opening the segment cost an idle collector a file and a 64 KB buffer every second.
        return new Batch(List.of(), cursor, cursor);
      }
      List<String> records = new ArrayList<>();
      Batch.Position start = cursor;
      Batch.Position position = cursor;
      while (records.size() < max && segments.containsKey(position.segment())) {
        Scan scan = scan(position.segment(), position.offset(), max - records.size(), records);
        position = new Batch.Position(position.segment(), scan.endOffset);
        if (records.size() >= max) {
          break;
        }
        Long next = segments.higherKey(position.segment());
        if (next == null) {
          break;
        }
        position = new Batch.Position(next, 0);
      }
      return new Batch(records, start, position);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks a batch as written. A batch whose records were dropped meanwhile (the spool overflowed
   * while it was in flight) is ignored: the cursor has already moved past it.
   */
  public void commit(Batch batch) throws IOException {
    lock.lock();
    try {
      if (!batch.start().equals(cursor) || batch.isEmpty()) {
        return;
      }
      cursor = batch.end();
      pending -= batch.size();
      writeCheckpoint();
      while (!segments.isEmpty()
          && segments.firstKey() < cursor.segment()
          && segments.firstKey() != activeSegment) {
        deleteSegment(segments.firstKey());
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Syncs appended records to the disk. The fsync runs outside the lock: on a slow disk it can take
   * long, and appends (every poll's points) must not wait behind it. A segment rotated or closed
   * meanwhile was synced by the rotation or the close itself.
   */
  public void force() throws IOException {
    FileChannel channel;
    lock.lock();
    try {
      if (!dirty || active == null) {
        return;
      }
      channel = active;
      dirty = false;
    } finally {
      lock.unlock();
    }
    try {
      channel.force(false);
    } catch (java.nio.channels.ClosedChannelException e) {
      // Rotated or closed since: both force the channel before closing it.
    } catch (IOException e) {
      lock.lock();
      try {
        dirty = true;
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  /** Records appended and not yet committed. */
  public long pending() {
    lock.lock();
    try {
      return pending;
    } finally {
      lock.unlock();
    }
  }

  public long sizeBytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (active != null) {
        try {
          // A poll thread interrupted during a write closes the channel (FileChannel is
          // interruptible), as a shutdown does: what was written is already in the file.
          if (active.isOpen()) {
            active.force(false);
          }
        } finally {
          active.close();
          active = null;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void enforceLimit() throws IOException {
    while (totalBytes > maxBytes && segments.firstKey() != activeSegment) {
      long oldest = segments.firstKey();
      long lost = 0;
      if (oldest >= cursor.segment()) {
        long from = oldest == cursor.segment() ? cursor.offset() : 0;
        lost = scan(oldest, from, Integer.MAX_VALUE, null).count;
      }
      deleteSegment(oldest);
      if (cursor.segment() <= oldest) {
        cursor = new Batch.Position(segments.firstKey(), 0);
        writeCheckpoint();
      }
      pending -= lost;
      if (lost > 0) {
        listener.dropped(lost, "spool full (" + maxBytes + " bytes): oldest segment dropped");
      }
    }
  }

  private void openActive(long number) throws IOException {
    if (active != null) {
      active.force(false);
      active.close();
    }
    activeSegment = number;
    active =
        FileChannel.open(
            segmentFile(number),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    segments.putIfAbsent(number, active.size());
  }

  private void deleteSegment(long number) throws IOException {
    Files.deleteIfExists(segmentFile(number));
    totalBytes -= size(number);
    segments.remove(number);
  }

  private record Scan(long count, long endOffset, boolean torn) {}

  /**
   * Reads framed records of a segment from {@code offset}, at most {@code max}, adding them to
   * {@code into} when it is not null. Stops before a torn or corrupt record.
   */
  private Scan scan(long segment, long offset, int max, @Nullable List<String> into)
      throws IOException {
    long size = size(segment);
    long position = offset;
    long count = 0;
    try (FileChannel channel = FileChannel.open(segmentFile(segment), StandardOpenOption.READ);
        InputStream raw = Channels.newInputStream(channel.position(offset));
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024))) {
      while (count < max && position + HEADER <= size) {
        int length = in.readInt();
        int crc = in.readInt();
        if (length < 0 || length > MAX_RECORD || position + HEADER + length > size) {
          return new Scan(count, position, true);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        CRC32 check = new CRC32();
        check.update(bytes);
        if ((int) check.getValue() != crc) {
          return new Scan(count, position, true);
        }
        if (into != null) {
          into.add(new String(bytes, StandardCharsets.UTF_8));
        }
        position += HEADER + length;
        count++;
      }
    } catch (EOFException e) {
      return new Scan(count, position, true);
    }
    return new Scan(count, position, position < size && count < max);
  }

  /** The size of a segment of the spool: the active one, or one still to read. */
  private long size(long segment) {
    return Objects.requireNonNull(segments.get(segment), "not a segment of the spool");
  }

  private Batch.Position readCheckpoint() throws IOException {
    Path file = dir.resolve("checkpoint");
    if (!Files.exists(file)) {
      return new Batch.Position(0, 0);
    }
    String[] parts = Files.readString(file).trim().split(" ");
    try {
      return new Batch.Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      throw new IOException(
          "spool checkpoint " + file + " is unreadable: " + String.join(" ", parts));
    }
  }

  private void writeCheckpoint() throws IOException {
    Path tmp = dir.resolve("checkpoint.tmp");
    Files.writeString(tmp, cursor.segment() + " " + cursor.offset() + "\n");
    Files.move(tmp, dir.resolve("checkpoint"), StandardCopyOption.ATOMIC_MOVE);
  }

  private Path segmentFile(long number) {
    return dir.resolve(String.format("%020d%s", number, SUFFIX));
  }

  public Path directory() {
    return dir;
  }
}
