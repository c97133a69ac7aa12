package dev.weft.server;

import dev.weft.core.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How {@code weft server} serves: the {@code server:} section of the config file, the environment,
 * then the command line.
 *
 * <pre>
 * server:
 *   bind: 127.0.0.1          # any other address needs tokens or a JWT secret
 *   port: 8080
 *   work: true               # this process also works tasks (false: only serve)
 *   allow-shell: false       # accept 'shell' nodes through the API
 *   allow-files: false       # accept nodes that read or write files on the server
 *   pipelines: pipelines/    # runs.submit {pipeline: NAME} reads pipelines/NAME.yaml
 *   max-body: 1048576        # bytes of a request body
 *   max-batch: 100           # requests in a batch
 *   timeout: 30s             # of one call
 *   tokens:
 *     - { user: ci, scopes: [read, submit], token-env: WEFT_CI_TOKEN }
 *   jwt-secret-env: WEFT_JWT_SECRET   # the variable holding the HS256 secret
 *   webhook-secret: ...      # signs webhook calls (WEFT_WEBHOOK_SECRET wins); none: no webhooks
 *   webhook-retry-delay: 1s  # before a failed webhook call's first retry; doubles each time
 * </pre>
 *
 * <p>{@code WEFT_TOKENS} adds tokens as {@code user:scope+scope:token}, comma-separated.
 *
 * @param bind the address to listen on
 * @param port the port (0: any free one)
 * @param tokens the bearer tokens accepted
 * @param jwtSecret the HS256 secret of JWTs, or {@code null} for none
 * @param work whether the server's process also works tasks
 * @param allowShell whether the API accepts shell nodes
 * @param allowFiles whether the API accepts nodes with file paths on the server
 * @param pipelines the folder of stored pipelines, or {@code null} for none
 * @param maxBody the largest request body, in bytes
 * @param maxBatch the most requests in one batch
 * @param timeout the longest one call may take
 * @param webhookSecret the HMAC-SHA256 key of webhook signatures, or {@code null}: webhooks are
 *     refused
 * @param webhookRetryDelay the wait before a failed webhook call's first retry (doubling, up to 10
 *     minutes)
 * @param a2aTckProfile for conformance runs only: the A2A version ({@code 1.0} or {@code 0.3}) of
 *     the agent card served to a request that names none, with the behaviour the A2A conformance
 *     kit asks of the agent it tests (docs/a2a.md); {@code null} (the default): off
 * @param mcpConformance whether {@code /mcp} also serves the fixtures of the MCP conformance suite
 *     (docs/mcp.md): for conformance runs only, never set by the config file
 */
