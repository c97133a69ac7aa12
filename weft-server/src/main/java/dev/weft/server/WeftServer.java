package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.spi.NodeTypes;
import dev.weft.server.a2a.A2aHttp;
import dev.weft.server.mcp.McpHttp;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.Tracing;
import dev.weft.tasks.store.TaskStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task store served over HTTP: {@code POST /rpc} (JSON-RPC 2.0), {@code /mcp} (the Model
 * Context Protocol, docs/mcp.md), {@code POST /a2a} and {@code GET /.well-known/agent-card.json}
 * (Agent2Agent, docs/a2a.md), {@code GET /openrpc.json}, {@code GET /health} and {@code
 * /health/ready}, {@code GET /metrics}, {@code GET /events} (Server-Sent Events of the store's
 * event log), the dashboard at {@code /}; and, when given an engine, that engine working the
 * store's tasks in this process until the server stops.
 *
 * <pre>{@code
 * try (WeftServer server = WeftServer.start(ServerConfig.defaults(), store, types, engine)) {
 *   server.awaitStop();
 * }
 * }</pre>
 */
public final class WeftServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WeftServer.class);

  private static final java.util.Set<String> PATHS =
      java.util.Set.of(
          "/rpc",
          "/openrpc.json",
          "/health",
          "/health/ready",
          "/metrics",
          "/events",
          A2aHttp.PATH,
          A2aHttp.CARD_PATH,
          "/",
          "/dashboard/app.js");

  private final ServerConfig config;
  private final TaskStore store;
  private final TaskEngine engine;
  private final Javalin http;
  private final JsonRpc rpc;
  private final MethodTable methods;
  private final Metrics metrics;
  private final Auth auth;
  private final McpHttp mcp;
  private final EventFeed feed;
  private final WorkSignal signal;
  private final EventStream events;
  private final WebhookDispatcher webhooks;
  private final Thread worker;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean closing;

  private WeftServer(
      ServerConfig config,
      TaskStore store,
      NodeTypes types,
      TaskEngine engine,
      Tracing tracing,
      List<RpcMethod> extra) {
    config.check();
    this.config = config;
    this.store = store;
    this.engine = engine;
    this.feed = new EventFeed(store);
    this.signal = new WorkSignal(store, feed);
    List<RpcMethod> served =
        new ArrayList<>(new WorkerMethods(store, signal, config.timeout()).methods());
    served.addAll(extra);
    this.methods =
        MethodTable.serving(new Api(store, types, config, Clock.systemUTC(), tracing), served);
    this.metrics = new Metrics(store);
    this.rpc = new JsonRpc(methods, config.maxBatch(), config.timeout(), metrics);
    List<Auth.Token> tokens = new ArrayList<>();
    for (ServerConfig.Token t : config.tokens()) {
      tokens.add(
          new Auth.Token(
              t.secret(),
              t.user(),
              t.scopes().stream()
                  .map(Scope::of)
                  .collect(
                      java.util.stream.Collectors.toCollection(
                          () -> java.util.EnumSet.noneOf(Scope.class)))));
    }
    this.auth = new Auth(tokens, config.jwtSecret(), Clock.systemUTC());
    EventTail tail = new EventTail(store, feed, config.timeout());
    RpcGateway gateway = new RpcGateway(methods, rpc, auth, tail, null);
    this.mcp = new McpHttp(gateway, config.maxBody(), version(), config.mcpConformance());
    A2aHttp a2a =
        new A2aHttp(
            gateway,
            tail,
            config,
            version(),
            store.notes(),
            config.webhookSecret() == null ? null : store.webhooks());
    this.events = new EventStream(store, tail, auth);
    this.webhooks =
        config.webhookSecret() == null
            ? null
            : new WebhookDispatcher(store, feed, config, Clock.systemUTC(), a2a.webhookFormats());
    this.http =
        Javalin.create(c -> {
          c.startup.showJavalinBanner = false;
          c.startup.showOldJavalinVersionWarning = false;
          c.concurrency.useVirtualThreads = true;
          c.http.maxRequestSize = config.maxBody();
          // A client that sends or reads nothing for this long is cut off (slow bodies included).
          // Longer than a call's timeout, so that a call's -32008 is never cut off itself; and
          // longer than the 30 s for which clients (Java's, among others) keep an idle connection,
          // so that they close theirs first instead of sending into one the server is closing.
          c.jetty.modifyHttpConfiguration(h -> h.setIdleTimeout(idleTimeout(config).toMillis()));
          c.jetty.modifyServletContextHandler(h -> {
            ServletHolder holder = new ServletHolder(mcp);
            holder.setAsyncSupported(true);
            h.addServlet(holder, McpHttp.PATH);
          });
          c.routes.post("/rpc", this::rpc);
          c.routes.post(A2aHttp.PATH, a2a::handle);
          c.routes.get(A2aHttp.CARD_PATH, a2a::card);
          c.routes.get("/openrpc.json", ctx -> json(ctx, 200, methods.openRpc(version())));
          c.routes.get("/health", ctx -> json(ctx, 200, Jsons.object().put("status", "up")));
          c.routes.get("/health/ready", this::ready);
          c.routes.get("/metrics", this::metrics);
          Dashboard dashboard = new Dashboard();
          Dashboard.FILES.keySet().forEach(path -> c.routes.get(path, dashboard::serve));
          c.routes.get("/events", events::serve);
          c.routes.after(ctx -> {
            Long start = ctx.attribute("weft.start");
            String path = PATHS.contains(ctx.path()) ? ctx.path() : "other";
            metrics.request(
                path,
                ctx.statusCode(),
                Duration.ofNanos(System.nanoTime() - (start == null ? System.nanoTime() : start)));
          });
          c.routes.before(ctx -> ctx.attribute("weft.start", System.nanoTime()));
          c.routes.exception(
              Exception.class,
              (e, ctx) -> {
                String errorId = java.util.UUID.randomUUID().toString().substring(0, 12);
                LOG.error("{} {} failed [error {}]", ctx.method(), ctx.path(), errorId, e);
                json(
                    ctx,
                    500,
                    JsonRpc.error(
                        null,
                        Errors.INTERNAL,
                        "Internal error (see the server log for error " + errorId + ")",
                        Jsons.object().put("error_id", errorId)));
              });
        });
    try {
      http.start(config.bind(), config.port());
    } catch (RuntimeException e) {
      if (webhooks != null) {
        webhooks.close();
      }
      signal.close();
      feed.close();
      throw e;
    }
    if (engine != null) {
      worker = Thread.ofPlatform().name("weft-server-worker").start(this::work);
    } else {
      worker = null;
    }
    LOG.info(
        "Weft server on {} ({} methods{})",
        uri(),
        methods.all().size(),
        engine == null ? ", not working tasks" : ", working tasks as " + engine.workerId());
  }

  /**
   * Starts serving {@code store} as {@code config} says, and {@code engine} (if not null) working
   * its tasks in this process.
   *
   * @throws IllegalArgumentException when the settings are refused ({@link ServerConfig#check})
   */
  public static WeftServer start(
      ServerConfig config, TaskStore store, NodeTypes types, TaskEngine engine) {
    return start(config, store, types, engine, engine == null ? Tracing.NONE : engine.tracing());
  }

  /**
   * {@link #start(ServerConfig, TaskStore, NodeTypes, TaskEngine)}, the runs submitted through it
   * traced in {@code tracing}: a request with a W3C {@code traceparent} header submits a run in
   * that trace.
   */
  public static WeftServer start(
      ServerConfig config, TaskStore store, NodeTypes types, TaskEngine engine, Tracing tracing) {
    return new WeftServer(config, store, types, engine, tracing, List.of());
  }

  /** {@link #start} with extra methods (tests of the JSON-RPC layer). */
  static WeftServer start(
      ServerConfig config,
      TaskStore store,
      NodeTypes types,
      TaskEngine engine,
      List<RpcMethod> extra) {
    return new WeftServer(
        config, store, types, engine, engine == null ? Tracing.NONE : engine.tracing(), extra);
  }

  private void work() {
    try {
      engine.work(RunListener.NONE, false, Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!closing) {
        LOG.error("the server's worker stopped: {}", e.getMessage(), e);
      }
    }
  }

  /** The port it listens on. */
  public int port() {
    return http.port();
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
    return URI.create("http://" + host + ":" + port());
  }

  /** The methods served (what dispatches, and what the OpenRPC document lists). */
  List<String> methodNames() {
    return methods.all().stream().map(RpcMethod::name).toList();
  }

  /** Waits until {@link #close} has stopped the server. */
  public void awaitStop() throws InterruptedException {
    try {
      stopped.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The version of this build of the server. */
  public static String version() {
    String v = WeftServer.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  private void rpc(Context ctx) throws IOException, InterruptedException {
    Caller caller;
    try {
      caller = auth.authenticate(ctx.header("Authorization")).from(ctx.ip());
    } catch (Auth.Unauthorized e) {
      ctx.header("WWW-Authenticate", "Bearer");
      json(
          ctx,
          401,
          JsonRpc.error(
              null,
              Errors.UNAUTHORIZED,
              "Unauthorized",
              Jsons.object().put("reason", e.getMessage())));
      return;
    }
    byte[] body = readBody(ctx);
    if (body == null) {
      json(
          ctx,
          413,
          JsonRpc.error(
              null,
              Errors.INVALID_REQUEST,
              "Invalid Request",
              Jsons.object()
                  .put("reason", "the body is larger than " + config.maxBody() + " bytes")));
      return;
    }
    Optional<JsonNode> response =
        rpc.handle(body, caller.inTrace(ctx.header("traceparent"), ctx.header("tracestate")));
    if (response.isEmpty()) {
      ctx.status(204);
      return;
    }
    JsonNode result = response.get().path("result");
    if (result.path("streaming").asBoolean(false)) {
      events.streamRun(
          ctx,
          response.get(),
          Api.id(result.get("root_task_id")),
          result.get("events_after").asLong());
      return;
    }
    json(ctx, 200, response.get());
  }

  /** The body, or null when it is larger than allowed (read no further than that). */
  private byte[] readBody(Context ctx) throws IOException {
    return RequestBodies.read(ctx.req(), config.maxBody());
  }

  /** How long a connection may send or read nothing before it is closed. */
  static Duration idleTimeout(ServerConfig config) {
    return config.timeout().plusSeconds(30);
  }

  private void ready(Context ctx) {
    ObjectNode status = Jsons.object();
    CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(store::countRuns);
    try {
      probe.get(5, TimeUnit.SECONDS);
      status.put("status", "ready").put("database", "up");
      status.put("working", worker != null && worker.isAlive());
      json(ctx, 200, status);
    } catch (Exception e) {
      probe.cancel(true);
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      status
          .put("status", "unavailable")
          .put("database", "down")
          .put(
              "reason",
              cause == null || cause.getMessage() == null
                  ? "no answer within 5 s"
                  : cause.getMessage());
      json(ctx, 503, status);
    }
  }

  private void metrics(Context ctx) {
    if (auth.enabled()) {
      try {
        Caller caller = auth.authenticate(ctx.header("Authorization"));
        if (!caller.allows(Scope.READ)) {
          ctx.status(403).result("the token lacks the read scope\n");
          return;
        }
      } catch (Auth.Unauthorized e) {
        ctx.header("WWW-Authenticate", "Bearer");
        ctx.status(401).result(e.getMessage() + "\n");
        return;
      }
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
    ctx.result(metrics.scrape());
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Jsons.text(body));
  }

  /**
   * Stops: the engine drains (claims nothing more, lets running tasks finish within its grace, puts
   * back the rest), then HTTP stops. The store is the caller's to close.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (engine != null) {
      engine.drain();
      try {
        worker.join(Duration.ofSeconds(40));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    mcp.close();
    if (webhooks != null) {
      webhooks.close(); // pending deliveries stay in the store
    }
    signal.close(); // remote workers' long polls answer
    feed.close(); // event streams end
    http.stop();
    rpc.close();
    stopped.complete(null);
    LOG.info("Weft server stopped");
  }
}
