package io.vigie.alerting.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertingCliTest {

  @Test
  void anUnknownCommandWithHelpIsAnError() {
    assertThat(AlertingCli.execute("hash-pasword", "--help")).isEqualTo(1);
    assertThat(AlertingCli.execute("hash-password", "--help")).isZero();
  }
}
