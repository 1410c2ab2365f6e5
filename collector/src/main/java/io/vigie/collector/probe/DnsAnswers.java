package io.vigie.collector.probe;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.Record;

/**
 * How a DNS probe's expected answer is compared with a record of the answer section: with the
 * record's data as dig prints it ({@code 10.0.0.5} for A, {@code 10 mail.example.} for MX, {@code
 * "v=spf1 -all"} for TXT), after both are normalised the same way:
 *
 * <ul>
 *   <li>A and AAAA: compared as addresses, so {@code 2001:db8::5} matches however the server's
 *       address is written ({@code 2001:db8:0:0:0:0:0:5});
 *   <li>otherwise as text: case ignored, runs of white space count as one space, leading and
 *       trailing space ignored, a dot ending a word ignored ({@code mail.example} matches {@code
 *       mail.example.}), and double quotes around the whole text ignored ({@code v=spf1 -all}
 *       matches a TXT record of one string {@code "v=spf1 -all"}).
 * </ul>
 */
final class DnsAnswers {
  private DnsAnswers() {}

  static boolean matches(String expected, Record record) {
    InetAddress address = null;
    int family = 0;
    if (record instanceof ARecord a) {
      address = a.getAddress();
      family = Address.IPv4;
    } else if (record instanceof AAAARecord aaaa) {
      address = aaaa.getAddress();
      family = Address.IPv6;
    }
    if (address != null) {
      byte[] wanted = Address.toByteArray(expected.strip(), family);
      if (wanted != null) {
        return Arrays.equals(wanted, address.getAddress());
      }
    }
    return normalise(expected).equals(normalise(record.rdataToString()));
  }

  static String normalise(String text) {
    String s = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    if (s.length() >= 2
        && s.startsWith("\"")
        && s.endsWith("\"")
        && s.indexOf('"', 1) == s.length() - 1) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s.replaceAll("\\.(?= |$)", "");
  }
}
