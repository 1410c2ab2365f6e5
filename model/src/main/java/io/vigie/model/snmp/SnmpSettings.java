package io.vigie.model.snmp;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How to poll one SNMP target. Secrets (community, passphrases) are not here: they are the target's
 * credentials {@code community}, {@code auth_password} and {@code priv_password}.
 *
 * @param budget the longest one poll of this device may take; at most the target's interval
 * @param custom the target's own scalars and tables, beside the profiles
 */
public record SnmpSettings(
    Version version,
    int port,
    List<String> profiles,
    Duration timeout,
    int retries,
    int maxRepetitions,
    @Nullable Duration budget,
    @Nullable String user,
    @Nullable AuthProtocol auth,
    @Nullable PrivProtocol priv,
    @Nullable SnmpProfile custom) {

  /** The version when the inventory gives none. */
  public static final Version DEFAULT_VERSION = Version.V2C;

  /** The agent's port when the inventory gives none. */
  public static final int DEFAULT_PORT = 161;

  /** The profiles polled when the inventory lists none. */
  public static final List<String> DEFAULT_PROFILES = List.of("system", "if-mib");

  /** How long one request waits for its answer when the inventory sets no timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Retries of a request that timed out, when the inventory sets none; at most {@link
   * #MAX_RETRIES}.
   */
  public static final int DEFAULT_RETRIES = 1;

  /** The most retries the inventory may set. */
  public static final int MAX_RETRIES = 10;

  /**
   * Rows asked for by one GETBULK, when the inventory sets none; at most {@link
   * #MAX_MAX_REPETITIONS}.
   */
  public static final int DEFAULT_MAX_REPETITIONS = 25;

  /** The most rows per GETBULK the inventory may set. */
  public static final int MAX_MAX_REPETITIONS = 200;

  public SnmpSettings {
    profiles = List.copyOf(profiles);
  }

  /** SNMP versions. */
  public enum Version {
    V1,
    V2C,
    V3
  }

  /** SNMPv3 authentication protocols. */
  public enum AuthProtocol {
    MD5,
    SHA,
    SHA224,
    SHA256,
    SHA384,
    SHA512
  }

  /** SNMPv3 privacy protocols. */
  public enum PrivProtocol {
    DES,
    AES,
    AES192,
    AES256
  }
}
