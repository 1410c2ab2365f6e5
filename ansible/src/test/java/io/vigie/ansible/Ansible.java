package io.vigie.ansible;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real ansible-playbook (and friends) on the project's ansible/ directory. */
final class Ansible {
  static final Path DIR = Path.of(System.getProperty("vigie.ansible.dir", ".")).toAbsolutePath();
  static final Path COLLECTOR_JAR =
      Path.of(
              System.getProperty(
                  "vigie.collector.jar", "../collector/target/vigie-collector-exec.jar"))
          .toAbsolutePath();

  private static final Pattern RECAP =
      Pattern.compile(
          "(\\S+)\\s+: ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

  private Ansible() {}

  record Run(int exit, String output) {
    /** changed= of the PLAY RECAP, summed over hosts. */
    int changed() {
      return recap(3);
    }

    int failed() {
      return recap(5) + recap(4);
    }

    private int recap(int group) {
      Matcher m = RECAP.matcher(output);
      int sum = 0;
      boolean found = false;
      while (m.find()) {
        sum += Integer.parseInt(m.group(group));
        found = true;
      }
      if (!found) {
        throw new AssertionError("no PLAY RECAP in:\n" + output);
      }
      return sum;
    }
  }

  static void requireInstalled() {
    if (run(List.of("ansible-playbook", "--version"), DIR).exit() != 0) {
      fail(
          "ansible-playbook is missing: apt-get install -y ansible-core python3-ruamel.yaml"
              + " python3-bcrypt (./vigie test installs them)");
    }
  }

  static Run playbook(String playbook, Path inventory, String... extra) {
    List<String> command = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString()));
    command.addAll(List.of(extra));
    command.add(DIR.resolve(playbook).toString());
    return run(command, DIR);
  }

  static Run run(List<String> command, Path workDir) {
    try {
      Path log = Files.createTempFile("vigie-ansible-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("ANSIBLE_CONFIG", DIR.resolve("ansible.cfg").toString());
      builder.environment().put("ANSIBLE_NOCOLOR", "1");
      builder.environment().put("ANSIBLE_FORCE_COLOR", "0");
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        return new Run(127, command.get(0) + ": " + e.getMessage());
      }
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(command + " did not finish in 300 s:\n" + Files.readString(log));
      }
      String output = Files.readString(log);
      Files.delete(log);
      return new Run(process.exitValue(), output);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An inventory with the collectors group on this machine, over a local connection. */
  static Path localCollectors(Path dir, String extraGroups) throws IOException {
    return Files.writeString(
        dir.resolve("hosts.yml"),
        """
        all:
          children:
            collectors:
              hosts:
                localhost:
                  ansible_connection: local
                  ansible_python_interpreter: /usr/bin/python3
            alerting:
              hosts:
                localhost:
        %s
        """
            .formatted(extraGroups));
  }

  /** Variables pointing the playbooks at a temp inventory, validated by the built collector. */
  static Path vars(Path dir, Path inventory) throws IOException {
    return Files.writeString(
        dir.resolve("vars.yml"),
        """
        vigie_inventory_path: %s
        vigie_validate_command: "java -jar %s validate --offline %%s"
        vigie_inventory_backup: false
        """
            .formatted(inventory, COLLECTOR_JAR));
  }
}
