package io.vigie.model.inventory;

/** How a target is reached. */
public enum TargetKind {
  /** The host the collector runs on, read through OSHI. */
  LOCAL,
  /** A device polled over SNMP. */
  SNMP,
  /** A host reached over SSH without an agent. */
  SSH;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