public record ServerConfig(
    String bind,
    int port,
    List<Token> tokens,
    String jwtSecret,
    boolean work,
    boolean allowShell,
    boolean allowFiles,
    Path pipelines,
    long maxBody,
    int maxBatch,
    Duration timeout,
    String webhookSecret,
    Duration webhookRetryDelay,
    String a2aTckProfile,
    boolean mcpConformance) {

  /**
   * A bearer token: its secret, the user it stands for, and its scopes (read, submit, work, admin).
   */
  public record Token(String secret, String user, Set<String> scopes) {}

  public ServerConfig {
    tokens = List.copyOf(tokens);
  }

  /** Loopback, port 8080, no auth, working tasks, no shell or files, 1 MiB, 100, 30 s. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1",
        8080,
        List.of(),
        null,
        true,
        false,
        false,
        null,
        1 << 20,
        100,
        Duration.ofSeconds(30),
        null,
        Duration.ofSeconds(1),
        null,
        false);
  }

  public ServerConfig withBind(String address) {
    return with(d -> d.bind = address);
  }

  public ServerConfig withPort(int number) {
    return with(d -> d.port = number);
  }

  public ServerConfig withWork(boolean works) {
    return with(d -> d.work = works);
  }

  public ServerConfig withAllowShell(boolean allowed) {
    return with(d -> d.allowShell = allowed);
  }

  public ServerConfig withAuth(List<Token> accepted, String secret) {
    return with(d -> {
      d.tokens = accepted;
      d.jwtSecret = secret;
    });
  }

  public ServerConfig withLimits(long body, int batch, Duration callTimeout) {
    return with(d -> {
      d.maxBody = body;
      d.maxBatch = batch;
      d.timeout = callTimeout;
    });
  }

  public ServerConfig withPipelines(Path folder) {
    return with(d -> d.pipelines = folder);
  }

  /** The same settings with webhooks signed by {@code secret}, retried after {@code delay}. */
  public ServerConfig withWebhooks(String secret, Duration delay) {
    return with(d -> {
      d.webhookSecret = secret;
      d.webhookRetryDelay = delay;
    });
  }

  /**
   * The same settings with the A2A conformance kit's profile on, serving the card of {@code
   * version} (1.0 or 0.3) to a request that names none; for conformance runs only.
   */
  public ServerConfig withA2aTckProfile(String version) {
    return with(d -> d.a2aTckProfile = version);
  }

  /**
   * The same settings with the fixtures of the MCP conformance suite served beside Weft's own
   * tools, resources and prompts ({@code weft server --mcp-conformance-profile}).
   */
  public ServerConfig withMcpConformance(boolean on) {
    return with(d -> d.mcpConformance = on);
  }

  /** These settings with {@code change} made to a copy of them. */
  private ServerConfig with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.settings();
  }

  /** The settings as fields a wither changes. */
  private static final class Draft {
    String bind;
    int port;
    List<Token> tokens;
    String jwtSecret;
    boolean work;
    boolean allowShell;
    boolean allowFiles;
    Path pipelines;
    long maxBody;
    int maxBatch;
    Duration timeout;
    String webhookSecret;
    Duration webhookRetryDelay;
    String a2aTckProfile;
    boolean mcpConformance;

    Draft(ServerConfig c) {
      bind = c.bind;
      port = c.port;
      tokens = c.tokens;
      jwtSecret = c.jwtSecret;
      work = c.work;
      allowShell = c.allowShell;
      allowFiles = c.allowFiles;
      pipelines = c.pipelines;
      maxBody = c.maxBody;
      maxBatch = c.maxBatch;
      timeout = c.timeout;
      webhookSecret = c.webhookSecret;
      webhookRetryDelay = c.webhookRetryDelay;
      a2aTckProfile = c.a2aTckProfile;
      mcpConformance = c.mcpConformance;
    }

    ServerConfig settings() {
      return new ServerConfig(
          bind,
          port,
          tokens,
          jwtSecret,
          work,
          allowShell,
          allowFiles,
          pipelines,
          maxBody,
          maxBatch,
          timeout,
          webhookSecret,
          webhookRetryDelay,
          a2aTckProfile,
          mcpConformance);
    }
  }

  /** Whether any token or a JWT secret is configured. */
  public boolean authConfigured() {
    return !tokens.isEmpty() || jwtSecret != null;
  }

  /**
   * Refuses settings the server must not start with: a bind address other than loopback without
   * auth.
   *
   * @throws IllegalArgumentException saying why and what to do
   */
  public void check() {
    boolean loopback;
    try {
      loopback = InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot bind to " + bind + ": unknown host");
    }
    if (!loopback && !authConfigured()) {
      throw new IllegalArgumentException(
          "refusing to listen on "
              + bind
              + " without auth: configure server.tokens, WEFT_TOKENS or a JWT secret"
              + " (WEFT_JWT_SECRET), or bind to 127.0.0.1");
    }
  }

  /**
   * The settings of a {@code server:} section (or none) and the environment.
   *
   * @param where how messages name the section, e.g. {@code .weft/config.yaml: server}
   * @throws IllegalArgumentException naming the field and what is wrong
   */
  public static ServerConfig read(
      Map<String, Object> section, Map<String, String> env, String where) {
    ServerConfig c = defaults();
    Map<String, Object> s = section == null ? Map.of() : section;
    Set<String> known =
        Set.of(
            "bind",
            "port",
            "work",
            "allow-shell",
            "allow-files",
            "pipelines",
            "max-body",
            "max-batch",
            "timeout",
            "tokens",
            "jwt-secret-env",
            "webhook-secret",
            "webhook-retry-delay");
    for (String key : s.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            where
                + "."
                + key
                + " is not a setting ("
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
    String bind = s.get("bind") == null ? c.bind() : text(s, "bind", where);
    int port = s.get("port") == null ? c.port() : whole(s, "port", where, 0, 65535);
    boolean work = s.get("work") == null ? c.work() : bool(s, "work", where);
    boolean shell = s.get("allow-shell") != null && bool(s, "allow-shell", where);
    boolean files = s.get("allow-files") != null && bool(s, "allow-files", where);
    Path pipelines = s.get("pipelines") == null ? null : Path.of(text(s, "pipelines", where));
    long body =
        s.get("max-body") == null
            ? c.maxBody()
            : whole(s, "max-body", where, 1024, Integer.MAX_VALUE);
    int batch =
        s.get("max-batch") == null ? c.maxBatch() : whole(s, "max-batch", where, 1, 100_000);
    Duration timeout = duration(s, "timeout", where, c.timeout());
    Duration retryDelay = duration(s, "webhook-retry-delay", where, c.webhookRetryDelay());
    String hookSecret =
        env.get("WEFT_WEBHOOK_SECRET") != null && !env.get("WEFT_WEBHOOK_SECRET").isBlank()
            ? env.get("WEFT_WEBHOOK_SECRET")
            : s.get("webhook-secret") == null ? null : text(s, "webhook-secret", where);
    if (hookSecret != null && hookSecret.length() < 16) {
      throw new IllegalArgumentException(
          "the webhook secret (server.webhook-secret or WEFT_WEBHOOK_SECRET) needs at least 16"
              + " characters");
    }
    List<Token> tokens = new ArrayList<>();
    if (s.get("tokens") != null) {
      if (!(s.get("tokens") instanceof List<?> list)) {
        throw new IllegalArgumentException(where + ".tokens must be a list");
      }
      for (int i = 0; i < list.size(); i++) {
        tokens.add(token(list.get(i), env, where + ".tokens[" + i + "]"));
      }
    }
    String fromEnv = env.get("WEFT_TOKENS");
    if (fromEnv != null && !fromEnv.isBlank()) {
      for (String entry : fromEnv.split(",")) {
        String[] parts = entry.trim().split(":", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
          throw new IllegalArgumentException(
              "WEFT_TOKENS: write user:scope+scope:token entries, comma-separated");
        }
        if (parts[2].length() < 16) {
          throw new IllegalArgumentException(
              "WEFT_TOKENS: the token of " + parts[0] + " needs at least 16 characters");
        }
        tokens.add(
            new Token(parts[2], parts[0], scopes(List.of(parts[1].split("\\+")), "WEFT_TOKENS")));
      }
    }
    String secretVar =
        s.get("jwt-secret-env") == null ? "WEFT_JWT_SECRET" : text(s, "jwt-secret-env", where);
    String secret = env.get(secretVar);
    if (secret != null && secret.length() < 32) {
      throw new IllegalArgumentException(
          secretVar + ": an HS256 secret needs at least 32 characters");
    }
    return new ServerConfig(
        bind,
        port,
        tokens,
        secret == null || secret.isBlank() ? null : secret,
        work,
        shell,
        files,
        pipelines,
        body,
        batch,
        timeout,
        hookSecret,
        retryDelay,
        null,
        false);
  }

  private static Duration duration(
      Map<String, Object> s, String key, String where, Duration otherwise) {
    if (s.get(key) == null) {
      return otherwise;
    }
    String t = text(s, key, where);
    return Durations.parse(t)
        .filter(d -> !d.isZero())
        .orElseThrow(() ->
            new IllegalArgumentException(
                where + "." + key + " is not a duration: " + t + " (" + Durations.HINT + ")"));
  }

  private static Token token(Object entry, Map<String, String> env, String where) {
    if (!(entry instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + " must be a map of user, scopes and token-env");
    }
    for (Object key : map.keySet()) {
      if (!Set.of("user", "scopes", "token", "token-env").contains(String.valueOf(key))) {
        throw new IllegalArgumentException(
            where + "." + key + " is not a setting (user, scopes, token-env, token)");
      }
    }
    Object user = map.get("user");
    if (!(user instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException(where + ".user must name the user the token stands for");
    }
    String secret;
    if (map.get("token-env") instanceof String var) {
      secret = env.get(var);
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException(where + ".token-env: " + var + " is not set");
      }
    } else if (map.get("token") instanceof String literal && !literal.isBlank()) {
      secret = literal;
    } else {
      throw new IllegalArgumentException(where + " needs token-env (or token)");
    }
    if (secret.length() < 16) {
      throw new IllegalArgumentException(where + ": a token needs at least 16 characters");
    }
    List<String> names = new ArrayList<>();
    if (map.get("scopes") instanceof List<?> list) {
      list.forEach(x -> names.add(String.valueOf(x)));
    } else if (map.get("scopes") != null) {
      throw new IllegalArgumentException(where + ".scopes must be a list, e.g. [read, submit]");
    } else {
      names.add("read");
    }
    return new Token(secret, name, scopes(names, where + ".scopes"));
  }

  private static Set<String> scopes(List<String> names, String where) {
    Set<String> scopes = new java.util.LinkedHashSet<>();
    EnumSet<Scope> checked = EnumSet.noneOf(Scope.class);
    for (String n : names) {
      try {
        checked.add(Scope.of(n));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
      scopes.add(n.trim().toLowerCase(java.util.Locale.ROOT));
    }
    return scopes;
  }

  private static String text(Map<String, Object> s, String key, String where) {
    if (s.get(key) instanceof String t && !t.isBlank()) {
      return t;
    }
    throw new IllegalArgumentException(where + "." + key + " must be text, not " + s.get(key));
  }

  private static boolean bool(Map<String, Object> s, String key, String where) {
    if (s.get(key) instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(
        where + "." + key + " must be true or false, not " + s.get(key));
  }

  private static int whole(Map<String, Object> s, String key, String where, long min, long max) {
    if (s.get(key) instanceof Integer n && n >= min && n <= max) {
      return n;
    }
    throw new IllegalArgumentException(
        where
            + "."
            + key
            + " must be a whole number from "
            + min
            + " to "
            + max
            + ", not "
            + s.get(key));
  }
}
