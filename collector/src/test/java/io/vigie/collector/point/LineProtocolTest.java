package io.vigie.collector.point;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineProtocolTest {
  @Test
  void encodesTypesTagsInOrderAndMillisecondTime() {
    Point point =
        Point.builder("cpu")
            .tag("target", "web-1")
            .tag("cpu", "total")
            .field("usage_percent", 12.5)
            .field("whole", 3.0)
            .field("count", 7L)
            .field("ok", true)
            .field("reason", "")
            .time(1700000000123L)
            .build();
    assertThat(LineProtocol.encode(point))
        .isEqualTo(
            "cpu,cpu=total,target=web-1 usage_percent=12.5,whole=3,count=7i,ok=t,reason=\"\""
                + " 1700000000123");
  }

  @Test
  void escapesWhatInfluxDb1ReadsBack() {
    Point point =
        Point.builder("my m,x")
            .tag("k ey", "a b,c=d\"e\\f")
            .tag("edge", "ends\\")
            .tag("nl", "two\nlines")
            .field("s", "say \"hi\"\\\nbye")
            .time(1)
            .build();
    assertThat(LineProtocol.encode(point))
        .isEqualTo(
            "my\\ m\\,x,edge=ends\uFF3C,k\\ ey=a\\ b\\,c\\=d\"e\\f,nl=two\u2424lines"
                + " s=\"say \\\"hi\\\"\\\\\nbye\" 1");
  }

  @Test
  void storableTextIsWrittenAsItIsOnlyTheUnstorableIsMapped() {
    Point point =
        Point.builder("m")
            .tag("a", "C:\\ Label")
            .tag("b", "cr\rtab\tnul\u0000")
            .tag("c", "two\\\\")
            .field("x", 1L)
            .time(1)
            .build();
    assertThat(LineProtocol.encode(point))
        .isEqualTo("m,a=C:\\\\ Label,b=cr\rtab\tnul\u0000,c=two\\\uFF3C x=1i 1");
  }

  @Test
  void nonFiniteNumbersAndEmptyTagsAreLeftOut() {
    Point point =
        Point.builder("m").tag("empty", "").field("nan", Double.NaN).field("x", 1L).time(5).build();
    assertThat(LineProtocol.encode(point)).isEqualTo("m x=1i 5");
  }
}
