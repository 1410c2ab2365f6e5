package io.vigie.alerting.console;

import io.vigie.alerting.service.AlertingService;
import io.vigie.alerting.users.UsersDetailsService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.util.AntPathMatcher;

/**
 * The console's security, apart from the API's: a login form and a session cookie (HttpOnly,
 * SameSite=Lax, Secure when the request came over TLS: server.servlet.session.cookie in
 * application.yml), CSRF tokens on every form and every other unsafe request, logout by POST. The
 * API keeps HTTP Basic and no session, for scripts. Repeated failed logins of a name lock it for a
 * while ({@link LoginThrottle}).
 */
@Configuration
class ConsoleConfiguration {
  private static final String LOGIN = "/console/login";
  private static final String[] NOC_ONLY = {
    "/console/pipeline", "/console/pipeline/**", "/console/mails/**"
  };
  private static final AntPathMatcher PATHS = new AntPathMatcher();
  private static final AccessDeniedHandlerImpl FORBIDDEN = new AccessDeniedHandlerImpl();

  @Bean(destroyMethod = "close")
  ConsoleEvents consoleEvents(AlertingService service) {
    ConsoleEvents events = new ConsoleEvents(service::onDecision);
    events.watch(service::onTransition);
    events.watchMarks(service::onMarked);
    return events;
  }

  /**
   * Ends the open streams as soon as the service is asked to stop: the web server's graceful
   * shutdown, which comes before the beans are closed, would otherwise wait for them.
   */
  @Bean
  ApplicationListener<ContextClosedEvent> consoleEventsCloser(ConsoleEvents events) {
    return closed -> events.close();
  }

  @Bean
  LoginThrottle loginThrottle(Clock clock) {
    return new LoginThrottle(clock);
  }

  /**
   * A refusal: a client's user asking for a NOC-only path is answered as for a path that does not
   * exist (404, the same error page), so the pipeline's existence tells it nothing; anyone else is
   * refused (403), a viewer's resend as much as a form without its CSRF token.
   */
  private static void denied(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException refused)
      throws java.io.IOException, jakarta.servlet.ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean nocOnly = java.util.Arrays.stream(NOC_ONLY).anyMatch(p -> PATHS.match(p, path));
    Authentication who = SecurityContextHolder.getContext().getAuthentication();
    if (nocOnly && who != null && !UsersDetailsService.scopeOf(who).all()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    FORBIDDEN.handle(request, response, refused);
  }

  /** Checked before the API's chain: only the console's own paths. */
  @Bean
  @Order(1)
  SecurityFilterChain consoleSecurity(HttpSecurity http, LoginThrottle throttle) throws Exception {
    SimpleUrlAuthenticationSuccessHandler success =
        new SimpleUrlAuthenticationSuccessHandler("/console/");
    success.setAlwaysUseDefaultTargetUrl(true);
    http.securityMatcher("/console", "/console/**")
        // A locked name is refused before its password is checked (and its hash computed).
        .addFilterBefore(
            (request, response, chain) -> {
              HttpServletRequest r = (HttpServletRequest) request;
              if ("POST".equals(r.getMethod())
                  && LOGIN.equals(r.getRequestURI())
                  && throttle.lockedUntil(r.getParameter("username")) != null) {
                ((HttpServletResponse) response).sendRedirect(LOGIN + "?locked");
                return;
              }
              chain.doFilter(request, response);
            },
            UsernamePasswordAuthenticationFilter.class)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
        .authorizeHttpRequests(
            auth ->
                // The end of an event stream is an ASYNC dispatch of a request already
                // authorised; checked again after a logout or at shutdown, it was refused on a
                // committed response and logged as an error.
                auth.dispatcherTypeMatchers(DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers("/console/login", "/console/assets/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/console/targets/**", "/console/silences/**")
                    .hasRole("OPERATOR")
                    .requestMatchers(HttpMethod.POST, "/console/silences")
                    .hasRole("OPERATOR")
                    // The pipeline and the outbox: NOC users only, and resending for operators.
                    .requestMatchers(HttpMethod.POST, NOC_ONLY)
                    .access(
                        AuthorizationManagers.allOf(
                            AuthorityAuthorizationManager.hasRole(UsersDetailsService.NOC_ROLE),
                            AuthorityAuthorizationManager.hasRole("OPERATOR")))
                    .requestMatchers(NOC_ONLY)
                    .hasRole(UsersDetailsService.NOC_ROLE)
                    .requestMatchers("/console", "/console/**")
                    .hasAnyRole("VIEWER", "OPERATOR")
                    .anyRequest()
                    .denyAll())
        .exceptionHandling(e -> e.accessDeniedHandler(ConsoleConfiguration::denied))
        .formLogin(
            form ->
                form.loginPage("/console/login")
                    .loginProcessingUrl("/console/login")
                    .successHandler(
                        (request, response, who) -> {
                          throttle.succeeded(who.getName());
                          success.onAuthenticationSuccess(request, response, who);
                        })
                    .failureHandler(
                        (request, response, refused) -> {
                          throttle.failed(request.getParameter("username"));
                          response.sendRedirect(LOGIN + "?error");
                        }))
        .logout(
            logout ->
                logout
                    .logoutUrl("/console/logout")
                    .logoutSuccessUrl("/console/login?logout")
                    .deleteCookies("VIGIE_SESSION"));
    return http.build();
  }
}
