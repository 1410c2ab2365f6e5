package io.vigie.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.model.poll.FailureKind;
import io.vigie.model.probe.Probe;
import io.vigie.model.probe.ProbeSpec;
import io.vigie.model.schema.ProbeSchema;
import io.vigie.testkit.FreePort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RTSP probes against a real GStreamer RTSP server. */
class RtspProberIT {
  @RegisterExtension static final GstRtspServer SERVER = new GstRtspServer();
  @RegisterExtension static final GstRtspServer DIGEST = new GstRtspServer(true);
  private static final RtspProber PROBER =
      new RtspProber(
          (probe, auth) -> "camera".equals(auth.passwordRole()) ? GstRtspServer.PASSWORD : null);

  @AfterAll
  static void close() {
    PROBER.close();
  }

  private static ProbeResult run(String url, ProbeSpec.@Nullable BasicAuth auth, Duration timeout)
      throws Exception {
    return run(new ProbeSpec.Rtsp(URI.create(url), true, auth), timeout);
  }

  private static ProbeResult run(ProbeSpec.Rtsp spec, Duration timeout) throws Exception {
    return PROBER
        .run(new Probe("cam", Duration.ofSeconds(60), timeout, spec))
        .toCompletableFuture()
        .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
  }

  private static String url(String path) {
    return "rtsp://127.0.0.1:" + SERVER.port() + path;
  }

