package io.vigie.collector.snmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigie.model.snmp.SnmpProfile;
import org.junit.jupiter.api.Test;
import org.snmp4j.smi.Gauge32;
import org.snmp4j.smi.Null;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;

class SnmpValuesTest {

  @Test
  void timeticksAreSeconds() {
    assertEquals(123.45, SnmpValues.number(new TimeTicks(12345), SnmpProfile.Type.TIMETICKS));
    assertEquals(2.0, SnmpValues.number(new Gauge32(200), SnmpProfile.Type.TIMETICKS));
  }

  @Test
  void aTimeticksColumnAnsweredWithTextIsAWrongTypeNotACrash() {
    // An agent that answers a timeticks OID with a string (seen on embedded agents) must give
    // "no value" for that one field, like every other type, not a NullPointerException that
    // fails the whole poll.
    assertNull(SnmpValues.number(new OctetString("up 3 days"), SnmpProfile.Type.TIMETICKS));
    assertNull(SnmpValues.number(new Null(), SnmpProfile.Type.TIMETICKS));
  }
}
