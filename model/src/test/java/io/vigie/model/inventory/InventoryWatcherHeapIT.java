package io.vigie.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size limit holds in a JVM with the services' heap (the launcher's -Xmx256m, SerialGC, exit on
 * OutOfMemoryError): a file just under the limit is validated and applied while the previous
 * inventory is still held, and a file of more than 100 MB, which used to end the process, is
 * refused and the inventory in force kept.
 */
class InventoryWatcherHeapIT {

  @Test
  void underTheServicesHeapAFileAtTheLimitIsAppliedAndA150MegabyteFileRefused(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("out.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                SmallHeapWatcher.class.getName(),
                dir.toString(),
                String.valueOf(150L << 20))
            .redirectOutput(log.toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    boolean ended = process.waitFor(4, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    // The child's own report, without the log lines the watcher writes beside it.
    List<String> out =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(line -> line.matches("(limit|accepted|refused:|still running) .*"))
            .toList();
    String err = Files.readString(dir.resolve("err.txt"));
    assertThat(ended).as("ended in time: %s", out).isTrue();
    assertThat(process.exitValue()).as("exit code; output: %s %s", out, err).isZero();
    // A sixteenth of the heap the JVM reports for -Xmx256m: 16220160 bytes (15.5 MiB) here.
    assertThat(out.get(0)).matches("limit 1[56][0-9]{6} bytes");
    String limit = out.get(0).split(" ")[1];
    assertThat(out.get(1)).matches("accepted [0-9]{5} targets from [0-9]+ bytes");
    assertThat(out.get(2))
        .startsWith("refused: " + dir.resolve("inventory.yml") + ":1:1: the file is ")
        .contains("more than the limit of " + limit + " bytes");
    assertThat(out.get(3))
        .isEqualTo(
            out.get(1).replaceFirst("accepted (\\d+) targets.*", "still running $1 targets"));
  }
}