  @Test
  void cameraOffersOneStream() throws Exception {
    ProbeResult result = run(url("/cam"), null, Duration.ofSeconds(10));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.NONE);
    assertThat(result.fields())
        .containsEntry(ProbeSchema.RTSP_STATUS, 200)
        .containsEntry(ProbeSchema.RTSP_MEDIA, 1)
        .containsKeys(ProbeSchema.CONNECT_MS, ProbeSchema.FIRST_BYTE_MS, ProbeSchema.DURATION_MS);
    double connect = (Double) result.fields().get(ProbeSchema.CONNECT_MS);
    double duration = (Double) result.fields().get(ProbeSchema.DURATION_MS);
    assertThat(connect).isLessThanOrEqualTo(duration);
  }

  @Test
  void unknownPathIsRtspStatus() throws Exception {
    ProbeResult result = run(url("/nope"), null, Duration.ofSeconds(10));
    assertThat(result.failure()).isEqualTo(FailureKind.RTSP_STATUS);
    assertThat(result.reason()).contains("404 Not Found").contains("127.0.0.1:" + SERVER.port());
    assertThat(result.fields()).containsEntry(ProbeSchema.RTSP_STATUS, 404);
  }

  @Test
  void credentialsFromTheProbe() throws Exception {
    ProbeResult result =
        run(
            url("/secure"),
            new ProbeSpec.BasicAuth(GstRtspServer.USER, "camera"),
            Duration.ofSeconds(10));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.NONE);
    assertThat(result.fields()).containsEntry(ProbeSchema.RTSP_MEDIA, 1);
  }

  @Test
  void credentialsFromTheUrl() throws Exception {
    ProbeResult result =
        run(
            "rtsp://"
                + GstRtspServer.USER
                + ":s3cret%3Apass@127.0.0.1:"
                + SERVER.port()
                + "/secure",
            null,
            Duration.ofSeconds(10));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.NONE);
  }

  @Test
  void noCredentialsIs401() throws Exception {
    ProbeResult result = run(url("/secure"), null, Duration.ofSeconds(10));
    assertThat(result.failure()).isEqualTo(FailureKind.RTSP_STATUS);
    assertThat(result.reason()).contains("401").contains("no credentials");
    assertThat(result.fields()).containsEntry(ProbeSchema.RTSP_STATUS, 401);
  }

  @Test
  void wrongPasswordIs401() throws Exception {
    ProbeResult result =
        run(
            url("/secure"),
            new ProbeSpec.BasicAuth(GstRtspServer.USER, "other"),
            Duration.ofSeconds(10));
    // The role "other" has no password: the probe goes without credentials.
    assertThat(result.failure()).isEqualTo(FailureKind.RTSP_STATUS);
    ProbeResult wrong =
        run(
            "rtsp://" + GstRtspServer.USER + ":wrong@127.0.0.1:" + SERVER.port() + "/secure",
            null,
            Duration.ofSeconds(10));
    assertThat(wrong.failure()).isEqualTo(FailureKind.RTSP_STATUS);
    assertThat(wrong.reason()).contains("credentials refused");
  }

  @Test
  void closedPortIsRefused() throws Exception {
    ProbeResult result =
        run("rtsp://127.0.0.1:" + FreePort.pick() + "/cam", null, Duration.ofSeconds(3));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.REFUSED);
  }

  @Test
  void silentServerIsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      ProbeResult result =
          run("rtsp://127.0.0.1:" + silent.getLocalPort() + "/cam", null, Duration.ofMillis(800));
      assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(result.reason()).contains("no answer to OPTIONS");
      assertThat(result.fields()).containsKey(ProbeSchema.CONNECT_MS);
    }
  }

  @Test
  void digestAuthentication() throws Exception {
    String url = "rtsp://127.0.0.1:" + DIGEST.port() + "/secure";
    ProbeResult result =
        run(url, new ProbeSpec.BasicAuth(GstRtspServer.USER, "camera"), Duration.ofSeconds(10));
    assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.NONE);
    assertThat(result.fields()).containsEntry(ProbeSchema.RTSP_MEDIA, 1);
    ProbeResult wrong =
        run(
            "rtsp://" + GstRtspServer.USER + ":wrong@127.0.0.1:" + DIGEST.port() + "/secure",
            null,
            Duration.ofSeconds(10));
    assertThat(wrong.failure()).isEqualTo(FailureKind.RTSP_STATUS);
    assertThat(wrong.reason()).contains("401").contains("credentials refused");
  }

  /** A server whose SDP names no stream (a camera with its encoder off): a fake, in the test. */
  @Test
  void sdpWithoutMediaIsNoMedia() throws Exception {
    try (ServerSocket fake = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=empty\r\nt=0 0\r\n";
      Thread server =
          new Thread(
              () -> {
                for (int i = 0; i < 2; i++) {
                  try (java.net.Socket socket = fake.accept()) {
                    java.io.BufferedReader in =
                        new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                    java.io.OutputStream out = socket.getOutputStream();
                    for (int request = 0; request < 2; request++) {
                      String cseq = "";
                      String line;
                      while ((line = in.readLine()) != null && !line.isEmpty()) {
                        if (line.startsWith("CSeq:")) {
                          cseq = line.substring(5).strip();
                        }
                      }
                      String answer =
                          request == 0
                              ? "RTSP/1.0 200 OK\r\nCSeq: "
                                  + cseq
                                  + "\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n"
                              : "RTSP/1.0 200 OK\r\nCSeq: "
                                  + cseq
                                  + "\r\nContent-Type: application/sdp\r\nContent-Length: "
                                  + sdp.length()
                                  + "\r\n\r\n"
                                  + sdp;
                      out.write(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                      out.flush();
                    }
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      server.setDaemon(true);
      server.start();
      String url = "rtsp://127.0.0.1:" + fake.getLocalPort() + "/cam";
      ProbeResult result =
          run(new ProbeSpec.Rtsp(URI.create(url), true, null), Duration.ofSeconds(5));
      assertThat(result.failure()).as(result.reason()).isEqualTo(FailureKind.NO_MEDIA);
      assertThat(result.fields())
          .containsEntry(ProbeSchema.RTSP_STATUS, 200)
          .containsEntry(ProbeSchema.RTSP_MEDIA, 0);
      ProbeResult notRequired =
          run(new ProbeSpec.Rtsp(URI.create(url), false, null), Duration.ofSeconds(5));
      assertThat(notRequired.up()).as(notRequired.reason()).isTrue();
      server.join(5_000);
    }
  }
}
