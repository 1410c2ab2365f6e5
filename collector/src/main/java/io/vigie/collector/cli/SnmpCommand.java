package io.vigie.collector.cli;

import io.vigie.collector.snmp.SnmpEngine;
import io.vigie.collector.snmp.SnmpFailure;
import io.vigie.collector.snmp.SnmpQueries;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryError;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.inventory.Target;
import io.vigie.model.snmp.SnmpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snmp4j.smi.OID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigie snmp get|walk TARGET OID...}: asks a device what the collector would ask it, with
 * the inventory's credentials and settings, or explicit SNMPv1/v2c ones.
 */
@Command(
    name = "snmp",
    mixinStandardHelpOptions = true,
    description =
        "Troubleshooting: SNMP GET or walk of a target, with the inventory's credentials.",
    subcommands = {SnmpCommand.Get.class, SnmpCommand.Walk.class})
final class SnmpCommand implements Runnable {
  private static final Pattern OID_TEXT = Pattern.compile("\\.?[0-9]+(\\.[0-9]+)*");

  // Injected by picocli before run(): never read before.
  @SuppressWarnings("NullAway.Init")
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say get or walk");
  }

  /** Where the target's settings come from. */
  static class Connection {
    @Option(
        names = "--inventory",
        description = "inventory file (default: $VIGIE_INVENTORY, else /etc/vigie/inventory.yml)")
    @Nullable Path inventory;

    @Option(
        names = "--address",
        description = "poll this address instead of a target of the inventory")
    @Nullable String address;

    @Option(names = "--port", defaultValue = "161", description = "with --address: UDP port")
    int port;

    // Options with a default value are set by picocli before the command runs.
    @SuppressWarnings("NullAway.Init")
    @Option(names = "--snmp-version", defaultValue = "2c", description = "with --address: 1 or 2c")
    String version;

    @SuppressWarnings("NullAway.Init") // has a default value: set by picocli
    @Option(
        names = "--community-env",
        defaultValue = "SNMP_COMMUNITY",
        description = "with --address: environment variable holding the community")
    String communityEnv;

    @SuppressWarnings("NullAway.Init") // has a default value: set by picocli
    @Option(names = "--timeout", defaultValue = "2s", description = "per request")
    String timeout;
  }

  abstract static class Query implements Callable<Integer> {
    @picocli.CommandLine.Mixin Connection connection = new Connection();

    // Required parameters: picocli sets them, or refuses the command line, before call().
    @SuppressWarnings("NullAway.Init")
    @Parameters(
        index = "0",
        paramLabel = "TARGET",
        description = "a target id of the inventory (ignored with --address)")
    String target;

    @SuppressWarnings("NullAway.Init") // required (arity 1..*): set by picocli before call()
    @Parameters(index = "1..*", paramLabel = "OID", arity = "1..*", description = "numeric OIDs")
    List<String> oids;

    abstract List<String> query(
        SnmpEngine engine, org.snmp4j.Target<?> target, List<OID> oids, SnmpSettings settings)
        throws SnmpFailure, InterruptedException;

    @Override
    public Integer call() throws Exception {
      for (String oid : oids) {
        if (!OID_TEXT.matcher(oid).matches()) {
          System.err.println("vigie snmp: not a numeric OID: " + oid);
          return VigieCli.INVALID_INPUT;
        }
      }
      Duration timeout =
          io.vigie.model.inventory.Durations.parse(connection.timeout)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--timeout: not a duration: " + connection.timeout));
      SecretResolver secrets = SecretResolver.fromSystem();
      String address;
      SnmpSettings settings;
      Secret community = null;
      Secret auth = null;
      Secret priv = null;
      if (connection.address != null) {
        SnmpSettings.Version version =
            "1".equals(connection.version) ? SnmpSettings.Version.V1 : SnmpSettings.Version.V2C;
        settings =
            new SnmpSettings(
                version, connection.port, List.of(), timeout, 1, 25, null, null, null, null, null);
        address = connection.address;
        community = secrets.resolve(SecretRef.env(connection.communityEnv)).orElse(null);
        if (community == null) {
          System.err.println("vigie snmp: set the community in $" + connection.communityEnv);
          return VigieCli.INVALID_INPUT;
        }
      } else {
        Path file =
            connection.inventory != null
                ? connection.inventory
                : Path.of(
                    System.getenv().getOrDefault("VIGIE_INVENTORY", "/etc/vigie/inventory.yml"));
        Inventory inventory;
        try {
          inventory = InventoryLoader.withSystemSecrets().load(file);
        } catch (InventoryException e) {
          e.errors().stream().map(InventoryError::toString).forEach(System.err::println);
          return VigieCli.INVALID_INPUT;
        }
        Target t = inventory.target(target).orElse(null);
        if (t == null || t.snmp() == null) {
          System.err.println("vigie snmp: " + file + " has no snmp target " + target);
          return VigieCli.INVALID_INPUT;
        }
        SnmpSettings s = t.snmp();
        settings =
            new SnmpSettings(
                s.version(),
                s.port(),
                s.profiles(),
                connection.timeout.equals("2s") ? s.timeout() : timeout,
                s.retries(),
                s.maxRepetitions(),
                s.budget(),
                s.user(),
                s.auth(),
                s.priv(),
                null);
        address = t.address();
        community = resolve(secrets, t.credentials().get("community"));
        auth = resolve(secrets, t.credentials().get("auth_password"));
        priv = resolve(secrets, t.credentials().get("priv_password"));
      }
      try (SnmpEngine engine = new SnmpEngine(8)) {
        org.snmp4j.Target<?> snmpTarget = engine.target(address, settings, community, auth, priv);
        List<String> lines =
            query(
                engine,
                snmpTarget,
                oids.stream().map(o -> new OID(o.startsWith(".") ? o.substring(1) : o)).toList(),
                settings);
        lines.forEach(System.out::println);
        return VigieCli.OK;
      } catch (SnmpFailure e) {
        System.err.println("vigie snmp: " + e.getMessage());
        return VigieCli.FAILURE;
      }
    }

    private static @Nullable Secret resolve(SecretResolver secrets, @Nullable SecretRef ref) {
      return ref == null ? null : secrets.resolve(ref).orElse(null);
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "GET of one or more OIDs.")
  static final class Get extends Query {
    @Override
    List<String> query(
        SnmpEngine engine, org.snmp4j.Target<?> target, List<OID> oids, SnmpSettings settings)
        throws SnmpFailure, InterruptedException {
      return SnmpQueries.get(engine, target, oids);
    }
  }

  @Command(
      name = "walk",
      mixinStandardHelpOptions = true,
      description = "Walk of the subtree under an OID.")
  static final class Walk extends Query {
    @Override
    List<String> query(
        SnmpEngine engine, org.snmp4j.Target<?> target, List<OID> oids, SnmpSettings settings)
        throws SnmpFailure, InterruptedException {
      List<String> lines = new java.util.ArrayList<>();
      for (OID oid : oids) {
        lines.addAll(
            SnmpQueries.walk(
                engine, target, oid, settings.maxRepetitions(), Duration.ofMinutes(2)));
      }
      return lines;
    }
  }
}
