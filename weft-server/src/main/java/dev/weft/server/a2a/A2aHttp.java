package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.EventTail;
import dev.weft.server.RequestBodies;
import dev.weft.server.RpcGateway;
import dev.weft.server.ServerConfig;
import dev.weft.server.WebhookFormat;
import dev.weft.tasks.store.RunNotes;
import dev.weft.tasks.store.WebhookStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * The A2A server (docs/a2a.md): the agent card at {@code GET /.well-known/agent-card.json}, and
 * JSON-RPC 2.0 at {@code POST /a2a}, speaking 1.0 to requests with {@code A2A-Version: 1.0} and 0.3
 * to the rest, over the server's JSON-RPC methods as the request's caller.
 */
public final class A2aHttp {

  /** Where the JSON-RPC endpoint is. */
  public static final String PATH = "/a2a";

  /** Where the agent card is. */
  public static final String CARD_PATH = "/.well-known/agent-card.json";

  private final RpcGateway gateway;
  private final long maxBody;
  private final AgentCard card;
  private final A2aTasks tasks;
  private final A2aStreams streams;
  private final A2aPush push;
  private final TckProfile tck;

  /**
   * The endpoint over {@code gateway}'s methods, streaming the store's events from {@code tail}.
   *
   * @param config the server's settings: the largest body, the timeout (a blocking SendMessage
   *     waits for its run a second less), whether it takes JWTs, the conformance kit's profile
   * @param version the server's version, as the card says it
   * @param notes where each run's contextId and first message are kept
   * @param webhooks where push configs are kept, as webhooks of their runs; null when the server
   *     makes no webhook calls (it has no webhook secret), so push notifications are not served
   */
  public A2aHttp(
      RpcGateway gateway,
      EventTail tail,
      ServerConfig config,
      String version,
      RunNotes notes,
      WebhookStore webhooks) {
    this.gateway = gateway;
    this.maxBody = config.maxBody();
    this.tck = TckProfile.of(config.a2aTckProfile(), System.getenv("TCK_STREAMING_TIMEOUT"));
    Conversations conversations = new Conversations(10_000, notes);
    this.push = new A2aPush(webhooks, tail, conversations);
    this.card = new AgentCard(gateway, version, config.jwtSecret() != null, push.enabled());
    this.tasks =
        new A2aTasks(gateway, tail, conversations, push, tck, config.timeout().minusSeconds(1));
    this.streams = new A2aStreams(tasks, tail);
  }

  /**
   * What makes the bodies of push configs' webhook deliveries, by webhook format, for the webhook
   * dispatcher.
   */
  public Map<String, WebhookFormat> webhookFormats() {
    return push.formats();
  }

  /**
   * Answers {@code GET /.well-known/agent-card.json}: public, as discovery needs; in 1.0's shape,
   * or 0.3's when the request says {@code A2A-Version: 0.3} (header or query parameter). Discovery
   * comes before a version is agreed, so here no version means 1.0, whose card lists both (under
   * the conformance kit's profile: the version it was given).
   */
  public void card(Context ctx) {
    Dialect dialect = tck == null ? Dialect.V1_0 : tck.cardDialect();
    String version = version(ctx);
    if (version != null && !version.isBlank()) {
      try {
        dialect = Dialect.of(version);
      } catch (A2aError e) {
        ObjectNode response = A2aJson.object().put("jsonrpc", "2.0").putNull("id");
        response.set("error", e.toJson(Dialect.V1_0));
        write(ctx, 400, response);
        return;
      }
    }
    byte[] body = A2aJson.bytes(card.card(base(ctx), dialect));
    String etag = etag(body);
    ctx.header("Cache-Control", "public, max-age=60");
    ctx.header("Vary", Dialect.HEADER);
    ctx.header("ETag", etag);
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.status(200);
    ctx.contentType("application/json");
    ctx.result(body);
  }

