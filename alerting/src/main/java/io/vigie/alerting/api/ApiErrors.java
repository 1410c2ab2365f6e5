package io.vigie.alerting.api;

import io.vigie.alerting.service.AlertingService;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every refused request says why, in a JSON body: {"error": "..."}. */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(AlertingService.BadRequest.class)
  ResponseEntity<Map<String, String>> badRequest(AlertingService.BadRequest e) {
    // Made with a message, always (its only constructor takes one).
    return error(Objects.requireNonNull(e.getMessage(), "a BadRequest without its message"));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getMostSpecificCause();
    String detail =
        cause instanceof tools.jackson.core.JacksonException j
            ? j.getOriginalMessage() + location(j)
            : String.valueOf(cause.getMessage());
    return error("the request body is not valid JSON for this request: " + detail);
  }

  private static String location(tools.jackson.core.JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException e) {
    return error(e.getName() + ": not understood, found \"" + e.getValue() + "\"");
  }

  private static ResponseEntity<Map<String, String>> error(String message) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", message));
  }
}
