package io.vigie.collector.snmp;

import io.vigie.collector.source.PollResult;
import io.vigie.collector.source.Source;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretRef;
import io.vigie.model.inventory.SecretResolver;
import io.vigie.model.poll.FailureKind;
import io.vigie.model.snmp.SnmpProfile;
import io.vigie.model.snmp.SnmpProfiles;
import io.vigie.model.snmp.SnmpSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Polls one SNMP device with its profiles: one GET for the scalars (always with sysUpTime, which
 * tells reboots), then one walk of every table column, all asynchronous ({@link SnmpFetch}); the
 * values are then turned into samples ({@link SampleMapper}). Whatever arrived before a failure or
 * the time budget is written; the failure goes in the poll point's reason, and OIDs the agent could
 * not give (noSuchObject, wrong type...) in its warnings.
 */
public final class SnmpSource implements Source {
  private static final int MAX_WARNINGS = 5;

  private final Clock clock;
  private final SnmpFetch fetch;
  private final SampleMapper mapper;

  public SnmpSource(
      SnmpEngine engine,
      io.vigie.model.inventory.Target inventoryTarget,
      SecretResolver secrets,
      Clock clock) {
    this.clock = clock;
    SnmpSettings settings =
        Objects.requireNonNull(inventoryTarget.snmp(), "an SNMP source polls an snmp target");
    Duration interval = inventoryTarget.interval();
    Duration budget =
        settings.budget() == null || settings.budget().compareTo(interval) > 0
            ? interval
            : settings.budget();
    List<SnmpProfile> profiles = new ArrayList<>();
    for (String name : settings.profiles()) {
      profiles.add(SnmpProfiles.builtIn().get(name));
    }
    if (settings.custom() != null) {
      profiles.add(settings.custom());
    }
    this.mapper = new SampleMapper(inventoryTarget.id(), profiles);
    this.fetch =
        new SnmpFetch(
            engine,
            engine.target(
                inventoryTarget.address(),
                settings,
                secret(secrets, inventoryTarget.credentials().get("community")),
                secret(secrets, inventoryTarget.credentials().get("auth_password")),
                secret(secrets, inventoryTarget.credentials().get("priv_password"))),
            budget,
            settings.maxRepetitions(),
            mapper.scalarOids(),
            mapper.columns());
  }

  private static @Nullable Secret secret(SecretResolver secrets, @Nullable SecretRef ref) {
    return ref == null ? null : secrets.resolve(ref).orElse(null);
  }

  @Override
  public CompletionStage<PollResult> poll() {
    long time = clock.millis();
    return fetch.fetch().thenApply(f -> result(f, time));
  }

  private PollResult result(SnmpFetch.Fetched fetched, long time) {
    SampleMapper.Mapped mapped = mapper.map(fetched.values(), time);
    List<String> warnings = new ArrayList<>(fetched.warnings());
    warnings.addAll(mapped.warnings());
    SnmpFailure failure = fetched.failure();
    return new PollResult(
        mapped.samples(),
        fetched.answered(),
        failure == null ? FailureKind.NONE : failure.failureKind(),
        failure == null ? "" : Objects.requireNonNullElse(failure.getMessage(), ""),
        warning(warnings),
        fetched.values().size(),
        Map.of());
  }

  /** The first few warnings, and how many more: a device with hundreds must not flood the point. */
  static String warning(List<String> warnings) {
    if (warnings.isEmpty()) {
      return "";
    }
    List<String> first = warnings.subList(0, Math.min(MAX_WARNINGS, warnings.size()));
    return String.join("; ", first)
        + (warnings.size() > first.size()
            ? " (+" + (warnings.size() - first.size()) + " more)"
            : "");
  }
}
