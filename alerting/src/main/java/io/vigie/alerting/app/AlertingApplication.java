package io.vigie.alerting.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerting.influx.InfluxClients;
import io.vigie.alerting.influx.InfluxReader;
import io.vigie.alerting.influx.StatusWriter;
import io.vigie.alerting.notify.Mailer;
import io.vigie.alerting.notify.Notifier;
import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.notify.Templates;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.status.StatusEngine;
import io.vigie.alerting.store.StateStore;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.inventory.Inventory;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryLoader;
import io.vigie.model.inventory.InventoryWatcher;
import io.vigie.model.inventory.Secret;
import io.vigie.model.inventory.SecretResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.influxdb.InfluxDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/** The alerting service's wiring: plain objects from the other packages, put together. */
@SpringBootApplication(scanBasePackages = "io.vigie.alerting")
@EnableConfigurationProperties(AlertingProperties.class)
public class AlertingApplication {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingApplication.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  InventoryWatcher inventoryWatcher(AlertingProperties properties, MeterRegistry registry)
      throws InventoryException {
    InventoryLoader loader = InventoryLoader.withSystemSecrets();
    InventoryWatcher.Snapshot first = InventoryWatcher.read(properties.inventory());
    Inventory inventory = loader.parse(first.text(), properties.inventory().toString());
    return new InventoryWatcher(
        properties.inventory(),
        loader,
        first,
        inventory,
        next -> LOG.info("inventory reloaded: {} targets", next.targets().size()),
        outcome ->
            registry.counter("vigie.alerting.inventory.reloads", "result", outcome).increment());
  }

  @Bean(destroyMethod = "close")
  InfluxDB influx(AlertingProperties properties) {
    AlertingProperties.Influx settings = properties.influx();
    return InfluxClients.connect(
        settings.url(), settings.username(), password(settings), settings.timeout());
  }

  private static Secret password(AlertingProperties.Influx influx) {
    Secret password =
        SecretResolver.valueOrFile(
            influx.password(), influx.passwordFile(), "vigie.influx.password-file");
    if (password == null && influx.username() != null && !influx.username().isBlank()) {
      throw new IllegalArgumentException(
          "vigie.influx.username is set but neither VIGIE_INFLUX_PASSWORD nor"
              + " VIGIE_INFLUX_PASSWORD_FILE is");
    }
    return password;
  }

  @Bean(destroyMethod = "close")
  StateStore stateStore(AlertingProperties properties) {
    return StateStore.open(properties.alerting().dataDir());
  }

  @Bean
  AlertingService alertingService(
      AlertingProperties properties,
      InventoryWatcher watcher,
      InfluxDB influx,
      StateStore store,
      Clock clock,
      MeterRegistry registry) {
    AlertingProperties.Evaluation evaluation = properties.alerting().evaluation();
    return new AlertingService(
        watcher::current,
        new InfluxReader(
            influx,
            properties.influx().database(),
            evaluation.deadAfterIntervals(),
            evaluation.readParallelism()),
        new StatusWriter(influx, properties.influx().database()),
        new StatusEngine(evaluation.toSettings()),
        store,
        clock,
        evaluation.refresh(),
        evaluation.readOverlap(),
        registry);
  }

  /** One thread: evaluations at a fixed delay (never overlapping), inventory checks between. */
  @Bean(destroyMethod = "close")
  Loop evaluationLoop(
      AlertingProperties properties, AlertingService service, InventoryWatcher watcher) {
    Duration reload = properties.reloadInterval();
    // An evaluation in progress is stored before the state store closes.
    return new Loop("vigie-evaluation", properties.influx().timeout().plusSeconds(5), () -> {})
        .every(watcher, reload, reload)
        .every(service::evaluate, Duration.ZERO, properties.alerting().evaluation().interval());
  }

