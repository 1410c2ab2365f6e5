package io.vigie.alerting.report;

import io.vigie.model.inventory.Language;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Reports served by the endpoints' tests until the computation is written: clients acme (French)
 * and globex (English), each given {@link ReportSamples#november} whatever the period asked.
 */
public final class FixedReports implements Reports {
  static final List<ReportClient> CLIENTS =
      List.of(
          new ReportClient("acme", "ACME", Language.FR, ReportSamples.PARIS, null),
          new ReportClient("globex", "Globex", Language.EN, ReportSamples.PARIS, null));

  @Override
  public List<ReportClient> clients() {
    return CLIENTS;
  }

  @Override
  public Optional<ReportClient> client(String id) {
    return CLIENTS.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  @Override
  public ClientReport report(ReportClient client, Interval period) {
    return ReportSamples.november(client.language(), client.name(), "web1", "HTTP 503 on /health");
  }

  /**
   * A source of beans to pass to SpringApplication.run beside the application: these reports
   * instead of the service's. Not a @Configuration, so that the application's scan of
   * io.vigie.alerting does not pick it up in every other test.
   */
  public static final class Beans {
    @Bean
    @Primary
    Reports fixedReports() {
      return new FixedReports();
    }
  }
}
