package io.vigie.model.snmp;

import java.time.Duration;
import java.util.List;

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
    Duration budget,
    String user,
    AuthProtocol auth,
    PrivProtocol priv,
    SnmpProfile custom) {
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
