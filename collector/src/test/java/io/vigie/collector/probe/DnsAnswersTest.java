package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;

class DnsAnswersTest {
  private static Record record(String text) throws Exception {
    return Record.fromString(
        org.xbill.DNS.Name.fromString("x.test."),
        org.xbill.DNS.Type.value(text.substring(0, text.indexOf(' '))),
        org.xbill.DNS.DClass.IN,
        60,
        text.substring(text.indexOf(' ') + 1),
        org.xbill.DNS.Name.root);
  }

  @Test
  void addressesComparedAsAddresses() throws Exception {
    assertThat(DnsAnswers.matches("10.0.0.5", record("A 10.0.0.5"))).isTrue();
    assertThat(DnsAnswers.matches("10.0.0.50", record("A 10.0.0.5"))).isFalse();
    assertThat(DnsAnswers.matches("2001:db8::5", record("AAAA 2001:db8:0:0::5"))).isTrue();
    assertThat(DnsAnswers.matches("2001:db8::6", record("AAAA 2001:db8::5"))).isFalse();
  }

  @Test
  void textNormalised() throws Exception {
    assertThat(DnsAnswers.matches("10 Mail.Example", record("MX 10 mail.example."))).isTrue();
    assertThat(DnsAnswers.matches("10 mail.example.", record("MX 10 mail.example."))).isTrue();
    assertThat(DnsAnswers.matches("mail.example", record("MX 10 mail.example."))).isFalse();
    assertThat(DnsAnswers.matches("www.example", record("CNAME www.example."))).isTrue();
    assertThat(DnsAnswers.matches("v=spf1 -all", record("TXT \"v=spf1 -all\""))).isTrue();
    assertThat(DnsAnswers.matches("\"v=spf1  -all\"", record("TXT \"v=spf1 -all\""))).isTrue();
    assertThat(DnsAnswers.matches("v=spf1", record("TXT \"v=spf1 -all\""))).isFalse();
  }
}
