package io.vigie.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's rule for room to grow: no main source file past 400 lines unless the comment at
 * its top says why it must be one file ("One file, ..."). A big file is where a newcomer gets lost
 * and where the next source kind would be bolted on.
 */
class SourceSizeTest {
  private static final int LIMIT = 400;
  private static final Path ROOT =
      Path.of(System.getProperty("vigie.deploy.dir", ".")).toAbsolutePath().normalize().getParent();

  @Test
  void noMainSourcePast400LinesWithoutSayingWhy() throws IOException {
    List<Path> mains;
    try (Stream<Path> files = Files.walk(ROOT)) {
      mains =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/src/main/java/"))
              .filter(p -> !p.toString().contains("/target/"))
              .toList();
    }
    assertTrue(mains.size() > 100, "found only " + mains.size() + " main sources under " + ROOT);
    List<String> tooBig =
        mains.stream()
            .filter(SourceSizeTest::tooBigWithoutReason)
            .map(p -> ROOT.relativize(p).toString())
            .sorted()
            .toList();
    assertEquals(List.of(), tooBig, "main sources past " + LIMIT + " lines without a reason");
  }

  private static boolean tooBigWithoutReason(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      if (lines.size() <= LIMIT) {
        return false;
      }
      // The reason belongs to the class comment, before the first type declaration.
      for (String line : lines) {
        if (line.matches("^(public )?(final )?(abstract )?(class|record|interface|enum) .*")
            || line.matches("^public (final )?(abstract )?(class|record|interface|enum) .*")) {
          return true;
        }
        if (line.contains("One file")) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
