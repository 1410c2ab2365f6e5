package io.vigie.alerting.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.inventory.Language;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PDF: the same bytes every time, the HTML's figures in its text, and a first page that draws
 * (Debian's pdftoppm, package poppler-utils; {@code -Dvigie.regenerate=true} keeps the pictures of
 * docs/reports.md).
 */
class ReportPdfTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Language.class)
  void theSameReportGivesTheSameBytes(Language language) {
    byte[] first = ReportPdf.render(ReportSamples.november(language), null);
    byte[] second = ReportPdf.render(ReportSamples.november(language), null);
    assertThat(first).startsWith("%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(second).isEqualTo(first);
    // The document ID is a hash of the content: another report, another ID.
    byte[] other = ReportPdf.render(ReportSamples.nothingJudged(language), null);
    assertThat(other).isNotEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void thePdfsTextHasTheHtmlsFigures(Language language) throws Exception {
    ClientReport report = ReportSamples.november(language);
    String html = ReportHtml.render(report, null);
    String text;
    try (PDDocument pdf = Loader.loadPDF(ReportPdf.render(report, null))) {
      assertThat(pdf.getDocumentInformation().getCreationDate().toInstant())
          .isEqualTo(report.input().period().to());
      text = new PDFTextStripper().getText(pdf).replace('\u00a0', ' ');
    }
    Set<String> figures = new LinkedHashSet<>();
    // The figures shown: the body's text, without the bars' tooltips (attributes).
    String shown = html.substring(html.indexOf("<body>")).replaceAll("<[^>]*>", " ");
    Matcher percent = Pattern.compile("\\d+[.,]\\d{3}\u00a0%").matcher(shown);
    while (percent.find()) {
      figures.add(percent.group().replace('\u00a0', ' '));
    }
    assertThat(figures)
        .contains(language == Language.FR ? "99,954 %" : "99.954 %")
        .hasSizeGreaterThan(5);
    for (String figure : figures) {
      assertThat(text).as("the PDF's text").contains(figure);
    }
    assertThat(text)
        .contains(language == Language.FR ? "Objectif tenu" : "Objective met")
        .contains("ACME Industries")
        .contains("web1")
        .contains("HTTP 503 on /health");
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void theFirstPageDraws(Language language) throws Exception {
    Path pdf = dir.resolve("report.pdf");
    Files.write(pdf, ReportPdf.render(ReportSamples.november(language), null));
    Path png = firstPage(pdf, dir.resolve("page"));
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).hasSizeGreaterThan(10_000);
    assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    if (Boolean.getBoolean("vigie.regenerate")) {
      Path docs = Path.of("..", "docs", "images", "reports");
      Files.createDirectories(docs);
      Files.copy(
          png,
          docs.resolve("report-" + language.code() + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The first page as a PNG, by pdftoppm at 100 dpi. */
  static Path firstPage(Path pdf, Path prefix) throws Exception {
    String pdftoppm = "/usr/bin/pdftoppm";
    assertThat(new File(pdftoppm))
        .as("pdftoppm is needed: apt-get install poppler-utils (./vigie test installs it)")
        .exists();
    Process p =
        new ProcessBuilder(
                pdftoppm,
                "-png",
                "-r",
                "100",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                pdf.toString(),
                prefix.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pdftoppm ended").isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(output).isZero();
    return Path.of(prefix + ".png");
  }
}
