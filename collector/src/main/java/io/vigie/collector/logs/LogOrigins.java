package io.vigie.collector.logs;

import io.vigie.collector.logs.SyslogPoints.Origin;
import io.vigie.model.inventory.Target;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which target, and so which client, a syslog message belongs to, from the inventory: the sender's
 * address against the targets' addresses, and the host name the message carries against their ids
 * and host names. A message from an address that is no target's, or that several clients' targets
 * share, goes to the NOC's bucket (no client, no target) and is counted, whatever host name it
 * claims: it never reaches a client that is not surely its own. A relay must be a target itself.
 *
 * <p>A relay (a client's central rsyslog) sends other hosts' lines: when the host name names a
 * target of the same client as the relay, the line is that target's. A host name that names another
 * client's target is not believed: the line stays the sender's.
 */
public final class LogOrigins {
  private static final Origin NOC = new Origin(null, null);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Map<String, List<Target>> byAddress = new HashMap<>();
  private final Map<String, List<Target>> byName = new HashMap<>();
  private final AtomicLong unknown = new AtomicLong();

  /** Built from the inventory's targets; rebuilt when the inventory changes. */
  public LogOrigins(Collection<Target> targets) {
    List<Target> sorted = new ArrayList<>(targets);
    sorted.sort(Comparator.comparing(Target::id));
    for (Target t : sorted) {
      String address = t.address().toLowerCase(Locale.ROOT);
      if (literal(address)) {
        byAddress.computeIfAbsent(normalised(address), k -> new ArrayList<>()).add(t);
      } else if (!address.isEmpty()) {
        add(byName, address, t);
        int dot = address.indexOf('.');
        if (dot > 0) {
          add(byName, address.substring(0, dot), t);
        }
      }
      add(byName, t.id().toLowerCase(Locale.ROOT), t);
      // The inventory's explicit senders: more addresses of the target (a second interface, a
      // NAT), or more names its lines may carry.
      for (String sender : t.logs().senders()) {
        String s = sender.toLowerCase(Locale.ROOT);
        if (s.startsWith("[") && s.endsWith("]")) {
          s = s.substring(1, s.length() - 1);
        }
        add(literal(s) ? byAddress : byName, literal(s) ? normalised(s) : s, t);
      }
    }
  }

  private static void add(Map<String, List<Target>> map, String key, Target t) {
    List<Target> list = map.computeIfAbsent(key, k -> new ArrayList<>());
    if (!list.contains(t)) {
      list.add(t);
    }
  }

  /** The origin of a message from {@code sender} that names {@code hostname} (or none). */
  public Origin of(InetAddress sender, @Nullable String hostname) {
    Target byAddr = single(byAddress.get(normalised(sender.getHostAddress())));
    Target byHost = null;
    if (hostname != null) {
      String name = hostname.toLowerCase(Locale.ROOT);
      byHost = single(byName.get(name));
      if (byHost == null && literal(name)) {
        byHost = single(byAddress.get(normalised(name)));
      }
      if (byHost == null && name.indexOf('.') > 0 && !literal(name)) {
        byHost = single(byName.get(name.substring(0, name.indexOf('.'))));
      }
    }
    // Only a known sender is believed about its host names: from an unknown address, a line that
    // names a client's host could be anyone's (UDP senders are not even authenticated).
    Target chosen =
        byAddr != null && byHost != null && byAddr.client().equals(byHost.client())
            ? byHost
            : byAddr;
    if (chosen == null) {
      unknown.incrementAndGet();
      return NOC;
    }
    return new Origin(chosen.client(), chosen.id());
  }

  /** Messages that went to the NOC's bucket since this index was built. */
  public long unknown() {
    return unknown.get();
  }

  /** The one target, or the first by id when all are one client's; null when clients differ. */
  private static @Nullable Target single(@Nullable List<Target> targets) {
    if (targets == null || targets.isEmpty()) {
      return null;
    }
    String client = targets.get(0).client();
    for (Target t : targets) {
      if (!t.client().equals(client)) {
        return null;
      }
    }
    return targets.get(0);
  }

  private static boolean literal(String address) {
    return address.indexOf(':') >= 0 || IPV4.matcher(address).matches();
  }

  /** One spelling per address: {@code ::ffff:10.0.0.1} and {@code 10.0.0.1} are the same sender. */
  private static String normalised(String address) {
    String a = address.toLowerCase(Locale.ROOT);
    return a.startsWith("::ffff:") && IPV4.matcher(a.substring(7)).matches() ? a.substring(7) : a;
  }
}
