package io.vigie.collector.snmp;

import io.vigie.model.snmp.SnmpProfile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.snmp4j.smi.Counter64;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/** Converts SNMP values to field values by the profile's type; null means "wrong type". */
final class SnmpValues {
  private SnmpValues() {}

  static boolean numeric(Variable v) {
    return v instanceof org.snmp4j.smi.Integer32
        || v instanceof UnsignedInteger32
        || v instanceof Counter64;
  }

  /** Text as a person reads it: UTF-8 when it is, hex otherwise (MAC addresses, binary). */
  static String text(Variable v) {
    if (v instanceof OctetString octets) {
      try {
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(octets.getValue()))
                .toString();
        // Agents often pad strings with NULs.
        return text.replace("\u0000", "").strip();
      } catch (CharacterCodingException e) {
        return octets.toHexString();
      }
    }
    return v.toString();
  }

  /** A number for gauge, integer, timeticks and float_text types, or null. */
  static @Nullable Double number(Variable v, SnmpProfile.Type type) {
    return switch (type) {
      case TIMETICKS ->
          v instanceof TimeTicks t ? t.toLong() / 100.0 : numeric(v) ? v.toLong() / 100.0 : null;
      case FLOAT_TEXT, GAUGE, INTEGER -> {
        if (numeric(v)) {
          yield (double) v.toLong();
        }
        if (v instanceof OctetString) {
          try {
            yield Double.parseDouble(text(v));
          } catch (NumberFormatException e) {
            yield null;
          }
        }
        yield null;
      }
      default -> null;
    };
  }

  /** The field value for a non-counter type: Double, Long or String; null for a wrong type. */
  static @Nullable Object field(Variable v, SnmpProfile.Type type, double scale) {
    if (type == SnmpProfile.Type.STRING) {
      return text(v);
    }
    Double n = number(v, type);
    if (n == null) {
      return null;
    }
    double scaled = n * scale;
    return type == SnmpProfile.Type.INTEGER || type == SnmpProfile.Type.TIMETICKS
        ? (Object) Math.round(scaled)
        : (Object) scaled;
  }

  static String describe(Variable v) {
    return v.getSyntaxString() + " " + v;
  }
}
