package io.vigie.collector.influx;

import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;

/**
 * Gzips write bodies at the fastest level. influxdb-java's own gzip uses the default level, which
 * costs the collector about four times the CPU for a few percent fewer bytes; on a loopback or LAN
 * link the CPU, not the bytes, is what holds a single writer back (docs/benchmarks.md).
 */
final class FastGzip implements Interceptor {

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    RequestBody body = request.body();
    if (body == null || request.header("Content-Encoding") != null) {
      return chain.proceed(request);
    }
    Buffer plain = new Buffer();
    body.writeTo(plain);
    Buffer compressed = new Buffer();
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(compressed.outputStream(), 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      plain.writeTo(gzip);
    }
    long length = compressed.size();
    MediaType type = body.contentType();
    RequestBody gzipped =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return type;
          }

          @Override
          public long contentLength() {
            return length;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.write(compressed.copy(), length);
          }
        };
    return chain.proceed(
        request
            .newBuilder()
            .header("Content-Encoding", "gzip")
            .method(request.method(), gzipped)
            .build());
  }
}
