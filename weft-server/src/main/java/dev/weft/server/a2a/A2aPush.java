package dev.weft.server.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.EventTail;
import dev.weft.server.RpcGateway;
import dev.weft.server.WebhookFormat;
import dev.weft.tasks.store.Event;
import dev.weft.tasks.store.Webhook;
import dev.weft.tasks.store.WebhookStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A2A push notifications as Weft webhooks (docs/a2a.md): a task's push config is a named webhook of
 * its run ({@code a2a:ID}) in the store, called on each change of the run's state with the payload
 * of the version the config was made in, its {@code token} in {@code X-A2A-Notification-Token} and
 * its {@code authentication} as the {@code Authorization} header; the webhook dispatcher makes the
 * calls (retries, recorded deliveries). Without a webhook secret the server makes no webhook calls,
 * so every push operation answers PushNotificationNotSupportedError.
 */
final class A2aPush {

  /** The names of push configs' webhooks start with this. */
  static final String PREFIX = "a2a:";

  /** The header the token goes in. */
  static final String TOKEN_HEADER = "X-A2A-Notification-Token";

  /** At most this many push configs per task. */
  static final int MAX_CONFIGS = 10;

  private static final String TOKEN_CHARS = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";

  /**
   * A push config as Weft keeps it, whichever version made it.
   *
   * @param schemes the authentication schemes (1.0 gives one), empty for none
   * @param credentials for the first scheme, or null
   */
  record Config(String id, String url, String token, List<String> schemes, String credentials) {

    Webhook webhook() {
      Map<String, String> headers = new LinkedHashMap<>();
      if (token != null) {
        headers.put(TOKEN_HEADER, token);
      }
      if (!schemes.isEmpty() && credentials != null) {
        headers.put("Authorization", schemes.getFirst() + " " + credentials);
      }
      return new Webhook(url, "POST", headers, Duration.ofSeconds(10), 3, true);
    }

    String spec() {
      ObjectNode o = A2aJson.object().put("id", id).put("url", url).put("token", token);
      schemes.forEach(o.putArray("schemes")::add);
      o.put("credentials", credentials);
      return new String(A2aJson.bytes(o), StandardCharsets.UTF_8);
    }

    static Config of(String spec) {
      JsonNode o = A2aJson.read(spec.getBytes(StandardCharsets.UTF_8));
      List<String> schemes = new ArrayList<>();
      o.path("schemes").forEach(s -> schemes.add(s.asText()));
      return new Config(
          o.path("id").asText(),
          o.path("url").asText(),
          o.path("token").asText(null),
          schemes,
          o.path("credentials").asText(null));
    }
  }

  private final WebhookStore store;
  private final EventTail tail;
  private final Conversations conversations;

  /**
   * @param store where the configs are kept, or null when the server makes no webhook calls
   */
  A2aPush(WebhookStore store, EventTail tail, Conversations conversations) {
    this.store = store;
    this.tail = tail;
    this.conversations = conversations;
  }

  /** Whether push notifications are served (the card's {@code pushNotifications}). */
  boolean enabled() {
    return store != null;
  }

  /** What makes the payloads of push configs' deliveries, by webhook format. */
  Map<String, WebhookFormat> formats() {
    Map<String, WebhookFormat> formats = new LinkedHashMap<>();
    for (Dialect d : Dialect.values()) {
      formats.put(format(d), (hook, e) -> payload(e, d));
    }
    return formats;
  }

  private static String format(Dialect d) {
    return "a2a-" + d.version();
  }

