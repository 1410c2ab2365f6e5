package io.vigie.alerting.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.jspecify.annotations.Nullable;

/**
 * A report's HTML ({@link ReportHtml}) as a PDF, the same bytes for the same report: the document's
 * dates are the report's stamp, not the time it was made, and its ID (which PDFBox otherwise draws
 * from the clock) is a hash of the HTML.
 *
 * <p>The text is set in DejaVu Sans, embedded (subset) from the jar: the PDF base-14 fonts, which
 * openhtmltopdf falls back to, only know WinAnsi, which lacks "−", "≥", the narrow no-break space
 * and most letters of names outside Western Europe; a font read from the machine would make the
 * bytes depend on which version is installed.
 */
public final class ReportPdf {
  private static final String FAMILY = "DejaVu Sans";

  private ReportPdf() {}

  /** The report as a PDF, stamped with its period's end. */
  public static byte[] render(ClientReport report, @Nullable String logo) {
    return render(report, logo, report.input().period().to());
  }

  /** The report as a PDF, stamped with {@code generated} (see {@link ReportHtml}). */
  public static byte[] render(ClientReport report, @Nullable String logo, Instant generated) {
    String html = ReportHtml.render(report, logo, generated);
    String title =
        (report.input().language() == io.vigie.model.inventory.Language.FR
                ? "Rapport de niveau de service · "
                : "Service level report · ")
            + report.input().clientName();
    return fromHtml(html, title, generated);
  }

  /**
   * Any HTML of {@link ReportHtml}'s kind (well-formed XML, nothing to fetch) as a PDF.
   *
   * @param stamp the document's creation and modification dates
   */
  static byte[] fromHtml(String html, String title, Instant stamp) {
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.withHtmlContent(html, null);
    builder.withProducer("Vigie");
    // Nothing is fetched while rendering, whatever the HTML says: only what it embeds is read.
    builder.useExternalResourceAccessControl(
        (uri, type) -> uri != null && uri.startsWith("data:"),
        ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
    builder.useExternalResourceAccessControl(
        (uri, type) -> uri != null && uri.startsWith("data:"),
        ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
    builder.useFont(
        () -> font("DejaVuSans.ttf"), FAMILY, 400, BaseRendererBuilder.FontStyle.NORMAL, true);
    builder.useFont(
        () -> font("DejaVuSans-Bold.ttf"), FAMILY, 700, BaseRendererBuilder.FontStyle.NORMAL, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (PdfBoxRenderer renderer = builder.buildPdfRenderer();
        PDDocument doc = renderer.createPDFKeepOpen()) {
      PDDocumentInformation info = doc.getDocumentInformation();
      Calendar at = calendar(stamp);
      info.setCreationDate(at);
      info.setModificationDate(at);
      info.setTitle(title);
      info.setProducer("Vigie");
      info.setCreator("Vigie");
      byte[] id = id(html);
      COSArray ids = new COSArray();
      ids.add(new COSString(id));
      ids.add(new COSString(id));
      doc.getDocument().getTrailer().setItem(COSName.ID, ids);
      doc.save(out);
    } catch (IOException e) {
      throw new UncheckedIOException("the report could not be made into a PDF", e);
    }
    return out.toByteArray();
  }

  private static Calendar calendar(Instant at) {
    GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    calendar.setTimeInMillis(at.toEpochMilli());
    return calendar;
  }

  /** The document's ID: the first 16 bytes of the HTML's SHA-256 (an ID is 16 bytes, by habit). */
  private static byte[] id(String html) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(html.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(hash, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static InputStream font(String name) {
    InputStream in = ReportPdf.class.getResourceAsStream("fonts/" + name);
    if (in == null) {
      throw new IllegalStateException("missing from the jar: fonts/" + name);
    }
    return in;
  }
}
