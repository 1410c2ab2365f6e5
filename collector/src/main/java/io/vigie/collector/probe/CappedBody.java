package io.vigie.collector.probe;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects the body of an {@link HttpProber} response up to {@link HttpProber#MAX_BODY_BYTES}, then
 * cancels the rest.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

  /** A body read up to {@link HttpProber#MAX_BODY_BYTES}; {@code truncated} when there was more. */
  record Body(String text, int length, boolean truncated) {
    static Body of(ByteArrayOutputStream out, boolean truncated) {
      return new Body(out.toString(StandardCharsets.UTF_8), out.size(), truncated);
    }
  }

  private final CompletableFuture<Body> body = new CompletableFuture<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Flow.@Nullable Subscription subscription;

  @Override
  public CompletionStage<Body> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int room = HttpProber.MAX_BODY_BYTES - out.size();
      int take = Math.min(room, item.remaining());
      byte[] chunk = new byte[take];
      item.get(chunk);
      out.write(chunk, 0, take);
      if (item.hasRemaining()) {
        Flow.Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
        body.complete(Body.of(out, true));
        return;
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(Body.of(out, false));
  }
}
