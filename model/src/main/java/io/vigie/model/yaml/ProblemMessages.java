package io.vigie.model.yaml;

import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The problems {@link YamlTreeReader} reports when the parser gives up, each on one line: the
 * parser's own messages span several lines, with a context, a problem and their marks, and an
 * inventory's problems are listed one a line.
 *
 * <p>Apart from the reader because turning an exception's text into one line is no part of reading
 * events into a tree.
 */
final class ProblemMessages {

  private ProblemMessages() {}

  /**
   * {@code not valid YAML: while parsing X (started at 3:5): expected Y, but found Z}, at the
   * problem's position: the parser's whole reason, on one line.
   */
  static YamlTreeReader.Problem syntax(MarkedYamlEngineException e) {
    Optional<Mark> at = e.getProblemMark().or(e::getContextMark);
    StringBuilder message = new StringBuilder("not valid YAML: ");
    if (e.getContext() != null) {
      message.append(flatten(e.getContext()));
      e.getContextMark()
          .filter(m -> e.getProblemMark().isPresent())
          .ifPresent(m -> message.append(" (started at ").append(location(m)).append(')'));
      message.append(": ");
    }
    message.append(e.getProblem() == null ? "unreadable" : flatten(e.getProblem()));
    return new YamlTreeReader.Problem(
        at.map(ProblemMessages::location).orElse(Location.START), "", null, message.toString());
  }

  /** {@code not valid YAML: <the parser's message on one line>}, at the start of the document. */
  static YamlTreeReader.Problem notYaml(YamlEngineException e) {
    return new YamlTreeReader.Problem(Location.START, "", null, "not valid YAML: " + oneLine(e));
  }

  /** A parser's mark (0-based) as a location (1-based, as editors and compilers count). */
  static Location location(Mark mark) {
    return new Location(mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String oneLine(YamlEngineException e) {
    return e.getMessage() == null ? "unreadable" : flatten(e.getMessage());
  }

  private static String flatten(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