  /** The mails' outbox: also read by the API (dead letters), with or without an SMTP host. */
  @Bean(destroyMethod = "close")
  Outbox outbox(AlertingProperties properties) {
    return new Outbox(properties.alerting().dataDir());
  }

  /**
   * The notifier, on a thread of its own so that a slow SMTP server never delays an evaluation.
   * Without an SMTP host there is none: statuses and decisions are kept, no mail is sent. Closed
   * before the outbox (it depends on it): the mail in flight is recorded first.
   */
  @Bean(destroyMethod = "close")
  Loop notifyLoop(
      AlertingProperties properties,
      AlertingService service,
      Outbox outbox,
      Clock clock,
      MeterRegistry registry) {
    AlertingProperties.Smtp smtp = properties.smtp();
    AlertingProperties.Notify notify = properties.alerting().mail();
    // The SMTP timeout bounds each step of a message; twice that covers DATA and its answer.
    Duration grace = smtp.timeout().multipliedBy(2).plusSeconds(5);
    if (smtp.host() == null || smtp.host().isBlank()) {
      LOG.warn("no SMTP host (VIGIE_SMTP_HOST): decisions are kept, no mail is sent");
      return new Loop("vigie-notify", grace, () -> {});
    }
    Notifier notifier =
        new Notifier(
            service,
            outbox,
            new Templates(notify.templatesDir()),
            new Mailer(smtp.toSettings()),
            notify.toSettings(),
            clock,
            registry);
    LOG.info("alert mails through {}", smtp);
    service.watchCondition("mail", notifier::stuckMessage);
    // On SIGTERM: the message in flight is finished and recorded, no other is started.
    return new Loop("vigie-notify", grace, notifier::stop)
        .every(notifier::tick, notify.tick(), notify.tick());
  }

  @Bean
  UsersDetailsService usersDetailsService(AlertingProperties properties, InventoryWatcher watcher) {
    return new UsersDetailsService(properties.alerting().usersFile(), watcher::current);
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  /**
   * HTTP Basic over the API: viewers read, operators also silence and acknowledge; what a user
   * limited to some clients sees of the API is narrowed by the controllers. Health stays open (a
   * load balancer asks it) but shows its details (InfluxDB's address, the inventory's path) only to
   * NOC users (management.endpoint.health.roles); the other actuator endpoints, about the whole
   * pipeline, are for NOC users only.
   */
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    http.csrf(csrf -> csrf.disable()) // no cookies, no sessions: nothing for CSRF to ride on
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/actuator/**")
                    .hasRole(UsersDetailsService.NOC_ROLE)
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .hasAnyRole("VIEWER", "OPERATOR")
                    .requestMatchers("/api/**")
                    .hasRole("OPERATOR")
                    .anyRequest()
                    .denyAll())
        .httpBasic(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  HealthIndicator evaluationHealthIndicator(
      AlertingService service, AlertingProperties properties) {
    return () -> {
      AlertingService.Health h = service.health();
      Duration late = properties.alerting().evaluation().interval().multipliedBy(3);
      boolean recent =
          h.lastEvaluation() != null && h.lastEvaluation().plus(late).isAfter(Instant.now());
      Health.Builder health = recent && h.readFailure() == null ? Health.up() : Health.down();
      health.withDetail("lastEvaluation", String.valueOf(h.lastEvaluation()));
      if (h.readFailure() != null) {
        health.withDetail("influxdb", "cannot be read: " + h.readFailure());
      }
      if (h.writeFailure() != null) {
        health.withDetail("statusWrites", "pending: " + h.writeFailure());
      }
      return health.withDetail("conditions", h.conditions()).build();
    };
  }

  @Bean
  HealthIndicator inventoryHealthIndicator(InventoryWatcher watcher) {
    return () -> {
      Health.Builder health = Health.up().withDetail("targets", watcher.current().targets().size());
      if (watcher.lastError() != null) {
        health.withDetail("refusedChange", watcher.lastError());
      }
      return health.build();
    };
  }
}
