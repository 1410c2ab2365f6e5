package io.vigie.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Alertmanager's web UI for the console benchmark's peer. Debian's prometheus-alertmanager ships
 * none (its NEWS.Debian: the Elm compiler is not in Debian, and generate-ui.sh downloads it), but
 * Debian's golang-github-prometheus-alertmanager-dev of the same version carries upstream's built
 * UI in {@code asset/assets_vfsdata.go}: every file of {@code ui/app} (script.js compiled by
 * upstream, index.html, Bootstrap, Font Awesome) as a Go byte string, gzipped for most. This writes
 * them out as a directory for {@code --web.ui-path}; nothing is fetched from elsewhere.
 */
final class AlertmanagerUi {
  private static final String PREFIX = "\"/static/";

  private AlertmanagerUi() {}

  /** Writes the UI's files found in {@code vfsdata} under {@code dir}; answers their sizes. */
  static Map<String, Integer> extract(Path vfsdata, Path dir) throws IOException {
    String go = Files.readString(vfsdata, StandardCharsets.UTF_8);
    Map<String, Integer> files = new LinkedHashMap<>();
    int at = 0;
    while ((at = go.indexOf(PREFIX, at)) >= 0) {
      int keyEnd = go.indexOf('"', at + 1);
      String name = go.substring(at + PREFIX.length(), keyEnd);
      int entryEnd = go.indexOf("\n\t\t},", keyEnd);
      String head = go.substring(keyEnd, Math.min(keyEnd + 80, go.length()));
      at = keyEnd;
      boolean compressed = head.contains("CompressedFileInfo{");
      if (!go.startsWith("\": &vfsgen", keyEnd) || !head.contains("FileInfo{")) {
        continue; // a directory, or a directory's list of entries
      }
      String field = compressed ? "compressedContent: []byte(\"" : "content: []byte(\"";
      int literal = go.indexOf(field, keyEnd);
      if (literal < 0 || (entryEnd > 0 && literal > entryEnd)) {
        throw new IOException("no content for " + name + " in " + vfsdata);
      }
      byte[] bytes = goString(go, literal + field.length());
      if (compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      if (!name.startsWith("templates/")) {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir)) {
          throw new IOException("a path out of the UI directory: " + name);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        files.put(name, bytes.length);
      }
    }
    if (!files.containsKey("script.js") || !files.containsKey("index.html")) {
      throw new IOException("no script.js or index.html in " + vfsdata);
    }
    return files;
  }

  /** The bytes of a Go interpreted string literal starting at {@code from}, up to its quote. */
  static byte[] goString(String s, int from) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = from;
    while (true) {
      char c = s.charAt(i);
      if (c == '"') {
        return out.toByteArray();
      }
      if (c != '\\') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        i++;
        continue;
      }
      char e = s.charAt(i + 1);
      switch (e) {
        case 'x' -> {
          out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
          i += 4;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          out.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 4;
        }
        case 'u', 'U' -> {
          int len = e == 'u' ? 4 : 8;
          int cp = Integer.parseInt(s.substring(i + 2, i + 2 + len), 16);
          out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
          i += 2 + len;
        }
        default -> {
          out.write(
              switch (e) {
                case 'a' -> 7;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'v' -> 11;
                case '\\', '"', '\'' -> e;
                default -> throw new IOException("unknown escape \\" + e + " at " + i);
              });
          i += 2;
        }
      }
    }
  }
}
