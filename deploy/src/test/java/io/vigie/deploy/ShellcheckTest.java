package io.vigie.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shell script of the repository passes shellcheck: the launcher, the benchmark runner, the
 * operations scripts, CI's entry point, and any script added later (found by its shebang, so that a
 * new one cannot be forgotten). Needs Debian's {@code shellcheck}, which {@code ./vigie test}
 * installs.
 */
class ShellcheckTest {
  private static final Path ROOT =
      Path.of(System.getProperty("vigie.deploy.dir", ".")).toAbsolutePath().normalize().getParent();
  private static final String INSTALL_HINT =
      "shellcheck not found: install it with `apt-get install shellcheck` (./vigie test does it)";
  private static final Pattern SHELL_SHEBANG =
      Pattern.compile("#!\\s*/(usr/)?bin/(env\\s+)?(ba|da)?sh\\b.*");

  /** Directories that hold no script of ours: build output, npm packages, the demo's data. */
  private static final Set<String> SKIPPED = Set.of(".git", "target", "node_modules", ".demo");

  /** The scripts this test was written for; each must still be found by the shebang scan. */
  private static final List<String> KNOWN =
      List.of(
          "vigie",
          ".ci/run",
          "bench/run.sh",
          "deploy/scripts/backup.sh",
          "deploy/scripts/restore.sh",
          "deploy/scripts/upgrade.sh");

  @Test
  void everyShellScriptPassesShellcheck() throws Exception {
    List<String> scripts = shellScripts();
    assertThat(scripts).containsAll(KNOWN);

    List<String> command = new ArrayList<>(List.of(shellcheck(), "-x", "--color=never"));
    command.addAll(scripts);
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(INSTALL_HINT, e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("shellcheck finished").isTrue();
    assertThat(process.exitValue())
        .as("shellcheck -x %s%n%s", String.join(" ", scripts), output)
        .isZero();
  }

  private static String shellcheck() {
    return Stream.of("/usr/bin/shellcheck", "/usr/local/bin/shellcheck")
        .filter(p -> Files.isExecutable(Path.of(p)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(INSTALL_HINT));
  }

  /** Files under the repository whose first line is a sh, bash or dash shebang, relative paths. */
  private static List<String> shellScripts() throws IOException {
    List<String> scripts = new ArrayList<>();
    Files.walkFileTree(
        ROOT,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return SKIPPED.contains(String.valueOf(dir.getFileName())) && !dir.equals(ROOT)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() && hasShellShebang(file)) {
              scripts.add(ROOT.relativize(file).toString());
            }
            return FileVisitResult.CONTINUE;
          }
        });
    scripts.sort(null);
    return scripts;
  }

  private static boolean hasShellShebang(Path file) {
    byte[] head = new byte[128];
    try (var in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      String first = new String(head, 0, n, StandardCharsets.ISO_8859_1).split("\n", 2)[0];
      return SHELL_SHEBANG.matcher(first).matches();
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
