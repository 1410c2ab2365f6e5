package io.vigie.collector.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A real RTSP server: GStreamer's gst-rtsp-server through python3-gi (Debian packages
 * gir1.2-gst-rtsp-server-1.0, python3-gi, gstreamer1.0-plugins-base and -good), running the script
 * {@code probe/rtsp-server.py} of the test resources on a free loopback port. Mounts {@code /cam}
 * (a live JPEG test picture, open) and {@code /secure} (the same for {@link #USER} with {@link
 * #PASSWORD}, HTTP Basic); any other path is 404.
 */
final class GstRtspServer extends DnsSipRtspPeer {
  static final String USER = "vigie";
  static final String PASSWORD = "s3cret:pass";
  private final boolean digest;

  /** A server asking for Basic authentication on /secure. */
  GstRtspServer() {
    this(false);
  }

  /** A server asking for Digest authentication on /secure when {@code digest}. */
  GstRtspServer(boolean digest) {
    this.digest = digest;
  }

  @Override
  Path binary() {
    return Path.of("/usr/bin/python3");
  }

  @Override
  String installHint() {
    return "install `python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base"
        + " gstreamer1.0-plugins-good` (./vigie test does it)";
  }

  @Override
  List<String> command(Path dir, int port) throws IOException {
    String script;
    try (InputStream in =
        Objects.requireNonNull(
            GstRtspServer.class.getResourceAsStream("/probe/rtsp-server.py"),
            "probe/rtsp-server.py in the test resources")) {
      script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Path file = write(dir, "rtsp-server.py", script);
    return List.of(
        binary().toString(),
        file.toString(),
        String.valueOf(port),
        USER,
        PASSWORD,
        digest ? "digest" : "basic");
  }

  @Override
  boolean ready(int port) {
    return bound(port, true);
  }
}