  /** A strong validator of the card's bytes: it changes when a stored pipeline comes or goes. */
  private static String etag(byte[] body) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + java.util.HexFormat.of().formatHex(hash, 0, 12) + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JDK", e);
    }
  }

  private static String version(Context ctx) {
    String header = ctx.header(Dialect.HEADER);
    return header != null ? header : ctx.queryParam(Dialect.HEADER);
  }

  /** Answers {@code POST /a2a}. */
  public void handle(Context ctx) throws IOException, InterruptedException {
    Dialect dialect = Dialect.V1_0;
    JsonNode id = null;
    try {
      dialect = Dialect.of(version(ctx));
      RpcGateway.Identity who;
      try {
        who =
            gateway
                .authenticate(ctx.header("Authorization"))
                .inTrace(ctx.header("traceparent"), ctx.header("tracestate"));
      } catch (RpcGateway.Unauthorized e) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw A2aError.unauthorized(e.getMessage());
      }
      String type = ctx.contentType();
      if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        throw new A2aError(
            A2aError.CONTENT_TYPE_NOT_SUPPORTED,
            "Content type not supported: " + type + "; send the request as application/json",
            "Content-Type",
            "application/json");
      }
      byte[] body = body(ctx);
      JsonNode request = A2aJson.read(body);
      if (request == null) {
        throw new A2aError(A2aError.PARSE_ERROR, "Invalid JSON payload", null, "not JSON");
      }
      if (!request.isObject()) {
        throw invalidRequest("send one JSON-RPC request object (batches are not taken here)");
      }
      id = request.get("id");
      if (id != null && !id.isTextual() && !id.isNumber() && !id.isNull()) {
        id = null;
        throw invalidRequest("id is a string or a number");
      }
      if (!"2.0".equals(request.path("jsonrpc").asText(null))) {
        throw invalidRequest("jsonrpc must be \"2.0\"");
      }
      if (!request.path("method").isTextual()) {
        throw invalidRequest("method is required (a string)");
      }
      JsonNode params = request.get("params");
      if (params == null || params.isNull()) {
        params = A2aJson.object();
      } else if (!params.isObject()) {
        throw A2aError.invalidParams("params", "an object");
      }
      String method = request.get("method").asText();
      Dialect spoken = dialect;
      Operation op =
          Operation.of(method, dialect).orElseThrow(() -> methodNotFound(method, spoken));
      if (op.streams()) {
        streams.answer(ctx, op, id, params, who, dialect);
        return;
      }
      JsonNode result = call(op, method, params, who, dialect, base(ctx));
      ObjectNode response = A2aJson.object().put("jsonrpc", "2.0");
      response.set("id", id);
      response.set("result", result);
      write(ctx, 200, response);
    } catch (A2aError e) {
      ObjectNode response = A2aJson.object().put("jsonrpc", "2.0");
      response.set("id", id);
      response.set("error", e.toJson(dialect));
      write(ctx, e.status(), response);
    }
  }

  private JsonNode call(
      Operation op,
      String method,
      JsonNode params,
      RpcGateway.Identity who,
      Dialect dialect,
      String base) {
    if (op.push()) {
      JsonNode run = tasks.run(push.taskId(params, op, dialect), who);
      return switch (op) {
        case CREATE_PUSH_CONFIG -> push.create(params, run, who, dialect);
        case GET_PUSH_CONFIG -> push.get(params, run, dialect);
        case LIST_PUSH_CONFIGS -> push.list(params, run, dialect);
        default -> push.delete(params, run, who, dialect);
      };
    }
    return switch (op) {
      case SEND_MESSAGE -> tasks.send(params, who, dialect);
      case GET_TASK -> tasks.get(params, who, dialect);
      case LIST_TASKS -> tasks.list(params, who, dialect);
      case CANCEL_TASK -> tasks.cancel(params, who, dialect);
      case GET_EXTENDED_CARD -> {
        if (!gateway.authEnabled()) {
          throw new A2aError(
              A2aError.EXTENDED_CARD_NOT_CONFIGURED,
              "This server has no extended agent card: it takes no tokens, and its public card"
                  + " says all",
              null,
              "read /.well-known/agent-card.json");
        }
        yield card.card(base, dialect);
      }
      default -> throw methodNotFound(method, dialect);
    };
  }

  private static A2aError methodNotFound(String method, Dialect dialect) {
    Dialect other = dialect == Dialect.V1_0 ? Dialect.V0_3 : Dialect.V1_0;
    String hint =
        Operation.of(method, other).isPresent()
            ? method
                + " is an A2A "
                + other.version()
                + " method; send the header A2A-Version: "
                + other.version()
            : "this endpoint speaks A2A " + dialect.version() + " to this request";
    return new A2aError(
        A2aError.METHOD_NOT_FOUND, "Method not found: " + method + "; " + hint, "method", hint);
  }

  private static A2aError invalidRequest(String reason) {
    return new A2aError(A2aError.INVALID_REQUEST, "Invalid Request: " + reason, null, reason);
  }

  private byte[] body(Context ctx) throws IOException {
    byte[] body = RequestBodies.read(ctx.req(), maxBody);
    if (body == null) {
      throw invalidRequest("the body is larger than " + maxBody + " bytes");
    }
    return body;
  }

  private static String base(Context ctx) {
    return ctx.scheme() + "://" + ctx.host();
  }

  private static void write(Context ctx, int status, JsonNode body) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(A2aJson.bytes(body));
  }
}
