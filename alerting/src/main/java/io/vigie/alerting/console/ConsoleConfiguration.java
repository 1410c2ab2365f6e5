package io.vigie.alerting.console;

import io.vigie.alerting.service.AlertingService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The console's security, apart from the API's: a login form and a session cookie (HttpOnly,
 * SameSite=Lax, Secure when the request came over TLS: server.servlet.session.cookie in
 * application.yml), CSRF tokens on every form and every other unsafe request, logout by POST. The
 * API keeps HTTP Basic and no session, for scripts.
 */
@Configuration
class ConsoleConfiguration {

  @Bean(destroyMethod = "close")
  ConsoleEvents consoleEvents(AlertingService service) {
    return new ConsoleEvents(service::onDecision);
  }

  /** Checked before the API's chain: only the console's own paths. */
  @Bean
  @Order(1)
  SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
    http.securityMatcher("/console", "/console/**")
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers("/console/login", "/console/assets/**")
                    .permitAll()
                    .requestMatchers("/console", "/console/**")
                    .hasAnyRole("VIEWER", "OPERATOR")
                    .anyRequest()
                    .denyAll())
        .formLogin(
            form ->
                form.loginPage("/console/login")
                    .loginProcessingUrl("/console/login")
                    .defaultSuccessUrl("/console/", true)
                    .failureUrl("/console/login?error"))
        .logout(
            logout ->
                logout
                    .logoutUrl("/console/logout")
                    .logoutSuccessUrl("/console/login?logout")
                    .deleteCookies("VIGIE_SESSION"));
    return http.build();
  }
}
