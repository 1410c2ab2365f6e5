package io.vigie.alerting.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerting.Alerting;
import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.users.UsersDetailsService;
import io.vigie.model.inventory.InventoryException;
import io.vigie.model.inventory.InventoryWatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The alerting service's Spring shell: settings bound from application.yml and the environment, the
 * pipeline built by {@link Alerting} (plain code), the web API, security and health.
 */
@SpringBootApplication(scanBasePackages = "io.vigie.alerting")
@EnableConfigurationProperties(AlertingProperties.class)
public class AlertingApplication {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The pipeline, built and stopped by plain code; Spring only hands its parts to the API. */
  @Bean(destroyMethod = "close")
  Alerting alerting(AlertingProperties properties, Clock clock, MeterRegistry registry)
      throws InventoryException {
    return Alerting.start(properties.toSettings(), clock, registry);
  }

  // The parts are closed by Alerting.close(), in order: no inferred close() by Spring.
  @Bean(destroyMethod = "")
  InventoryWatcher inventoryWatcher(Alerting alerting) {
    return alerting.watcher();
  }

  @Bean(destroyMethod = "")
  AlertingService alertingService(Alerting alerting) {
    return alerting.service();
  }

  @Bean(destroyMethod = "")
  Outbox outbox(Alerting alerting) {
    return alerting.outbox();
  }

  @Bean(destroyMethod = "")
  io.vigie.alerting.influx.PollHistory pollHistory(Alerting alerting) {
    return alerting.polls();
  }

  /** Where the API and the console get a client's service-level report from. */
  @Bean
  io.vigie.alerting.report.Reports reports(Alerting alerting) {
    return alerting.reports();
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
  @Order(2) // after the console's own chain (ConsoleConfiguration)
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
      AlertingService service, AlertingProperties properties, Alerting alerting) {
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
      // Which replica is read, which failed, what is kept for each (URLs without credentials).
      health.withDetail("influxdbReplicas", alerting.influxDetails());
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
