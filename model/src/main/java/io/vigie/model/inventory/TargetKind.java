package io.vigie.model.inventory;

/** How a target is reached. */
public enum TargetKind {
  /** The host the collector runs on, read through OSHI. */
  LOCAL,
  /** A device polled over SNMP. */
  SNMP,
  /** A host reached over SSH without an agent. */
  SSH,
  /**
   * A service with no machine to poll (a website, a phone system, a camera): only its {@code
   * probes:} run, and they alone tell whether it is up.
   */
  SERVICE;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
