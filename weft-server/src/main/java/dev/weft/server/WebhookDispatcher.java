package dev.weft.server;

import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WebhookDelivery;
import dev.weft.tasks.store.WebhookStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls runs' webhooks: turns the events that call one into deliveries ({@link
 * dev.weft.tasks.store.WebhookStore#enqueue}), then makes each due delivery's call, signed with
 * {@code X-Weft-Signature: sha256=HEX} (HMAC-SHA256 of the body under the server's webhook secret),
 * recording each try; a failed try (no 2xx answer in time) is made again after the retry delay,
 * doubling each time up to {@link #MAX_DELAY}, until the webhook's {@code max_retries} are spent.
 * Deliveries are in the store, so those pending when a server stops are made by the next.
 */
final class WebhookDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** The longest wait between tries. */
  static final Duration MAX_DELAY = Duration.ofMinutes(10);

  /** Deliveries claimed (and called at once) per turn. */
  private static final int BATCH = 16;

  /** The longest wait between turns, when no event wakes the dispatcher sooner. */
  private static final Duration POLL = Duration.ofMillis(200);

  /** How long {@link #close} waits for the calls under way. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

  private final TaskStore store;
  private final EventFeed feed;
  private final byte[] secret;
  private final Duration retryDelay;
  private final Clock clock;
  private final Map<String, WebhookFormat> formats;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread loop;
  private volatile boolean closed;

  /**
   * @param formats what makes the bodies of webhooks in formats other than {@link
   *     WebhookStore#WEFT}, by format; a webhook of a format not here gets no deliveries
   */
  WebhookDispatcher(
      TaskStore store,
      EventFeed feed,
      ServerConfig config,
      Clock clock,
      Map<String, WebhookFormat> formats) {
    this.store = store;
    this.formats = Map.copyOf(formats);
    this.feed = feed;
    this.secret = config.webhookSecret().getBytes(StandardCharsets.UTF_8);
    this.retryDelay = config.webhookRetryDelay();
    this.clock = clock;
    this.loop = Thread.ofPlatform().daemon().name("weft-webhooks").start(this::run);
  }

  /** The signature header's value for {@code body}: {@code sha256=} and the hex HMAC-SHA256. */
  static String signature(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
    }
  }

  /** The body of a delivery: the event as {@code /events} has it, and its type. */
  static String body(Event e) {
    return Jsons.text(EventStream.json(e).put("type", type(e)));
  }

  /** The body of a delivery of {@code e} to {@code hook}, in the hook's format. */
  private String body(WebhookStore.Named hook, Event e) {
    if (hook.format().equals(WebhookStore.WEFT)) {
      return body(e);
    }
    WebhookFormat format = formats.get(hook.format());
    return format == null ? null : format.body(hook, e);
  }

  /** What an event is, e.g. {@code run.succeeded}, {@code task.running}, {@code progress}. */
  static String type(Event e) {
    return e.status() == null
        ? e.kind().display()
        : e.kind().display() + "." + e.status().display();
  }

  private void run() {
    long seen = 0;
    while (!closed) {
      try {
        seen = feed.latest();
        store.webhooks().enqueue(clock.instant(), 500, this::body, WebhookDispatcher::type);
        if (!closed) {
          deliverDue();
        }
      } catch (RuntimeException e) {
        LOG.warn("webhook deliveries failed: {}", e.getMessage());
      }
      try {
        feed.awaitAfter(seen, POLL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void deliverDue() {
    Instant now = clock.instant();
    List<WebhookDelivery> due =
        store.webhooks().claimDue(now, BATCH, now.plus(WebhookParams.MAX_TIMEOUT).plusSeconds(30));
    List<Future<?>> sending = new java.util.ArrayList<>();
    for (WebhookDelivery d : due) {
      sending.add(calls.submit(() -> deliver(d)));
    }
    for (Future<?> f : sending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.warn("a webhook delivery failed: {}", e.getCause().getMessage());
      }
    }
  }

  /** Makes one try of {@code d} and records it. */
  private void deliver(WebhookDelivery d) {
    byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(d.hook().url()))
            .timeout(d.hook().timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Weft-Webhook")
            .header("X-Weft-Signature", signature(secret, body))
            .header("X-Weft-Delivery", String.valueOf(d.id()))
            .header("X-Weft-Event", d.eventType())
            .method(d.hook().method(), HttpRequest.BodyPublishers.ofByteArray(body));
    d.hook().headers().forEach(request::header);
    Instant at = clock.instant();
    long start = System.nanoTime();
    Integer status = null;
    String error;
    try {
      HttpResponse<Void> response =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      error = status / 100 == 2 ? null : "HTTP " + status;
    } catch (HttpTimeoutException e) {
      error = "no answer within " + d.hook().timeout().toMillis() + " ms";
    } catch (IOException e) {
      error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // left claimed: due again when its claim runs out
    }
    int attempt = d.attempts() + 1;
    WebhookDelivery.State state =
        error == null
            ? WebhookDelivery.State.DELIVERED
            : attempt > d.hook().maxRetries()
                ? WebhookDelivery.State.FAILED
                : WebhookDelivery.State.PENDING;
    store
        .webhooks()
        .attempted(
            d.id(),
            new WebhookDelivery.Attempt(
                attempt, at, status, error, (System.nanoTime() - start) / 1_000_000),
            state,
            clock.instant().plus(delay(attempt)));
    if (state == WebhookDelivery.State.FAILED) {
      LOG.warn(
          "webhook delivery {} of run {} to {} failed after {} tries: {}",
          d.id(),
          d.runId(),
          d.hook().url(),
          attempt,
          error);
    }
  }

  /** The wait after failed try {@code attempt}: the retry delay, doubled for each try before. */
  private Duration delay(int attempt) {
    Duration wait = retryDelay;
    for (int i = 1; i < attempt && wait.compareTo(MAX_DELAY) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : wait;
  }

  /**
   * Stops making calls: claims no more, lets the calls under way end (within {@link #CLOSE_WAIT})
   * and records them; pending deliveries stay in the store for the next server. A call still under
   * way then is cut off, its delivery due again when its claim runs out.
   */
  @Override
  public void close() {
    closed = true;
    try {
      loop.join(CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loop.interrupt();
    calls.shutdownNow();
    client.close();
  }
}
