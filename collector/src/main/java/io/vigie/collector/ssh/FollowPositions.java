package io.vigie.collector.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where each followed log source was read up to (a journal's cursor, a file's inode and offset), in
 * {@code DATA_DIR/logs-positions.json}. A position is {@link #advance advanced} when its line is in
 * the logs spool, and {@link #checkpoint written} only after the spool was forced to disk: a
 * restart resumes from a point whose lines are on disk, so it skips none.
 */
public final class FollowPositions {
  private final Path file;
  private final Map<String, String> current = new ConcurrentHashMap<>();

  private FollowPositions(Path file, Map<String, String> saved) {
    this.file = file;
    current.putAll(saved);
  }

  /** The positions saved in {@code file}; none when it is missing or unreadable (said). */
  public static FollowPositions load(Path file) {
    Map<String, String> saved = Map.of();
    if (Files.exists(file)) {
      try {
        saved = Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, String>>() {});
      } catch (JacksonException e) {
        org.slf4j.LoggerFactory.getLogger(FollowPositions.class)
            .warn("{} unreadable, followed logs start from now: {}", file, e.getOriginalMessage());
      }
    }
    return new FollowPositions(file, saved);
  }

  @Nullable String get(String source) {
    return current.get(source);
  }

  void advance(String source, String position) {
    current.put(source, position);
  }

  void forget(String source) {
    current.remove(source);
  }

  /**
   * Writes the positions as they are now. Call it after the logs spool was forced, with the
   * positions captured before the force ({@link #snapshot}).
   */
  public void checkpoint(Map<String, String> snapshot) throws IOException {
    if (snapshot.isEmpty() && !Files.exists(file)) {
      // Nothing followed, nothing saved: a missing file reads as no position, as "{}" would.
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, Json.MAPPER.writeValueAsBytes(new TreeMap<>(snapshot)));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The positions now: every line before them is in the spool (maybe not yet on disk). */
  public Map<String, String> snapshot() {
    return Map.copyOf(current);
  }

  /**
   * Made when positions are first read or written: a collector that follows no log over SSH loads
   * none of Jackson (some 530 classes).
   */
  private static final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }
}
