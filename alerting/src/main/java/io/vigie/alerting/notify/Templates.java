package io.vigie.alerting.notify;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.vigie.model.inventory.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The mail templates: {@code KIND.LANG.html} and {@code KIND.LANG.txt} for the kinds problem,
 * recovery, reminder, digest, flapping (a target started flapping) and stable (it stopped), in
 * French and English, with partials {@code _top}, {@code _items}, {@code _bottom}. The plain-text
 * template's first line is {@code Subject: ...}.
 *
 * <p>Mustache, because a template cannot run code and a value cannot become template: what a target
 * or client is named is inserted, never interpreted. In HTML every value is escaped.
 *
 * <p>A file of the same name in the override directory replaces the built-in one, without a
 * rebuild; overrides are read when the service starts.
 */
public final class Templates {
  public static final java.util.List<String> KINDS =
      java.util.List.of("problem", "recovery", "reminder", "digest", "flapping", "stable");
  private static final String BUILT_IN = "/io/vigie/alerting/notify/templates/";

  private final @Nullable Path overrides;
  private final Map<String, Template> compiled = new ConcurrentHashMap<>();
  private final Mustache.Compiler html;
  private final Mustache.Compiler text;

  /**
   * @param overrides a directory of replacement templates, or null
   */
  public Templates(@Nullable Path overrides) {
    this.overrides = overrides;
    Mustache.TemplateLoader loader =
        name ->
            new StringReader(
                source(name.contains(".txt") || name.contains(".html") ? name : name + ".html"));
    // Strict about names (a typo in a template fails its test), lenient about null values.
    this.html = Mustache.compiler().escapeHTML(true).nullValue("").withLoader(loader);
    this.text = Mustache.compiler().escapeHTML(false).nullValue("").withLoader(loader);
    for (String kind : KINDS) {
      for (Language language : Language.values()) {
        template(kind + "." + language.code() + ".html");
        template(kind + "." + language.code() + ".txt");
      }
    }
  }

  /** A rendered mail. */
  public record Rendered(String subject, String text, String html) {}

  public Rendered render(String kind, Language language, Map<String, Object> model) {
    String base = kind + "." + language.code();
    String plain = template(base + ".txt").execute(model);
    String subject = "";
    if (plain.startsWith("Subject:")) {
      int end = plain.indexOf('\n');
      subject = plain.substring("Subject:".length(), end < 0 ? plain.length() : end).strip();
      plain = end < 0 ? "" : plain.substring(end + 1).stripLeading();
    }
    subject = Headers.clean(subject);
    Map<String, Object> withTitle = new java.util.HashMap<>(model);
    withTitle.put("title", subject);
    return new Rendered(subject, plain, template(base + ".html").execute(withTitle));
  }

  private Template template(String name) {
    return compiled.computeIfAbsent(
        name, n -> (n.endsWith(".txt") ? text : html).compile(source(n)));
  }

  private String source(String name) {
    try {
      if (overrides != null) {
        Path file = overrides.resolve(name);
        if (Files.isRegularFile(file)) {
          return Files.readString(file, StandardCharsets.UTF_8);
        }
      }
      try (InputStream in = Templates.class.getResourceAsStream(BUILT_IN + name)) {
        if (in == null) {
          throw new IllegalArgumentException("no mail template " + name);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the mail template " + name, e);
    }
  }
}
