package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.model.inventory.Language;

/**
 * The acknowledge form, as the problems page and a target's page show it to operators: a POST with
 * its CSRF field to {@code /console/targets/{id}/ack}. The problems page's has no comment field: a
 * text field is costly to lay out (five hundred of them were most of the page's first render), so
 * its card links to the target's page for a comment.
 */
final class AckForm {
  private AckForm() {}

  /** The form, with a comment field when {@code withComment}; back to the target's page if so. */
  static void append(
      StringBuilder out, String target, Language l, String actFields, boolean withComment) {
    out.append("<form method=\"post\" class=\"act\" action=\"")
        .append(Html.targetPath(target))
        .append("/ack\">")
        .append(actFields);
    if (withComment) {
      String field = "ack-" + escape(target);
      out.append("<input type=\"hidden\" name=\"back\" value=\"target\"><label for=\"")
          .append(field)
          .append("\">")
          .append(say(l, "Comment", "Commentaire"))
          .append("</label> <input id=\"")
          .append(field)
          .append("\" name=\"comment\"> ");
    }
    out.append("<button type=\"submit\">")
        .append(say(l, "Acknowledge ", "Acquitter "))
        .append(escape(target))
        .append("</button></form>");
  }

  /** The link to silence a target, its form filled. */
  static void silenceLink(StringBuilder out, String target, Language l) {
    out.append("<a href=\"/console/silences?target=")
        .append(escape(Html.path(target)))
        .append("#new\">")
        .append(say(l, "Silence ", "Mettre en silence "))
        .append(escape(target))
        .append("…</a>");
  }
}
