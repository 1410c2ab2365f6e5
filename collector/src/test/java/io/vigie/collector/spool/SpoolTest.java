package io.vigie.collector.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  @TempDir Path dir;

  private final AtomicLong dropped = new AtomicLong();
  private final SpoolListener listener = (records, why) -> dropped.addAndGet(records);

  private static List<String> records(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> "m f=" + i + " " + i).toList();
  }

  @Test
  void readsInOrderAndOnlyCommittedRecordsLeave() throws IOException {
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 16, listener)) {
      spool.append(records(0, 10));
      Batch first = spool.read(4);
      assertThat(first.records()).isEqualTo(records(0, 4));
      assertThat(spool.read(4).records()).as("not committed: read again").isEqualTo(records(0, 4));
      spool.commit(first);
      assertThat(spool.pending()).isEqualTo(6);
      assertThat(spool.read(100).records()).isEqualTo(records(4, 6));
    }
  }

  @Test
  void recordsMayHoldNewlinesAndAnyText() throws IOException {
    List<String> tricky = List.of("m s=\"a\nb\" 1", "m s=\"é ü 日本\" 2", "");
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 16, listener)) {
      spool.append(tricky);
      assertThat(spool.read(10).records()).isEqualTo(tricky);
    }
  }

  @Test
  void aRestartReplaysFromTheCheckpointAcrossSegments() throws IOException {
    try (Spool spool = Spool.open(dir, 1 << 20, 200, listener)) {
      spool.append(records(0, 50));
      spool.commit(spool.read(20));
    }
    assertThat(segmentFiles()).hasSizeGreaterThan(2);
    try (Spool spool = Spool.open(dir, 1 << 20, 200, listener)) {
      assertThat(spool.pending()).isEqualTo(30);
      spool.append(records(50, 5));
      List<String> all = new ArrayList<>();
      Batch batch;
      while (!(batch = spool.read(7)).isEmpty()) {
        all.addAll(batch.records());
        spool.commit(batch);
      }
      assertThat(all).isEqualTo(records(20, 35));
      assertThat(spool.pending()).isZero();
    }
    assertThat(dropped).hasValue(0);
  }

  @Test
  void consumedSegmentsAreDeleted() throws IOException {
    try (Spool spool = Spool.open(dir, 1 << 20, 200, listener)) {
      spool.append(records(0, 100));
      Batch batch;
      while (!(batch = spool.read(10)).isEmpty()) {
        spool.commit(batch);
      }
      assertThat(segmentFiles()).hasSize(1);
      assertThat(spool.sizeBytes()).isLessThan(400);
    }
  }

  @Test
  void whenFullTheOldestDataIsDroppedAndCounted() throws IOException {
    try (Spool spool = Spool.open(dir, 1000, 200, listener)) {
      spool.append(records(0, 200));
      assertThat(spool.sizeBytes()).isLessThanOrEqualTo(1000);
      assertThat(dropped.get() + spool.pending()).isEqualTo(200);
      assertThat(dropped.get()).isPositive();
      List<String> left = spool.read(1000).records();
      assertThat(left).isEqualTo(records((int) dropped.get(), (int) spool.pending()));
    }
  }

  @Test
  void aBatchInFlightWhileItsSegmentIsDroppedCommitsNothing() throws IOException {
    try (Spool spool = Spool.open(dir, 1000, 200, listener)) {
      spool.append(records(0, 5));
      Batch inFlight = spool.read(5);
      spool.append(records(5, 200));
      spool.commit(inFlight);
      assertThat(dropped.get() + spool.pending()).isEqualTo(205);
    }
  }

  @Test
  void aTornRecordFromACrashIsSkippedAndTheRestIsKept() throws IOException {
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 16, listener)) {
      spool.append(records(0, 3));
    }
    Path segment = segmentFiles().get(0);
    // A crash in the middle of an append: a header that promises more bytes than were written.
    Files.write(segment, new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 'm'}, StandardOpenOption.APPEND);
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 16, listener)) {
      assertThat(spool.pending()).isEqualTo(3);
      spool.append(records(3, 2));
      List<String> all = new ArrayList<>();
      Batch batch;
      while (!(batch = spool.read(100)).isEmpty()) {
        all.addAll(batch.records());
        spool.commit(batch);
      }
      assertThat(all).isEqualTo(records(0, 5));
    }
    assertThat(dropped).hasValue(1);
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }
}
