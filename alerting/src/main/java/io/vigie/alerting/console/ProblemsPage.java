package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.status.Acknowledgement;
import io.vigie.alerting.status.Condition;
import io.vigie.alerting.status.Silence;
import io.vigie.alerting.status.Status;
import io.vigie.alerting.status.TargetState;
import io.vigie.alerting.users.Scope;
import io.vigie.model.cause.CauseText;
import io.vigie.model.inventory.Language;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The problems list as HTML: every target of the user's scope that is not RUN, worst first then
 * oldest, grouped by client (the group of the worst, oldest problem first), and for NOC users the
 * pipeline's own conditions above them. Status is written in words beside its colour.
 *
 * @param targets the service's target states, all clients
 * @param conditions the pipeline conditions (shown to NOC users only)
 * @param silences the silences of the scope
 * @param acks the acknowledgements by target
 * @param clientNames client id to its name
 * @param clientLanguages client id to its language (a client's user reads causes in it)
 */
record ProblemsPage(
    List<TargetState> targets,
    List<Condition> conditions,
    List<Silence> silences,
    Map<String, Acknowledgement> acks,
    Map<String, String> clientNames,
    Map<String, Language> clientLanguages,
    Instant now) {

  private static final Comparator<TargetState> WORST_THEN_OLDEST =
      Comparator.comparing(TargetState::status)
          .reversed()
          .thenComparing(TargetState::since)
          .thenComparing(TargetState::id);

  /** The problems a scope sees through a filter, in the order shown. */
  List<TargetState> problems(Scope scope, ProblemFilter filter, Language language) {
    return targets.stream()
        .filter(t -> t.status() != Status.RUN && scope.sees(t.client()))
        .filter(t -> filter.keeps(t, cause(t, scope, language)))
        .sorted(WORST_THEN_OLDEST)
        .toList();
  }

  /** The list's HTML (the part the page's script replaces on a live update). */
  String render(Scope scope, ProblemFilter filter, Language language) {
    return render(scope, filter, language, null);
  }

  /**
   * The list, with an acknowledge form on each ERROR or DEAD problem not acknowledged yet when
   * {@code actFields} (the form's CSRF field) is given: for operators. The server checks the role
   * again when the form is sent.
   */
  String render(Scope scope, ProblemFilter filter, Language language, @Nullable String actFields) {
    StringBuilder out = new StringBuilder();
    List<TargetState> problems = problems(scope, filter, language);
    List<Condition> pipeline = scope.all() && !filter.any() ? conditions : List.of();
    out.append("<p class=\"summary\" role=\"status\">")
        .append(summary(problems.size() + pipeline.size(), language))
        .append("</p>\n");
    if (!pipeline.isEmpty()) {
      out.append("<section class=\"client\"><h2>")
          .append(say(language, "Pipeline", "Chaîne de collecte"))
          .append("</h2>\n<ul class=\"problems\">\n");
      for (Condition c : pipeline) {
        out.append("<li class=\"problem status-ERROR\"><span class=\"label\">")
            .append(say(language, "PIPELINE", "CHAÎNE"))
            .append("</span> <strong>")
            .append(escape(c.key()))
            .append("</strong><p class=\"cause\">")
            .append(escape(c.message()))
            .append("</p>")
            .append(since(c.since(), language))
            .append("</li>\n");
      }
      out.append("</ul></section>\n");
    }
    Map<String, List<TargetState>> byClient = new LinkedHashMap<>();
    problems.forEach(t -> byClient.computeIfAbsent(t.client(), k -> new ArrayList<>()).add(t));
    for (Map.Entry<String, List<TargetState>> group : byClient.entrySet()) {
      String client = group.getKey();
      out.append("<section class=\"client\" data-client=\"")
          .append(escape(client))
          .append("\"><h2>")
          .append(escape(clientNames.getOrDefault(client, client)))
          .append("</h2>\n");
      if (actFields != null) {
        out.append("<p class=\"act\"><a href=\"/console/silences?client=")
            .append(escape(Html.path(client)))
            .append("#new\">")
            .append(say(language, "Silence ", "Mettre en silence "))
            .append(escape(clientNames.getOrDefault(client, client)))
            .append("…</a></p>\n");
      }
      out.append("<ul class=\"problems\">\n");
      for (TargetState t : group.getValue()) {
        item(out, t, scope, language, actFields);
      }
      out.append("</ul></section>\n");
    }
    return out.toString();
  }

  private String cause(TargetState t, Scope scope, Language language) {
    return TargetWords.cause(t, scope, language, clientLanguages);
  }

  private void item(
      StringBuilder out,
      TargetState t,
      Scope scope,
      Language language,
      @Nullable String actFields) {
    String cause = cause(t, scope, language);
    out.append("<li class=\"problem status-")
        .append(t.status().name())
        .append("\" data-target=\"")
        .append(escape(t.id()))
        .append("\"><span class=\"label\">")
        .append(t.status().name())
        .append("</span> <strong class=\"target\"><a href=\"")
        .append(Html.targetPath(t.id()))
        .append("\">")
        .append(escape(t.id()))
        .append("</a></strong> <span class=\"check\">")
        .append(escape(CauseText.checkName(t.check(), language)))
        .append("</span>");
    marks(out, t, language);
    out.append("<p class=\"cause\">").append(escape(cause)).append("</p>");
    if (actFields != null) {
      actions(out, t, language, actFields);
    }
    out.append(since(t.since(), language)).append("</li>\n");
  }

  /**
   * An operator's actions on a problem, folded in its card until asked for: acknowledge an ERROR or
   * DEAD one not acknowledged yet (at once, or with a comment on its page), silence the target.
   */
  private void actions(StringBuilder out, TargetState t, Language language, String actFields) {
    boolean ackable = t.status().compareTo(Status.ERROR) >= 0 && !acks.containsKey(t.id());
    out.append("<details class=\"act\"><summary>")
        .append(
            ackable
                ? say(language, "Acknowledge or silence", "Acquitter ou mettre en silence")
                : say(language, "Silence", "Mettre en silence"))
        .append("</summary>");
    if (ackable) {
      AckForm.append(out, t.id(), language, actFields, false);
      out.append("<p><a href=\"")
          .append(Html.targetPath(t.id()))
          .append("#act\">")
          .append(say(language, "Acknowledge with a comment…", "Acquitter avec un commentaire…"))
          .append("</a></p>");
    }
    out.append("<p>");
    AckForm.silenceLink(out, t.id(), language);
    out.append("</p></details>");
  }

  private void marks(StringBuilder out, TargetState t, Language language) {
    TargetWords.appendMarks(
        out,
        TargetWords.marks(t, acks.get(t.id()), TargetWords.silenced(t, silences, now), language));
  }

  private String since(Instant since, Language language) {
    return "<p class=\"since\">" + TargetWords.since(since, now, language) + "</p>";
  }

  static String duration(Duration d, Language language) {
    return TargetWords.duration(d, language);
  }

  private static String summary(int count, Language language) {
    if (count == 0) {
      return say(language, "No problem: everything is RUN.", "Aucun problème : tout est en RUN.");
    }
    return count == 1
        ? say(language, "1 problem", "1 problème")
        : count + say(language, " problems", " problèmes");
  }
}