  /** The task id a push operation names (1.0 {@code taskId}; 0.3 set {@code taskId}, else id). */
  String taskId(JsonNode params, Operation op, Dialect dialect) {
    requireEnabled();
    String field = dialect == Dialect.V1_0 || op == Operation.CREATE_PUSH_CONFIG ? "taskId" : "id";
    JsonNode id = field(params, field);
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw A2aError.invalidParams(field, "required: the task's id (a string)");
    }
    return id.asText();
  }

  /** CreateTaskPushNotificationConfig (0.3 set): adds or replaces a config of the task. */
  JsonNode create(JsonNode params, JsonNode run, RpcGateway.Identity who, Dialect dialect) {
    requireSubmit(who);
    long runId = run.path("id").asLong();
    boolean v1 = dialect == Dialect.V1_0;
    JsonNode given = v1 ? params : params.get("pushNotificationConfig");
    String field = v1 ? "" : "pushNotificationConfig.";
    if (v1 && (params.has("pushNotificationConfig") || params.has("config"))) {
      given = params.has("config") ? params.get("config") : params.get("pushNotificationConfig");
      field = params.has("config") ? "config." : "pushNotificationConfig.";
    }
    Config config = read(given, field, dialect);
    List<WebhookStore.Named> existing = store.named(runId, PREFIX);
    boolean replaces =
        config.id() != null
            && existing.stream().anyMatch(n -> n.name().equals(PREFIX + config.id()));
    if (!replaces && existing.size() >= MAX_CONFIGS) {
      throw A2aError.invalidParams(
          field + "id",
          "task " + runId + " has " + MAX_CONFIGS + " push configs already; delete one first");
    }
    return view(runId, attach(runId, config, dialect, tail.lastEventId()), dialect);
  }

  /** GetTaskPushNotificationConfig (0.3 get): TaskNotFoundError for a config the task lacks. */
  JsonNode get(JsonNode params, JsonNode run, Dialect dialect) {
    long runId = run.path("id").asLong();
    List<Config> configs = configs(runId);
    String id = configId(params, dialect, dialect == Dialect.V1_0);
    for (Config c : configs) {
      if (c.id().equals(id == null ? Long.toString(runId) : id)) {
        return view(runId, c, dialect);
      }
    }
    if (id == null && !configs.isEmpty()) {
      return view(runId, configs.getFirst(), dialect);
    }
    throw new A2aError(
        A2aError.TASK_NOT_FOUND,
        "Push notification config not found: task "
            + runId
            + " has no push config "
            + (id == null ? "" : id),
        dialect == Dialect.V1_0 ? "id" : "pushNotificationConfigId",
        "list the task's push configs to see their ids");
  }

  /** ListTaskPushNotificationConfigs (0.3 list): every config of the task, by id. */
  JsonNode list(JsonNode params, JsonNode run, Dialect dialect) {
    long runId = run.path("id").asLong();
    List<Config> configs = configs(runId);
    if (dialect == Dialect.V0_3) {
      ArrayNode list = A2aJson.MAPPER.createArrayNode();
      configs.forEach(c -> list.add(view(runId, c, dialect)));
      return list;
    }
    int pageSize = A2aTasks.boundedInt(params, "pageSize", MAX_CONFIGS, 1, 100);
    int offset = A2aTasks.pageOffset(params.path("pageToken").asText(""));
    ObjectNode result = A2aJson.object();
    ArrayNode list = result.putArray("configs");
    int end = Math.min(configs.size(), offset + pageSize);
    for (int i = Math.min(offset, end); i < end; i++) {
      list.add(view(runId, configs.get(i), dialect));
    }
    result.put("nextPageToken", end < configs.size() ? Integer.toString(end) : "");
    return result;
  }

  /** DeleteTaskPushNotificationConfig (0.3 delete): idempotent, as the specification says. */
  JsonNode delete(JsonNode params, JsonNode run, RpcGateway.Identity who, Dialect dialect) {
    requireSubmit(who);
    long runId = run.path("id").asLong();
    String id = configId(params, dialect, true);
    store.remove(runId, PREFIX + id);
    return dialect == Dialect.V1_0 ? A2aJson.object() : A2aJson.MAPPER.nullNode();
  }

  /**
   * The push config a SendMessage's {@code configuration} carries (1.0 {@code
   * taskPushNotificationConfig}, 0.3 {@code pushNotificationConfig}), checked; null when none.
   */
  Config inline(JsonNode configuration, Dialect dialect) {
    String name = dialect == Dialect.V1_0 ? "taskPushNotificationConfig" : "pushNotificationConfig";
    JsonNode given = configuration.get(name);
    if (given == null || given.isNull()) {
      return null;
    }
    requireEnabled();
    return read(given, "configuration." + name + ".", dialect);
  }

  /**
   * Keeps {@code config} as a webhook of run {@code runId}, called on the run's events after {@code
   * afterEventId}; one without an id gets one (0.3: the task's id, as its SDKs do; 1.0 a UUID).
   * Answers the config as kept.
   */
  Config attach(long runId, Config config, Dialect dialect, long afterEventId) {
    Config kept = config;
    if (config.id() == null) {
      String id = dialect == Dialect.V0_3 ? Long.toString(runId) : UUID.randomUUID().toString();
      kept = new Config(id, config.url(), config.token(), config.schemes(), config.credentials());
    }
    store.put(
        new WebhookStore.Named(
            runId, PREFIX + kept.id(), format(dialect), kept.webhook(), kept.spec()),
        afterEventId);
    return kept;
  }

  private List<Config> configs(long runId) {
    requireEnabled();
    return store.named(runId, PREFIX).stream().map(n -> Config.of(n.spec())).toList();
  }

  /**
   * The payload of a push for a store event: for a change of the run's state (not its tasks'), 1.0
   * a StreamResponse with the TaskStatusUpdateEvent; 0.3 the task (its id, contextId and status),
   * as 0.3's SDKs send it. Made from the event alone: it is made as the event is turned into
   * deliveries, inside the store's transaction.
   */
  private String payload(Event e, Dialect dialect) {
    if (e.kind() != Event.Kind.RUN) {
      return null;
    }
    String contextId = conversations.contextId(e.runId());
    ObjectNode status = StatusUpdates.status(e, dialect);
    JsonNode body;
    if (dialect == Dialect.V1_0) {
      body = StatusUpdates.update(dialect, "status", e, contextId, status, e.status().ended());
    } else {
      ObjectNode task = dialect.kind(A2aJson.object(), "task");
      task.put("id", Long.toString(e.runId())).put("contextId", contextId);
      task.set("status", status);
      ObjectNode weft = task.putObject("metadata").putObject("weft");
      weft.put("runId", e.runId()).put("eventId", e.id()).put("status", e.status().display());
      body = task;
    }
    return new String(A2aJson.bytes(body), StandardCharsets.UTF_8);
  }

  private static JsonNode view(long runId, Config c, Dialect dialect) {
    ObjectNode config = A2aJson.object().put("id", c.id());
    if (dialect == Dialect.V1_0) {
      config.put("taskId", Long.toString(runId));
    }
    config.put("url", c.url());
    if (c.token() != null) {
      config.put("token", c.token());
    }
    if (!c.schemes().isEmpty()) {
      ObjectNode auth = config.putObject("authentication");
      if (dialect == Dialect.V1_0) {
        auth.put("scheme", c.schemes().getFirst());
      } else {
        c.schemes().forEach(auth.putArray("schemes")::add);
      }
      if (c.credentials() != null) {
        auth.put("credentials", c.credentials());
      }
    }
    if (dialect == Dialect.V1_0) {
      return config;
    }
    ObjectNode wrapped = A2aJson.object().put("taskId", Long.toString(runId));
    wrapped.set("pushNotificationConfig", config);
    return wrapped;
  }

  /** A config as given under {@code field} (a prefix such as {@code configuration.x.}). */
  private static Config read(JsonNode given, String field, Dialect dialect) {
    String where = field.isEmpty() ? "params" : field.substring(0, field.length() - 1);
    if (given == null || !given.isObject()) {
      throw A2aError.invalidParams(where, "a push config: an object with url (and token...)");
    }
    String id = text(given, "id", field, 200);
    String url = text(given, "url", field, 2048);
    if (url == null) {
      throw A2aError.invalidParams(field + "url", "required: the http or https URL to call");
    }
    checkUrl(url, field + "url");
    String token = text(given, "token", field, 1024);
    List<String> schemes = new ArrayList<>();
    String credentials = null;
    JsonNode auth = given.get("authentication");
    if (auth != null && !auth.isNull()) {
      String a = field + "authentication.";
      if (!auth.isObject()) {
        throw A2aError.invalidParams(a + "scheme", "authentication is an object with scheme");
      }
      if (dialect == Dialect.V1_0) {
        String scheme = text(auth, "scheme", a, 100);
        if (scheme == null) {
          throw A2aError.invalidParams(a + "scheme", "required: an HTTP scheme such as Bearer");
        }
        schemes.add(scheme);
      } else {
        JsonNode list = auth.get("schemes");
        if (list == null || !list.isArray() || list.isEmpty()) {
          throw A2aError.invalidParams(a + "schemes", "required: a list such as [\"Bearer\"]");
        }
        for (JsonNode s : list) {
          if (!s.isTextual() || !s.asText().matches(TOKEN_CHARS)) {
            throw A2aError.invalidParams(a + "schemes", "each an HTTP scheme such as Bearer");
          }
          schemes.add(s.asText());
        }
      }
      if (!schemes.getFirst().matches(TOKEN_CHARS)) {
        throw A2aError.invalidParams(a + "scheme", "an HTTP scheme such as Bearer or Basic");
      }
      credentials = text(auth, "credentials", a, 4096);
    }
    return new Config(id, url, token, schemes, credentials);
  }

  /** Only a URL a webhook may call: absolute http or https, with a host, no user info. */
  private static void checkUrl(String url, String field) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw A2aError.invalidParams(field, "not a URL (" + e.getReason() + ")");
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw A2aError.invalidParams(
          field, "must be an http or https URL, e.g. https://client.example.com/a2a-push");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw A2aError.invalidParams(
          field, "must name a host, e.g. https://client.example.com/a2a-push");
    }
    if (uri.getRawUserInfo() != null) {
      throw A2aError.invalidParams(
          field, "must not carry credentials: give them in authentication.credentials");
    }
  }

  /** An optional one-line text field (null when absent), at most {@code max} characters. */
  private static String text(JsonNode node, String name, String field, int max) {
    JsonNode v = field(node, name);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      return null;
    }
    if (!v.isTextual() || v.asText().length() > max || v.asText().chars().anyMatch(c -> c < 0x20)) {
      throw A2aError.invalidParams(
          field + name, "a string on one line, at most " + max + " characters");
    }
    return v.asText();
  }

  /** A field under its JSON name, or its proto name ({@code taskId}, {@code task_id}). */
  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null) {
      v = node.get(name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT));
    }
    return v;
  }

  private static String configId(JsonNode params, Dialect dialect, boolean required) {
    String name = dialect == Dialect.V1_0 ? "id" : "pushNotificationConfigId";
    String id = text(params, name, "", 200);
    if (id == null && required) {
      throw A2aError.invalidParams(name, "required: the push config's id");
    }
    return id;
  }

  private void requireEnabled() {
    if (store == null) {
      throw new A2aError(
          A2aError.PUSH_NOT_SUPPORTED,
          "Push notifications are not supported: this server makes no webhook calls (it has no"
              + " webhook secret)",
          null,
          "set server.webhook-secret or WEFT_WEBHOOK_SECRET, or follow the task with GetTask");
    }
  }

  private static void requireSubmit(RpcGateway.Identity who) {
    if (!who.allows("submit")) {
      throw A2aError.forbidden("Forbidden: changing a task's push configs needs the submit scope");
    }
  }
}
