package io.vigie.alerting.console;

import static io.vigie.alerting.console.Html.escape;
import static io.vigie.alerting.console.Html.say;

import io.vigie.alerting.notify.Outbox;
import io.vigie.alerting.notify.SentMail;
import io.vigie.model.inventory.Language;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outbox's lists on the pipeline page: the dead letters, each with its Resend form for
 * operators, and the last mails sent. Apart from {@link PipelinePage} because it is the part that
 * acts; recipients, subjects and errors are outside text, escaped, and a letter holds no secret
 * (the SMTP password never reaches the outbox).
 */
record PipelineMails(PipelinePage.Mail mail, Instant now) {

  void render(StringBuilder out, Language l, @Nullable String actFields) {
    out.append("<h3 id=\"p-dead\">").append(say(l, "Dead letters", "Mails abandonnés"));
    if (mail.dead() > mail.deadLetters().size()) {
      out.append(say(l, " (the ", " (les "))
          .append(mail.deadLetters().size())
          .append(say(l, " newest of ", " plus récents sur "))
          .append(mail.dead())
          .append(')');
    }
    out.append("</h3>\n");
    if (mail.deadLetters().isEmpty()) {
      out.append("<p>")
          .append(
              say(
                  l,
                  "None: every mail was sent or is waiting.",
                  "Aucun : tout mail est parti ou attend."))
          .append("</p>\n");
    } else {
      out.append("<ul class=\"problems\" aria-labelledby=\"p-dead\">\n");
      for (Outbox.Letter letter : mail.deadLetters()) {
        letter(out, letter, l, actFields);
      }
      out.append("</ul>\n");
    }
    out.append("<h3 id=\"p-sent\">").append(say(l, "Last mails sent", "Derniers mails envoyés"));
    out.append("</h3>\n");
    if (mail.lastSent().isEmpty()) {
      out.append("<p>").append(say(l, "None yet.", "Aucun pour l'instant.")).append("</p>\n");
      return;
    }
    out.append("<ul class=\"sent\" aria-labelledby=\"p-sent\">\n");
    for (SentMail sent : mail.lastSent()) {
      out.append("<li data-key=\"")
          .append(escape(sent.key()))
          .append("\"><span class=\"recipient\">")
          .append(escape(sent.recipient()))
          .append("</span> · <span class=\"subject\">")
          .append(escape(sent.subject()))
          .append("</span> · <span class=\"since\">")
          .append(PipelinePage.time(sent.at(), now, l))
          .append("</span></li>\n");
    }
    out.append("</ul>\n");
  }

  private void letter(
      StringBuilder out, Outbox.Letter letter, Language l, @Nullable String actFields) {
    out.append("<li class=\"problem status-ERROR\" data-key=\"")
        .append(escape(letter.key()))
        .append("\"><span class=\"label\">")
        .append(say(l, "DEAD LETTER", "ABANDONNÉ"))
        .append("</span> <strong class=\"recipient\">")
        .append(escape(letter.recipient()))
        .append("</strong> <span class=\"check\">")
        .append(say(l, "for ", "pour "))
        .append(escape(letter.audience()))
        .append("</span><p class=\"subject\">")
        .append(escape(letter.subject()))
        .append("</p><p class=\"cause\">")
        .append(
            letter.attempts() == 1
                ? say(l, "1 attempt; last error: ", "1 tentative ; dernière erreur : ")
                : letter.attempts()
                    + say(l, " attempts; last error: ", " tentatives ; dernière erreur : "))
        .append(escape(letter.lastError()))
        .append("</p>");
    if (letter.resentBy() != null && letter.resentAt() != null) {
      out.append("<p>")
          .append(say(l, "Resent by ", "Renvoyé par "))
          .append(escape(letter.resentBy()))
          .append(say(l, " on ", " le "))
          .append(PipelinePage.time(letter.resentAt(), now, l))
          .append(say(l, ", and given up again.", ", et de nouveau abandonné."))
          .append("</p>");
    }
    out.append("<p class=\"since\">")
        .append(say(l, "given up ", "abandonné le "))
        .append(PipelinePage.time(letter.deadSince(), now, l))
        .append("</p>");
    if (actFields != null) {
      out.append("<form method=\"post\" class=\"act\" action=\"")
          .append(escape(PipelinePage.resendPath(letter.key())))
          .append("\">")
          .append(actFields)
          .append("<button type=\"submit\">")
          .append(say(l, "Resend to ", "Renvoyer à "))
          .append(escape(letter.recipient()))
          .append("</button></form>");
    }
    out.append("</li>\n");
  }
}
