package dev.weft.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.core.Durations;
import dev.weft.core.validate.Suggestions;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.store.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the processes that run tasks, from a YAML file ({@code .weft/config.yaml} unless
 * {@code --config} or {@code WEFT_CONFIG} names another); options on the command line win.
 *
 * <pre>
 * db: postgresql://weft@db-host/weft   # the task store, when --db and WEFT_DB name none
 * concurrency: 8              # tasks this process runs at once
 * allow-shell: false          # let 'shell' tasks run programs
 * limits:                     # caps across every worker of the store
 *   running: 16
 *   per-user: 4
 *   per-run: 8
 *   per-type: { http: 4 }
 *   limiters: { gpu: 2 }      # capacities of named limiters (limit: {key: gpu})
 * breaker: { failures: 5, open: 30s }   # a circuit breaker per task type
 * defaults: { timeout: 10m, run-timeout: 2h }   # for pipelines that set none
 * event-retention: 7d        # how long the store's event log keeps events (GET /events)
 * server: { bind: 127.0.0.1, port: 8080 }      # weft server (see ServerConfig)
 * tracing:                   # OpenTelemetry spans over OTLP/HTTP; OTEL_* variables win
 *   endpoint: http://collector:4318
 *   service-name: weft
 *   headers: { x-api-key: secret }
 * </pre>
 *
 * @param db the task store's location, or {@code null} when not set
 * @param concurrency or {@code null} when not set
 * @param allowShell whether shell tasks may run
 * @param limits caps on running tasks
 * @param breaker circuit-breaker settings, or {@code null}
 * @param defaults attempt and run timeouts for pipelines that set none
 * @param eventRetention how long the event log keeps events, or {@code null} when not set
 * @param server the {@code server:} section as it is, read by {@code weft server}, or {@code null}
 * @param tracing the {@code tracing:} section as OpenTelemetry SDK properties ({@code otel.*});
 *     empty when not set
 */
record ConfigFile(
    String db,
    Integer concurrency,
    boolean allowShell,
    Limits limits,
    EngineOptions.Breaker breaker,
    dev.weft.core.Defaults defaults,
    Duration eventRetention,
    Map<String, Object> server,
    Map<String, String> tracing) {

  /** The file read when none is named. */
  static final Path DEFAULT = Path.of(".weft", "config.yaml");

  /**
   * The config file {@code named} (by {@code --config}), else the one {@code WEFT_CONFIG} names,
   * else {@link #DEFAULT} when it exists.
   */
  static ConfigFile locate(Path named) {
    if (named != null) {
      return read(named, true);
    }
    String env = System.getenv("WEFT_CONFIG");
    return env != null && !env.isBlank() ? read(Path.of(env), true) : read(DEFAULT, false);
  }

  static final ConfigFile EMPTY =
      new ConfigFile(
          null, null, false, Limits.NONE, null, dev.weft.core.Defaults.NONE, null, null, Map.of());

  private static final Set<String> FIELDS =
      Set.of(
          "db",
          "concurrency",
          "allow-shell",
          "limits",
          "breaker",
          "defaults",
          "event-retention",
          "server",
          "tracing");
  private static final Set<String> DEFAULTS_FIELDS = Set.of("timeout", "run-timeout");
  private static final Set<String> LIMIT_FIELDS =
      Set.of("running", "per-user", "per-run", "per-type");
  private static final Set<String> BREAKER_FIELDS = Set.of("failures", "open");
  private static final Set<String> TRACING_FIELDS = Set.of("endpoint", "service-name", "headers");

  /**
   * Reads {@code file}; a missing file gives no settings unless it was named explicitly.
   *
   * @throws UserError naming the file and field of anything wrong
   */
  static ConfigFile read(Path file, boolean named) {
    if (!Files.exists(file)) {
      if (named) {
        throw new UserError(file + ": no such config file");
      }
      return EMPTY;
    }
    Object tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
    } catch (JacksonException e) {
      // The parser's message spans lines with an excerpt; keep its sentences only.
      String reason =
          String.join(
              ": ",
              e.getOriginalMessage()
                  .lines()
                  .filter(l -> !l.isBlank() && !l.startsWith(" "))
                  .toList());
      throw new UserError(file + ":" + e.getLocation().getLineNr() + ": not valid YAML: " + reason);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
    return new Reader(file).config(tree);
  }

  /** Reads the settings, naming the file and the field of the first thing wrong. */
  private record Reader(Path file) {

    ConfigFile config(Object tree) {
      if (tree == null) {
        return EMPTY;
      }
      Map<String, Object> top = map(tree, "the config");
      known(top, FIELDS, "");
      return new ConfigFile(
          text(top, "db"),
          positive(top, "concurrency", ""),
          Boolean.TRUE.equals(bool(top, "allow-shell")),
          limits(top.get("limits")),
          breaker(top.get("breaker")),
          defaults(top.get("defaults")),
          retention(top.get("event-retention")),
          top.get("server") == null ? null : map(top.get("server"), "server"),
          tracing(top.get("tracing")));
    }

    /** The {@code tracing:} section as the OpenTelemetry SDK's properties. */
    private Map<String, String> tracing(Object tree) {
      if (tree == null) {
        return Map.of();
      }
      Map<String, Object> tracing = map(tree, "tracing");
      known(tracing, TRACING_FIELDS, "tracing.");
      Map<String, String> properties = new LinkedHashMap<>();
      Object endpoint = tracing.get("endpoint");
      if (endpoint != null) {
        if (!(endpoint instanceof String url)
            || !(url.startsWith("http://") || url.startsWith("https://"))) {
          throw error(
              "tracing.endpoint",
              "must be an http:// or https:// address, not " + endpoint,
              "the collector's OTLP/HTTP address, e.g. http://localhost:4318");
        }
        properties.put("otel.exporter.otlp.endpoint", url);
      }
      Object service = tracing.get("service-name");
      if (service != null) {
        if (!(service instanceof String name) || name.isBlank()) {
          throw error("tracing.service-name", "must be text, not " + service, "e.g. weft-prod");
        }
        properties.put("otel.service.name", name);
      }
      if (tracing.get("headers") != null) {
        List<String> headers = new ArrayList<>();
        map(tracing.get("headers"), "tracing.headers")
            .forEach((name, value) -> headers.add(name + "=" + value));
        properties.put("otel.exporter.otlp.headers", String.join(",", headers));
      }
      return Map.copyOf(properties);
    }

    private dev.weft.core.Defaults defaults(Object tree) {
      if (tree == null) {
        return dev.weft.core.Defaults.NONE;
      }
      Map<String, Object> defaults = map(tree, "defaults");
      known(defaults, DEFAULTS_FIELDS, "defaults.");
      return new dev.weft.core.Defaults(
          null, duration(defaults, "timeout"), duration(defaults, "run-timeout"));
    }

    private Duration retention(Object value) {
      if (value == null) {
        return null;
      }
      return (value instanceof String text
              ? Durations.parse(text).filter(d -> !d.isZero())
              : java.util.Optional.<Duration>empty())
          .orElseThrow(
              () -> error("event-retention", "is not a duration: " + value, "e.g. 7d or 12h"));
    }

    private Duration duration(Map<String, Object> map, String key) {
      Object value = map.get(key);
      if (value == null) {
        return null;
      }
      return (value instanceof String text
              ? Durations.parse(text)
              : java.util.Optional.<Duration>empty())
          .orElseThrow(
              () -> error("defaults." + key, "is not a duration: " + value, Durations.HINT));
    }

    private Limits limits(Object tree) {
      if (tree == null) {
        return Limits.NONE;
      }
      Map<String, Object> limits = map(tree, "limits");
      known(limits, LIMIT_FIELDS, "limits.");
      return new Limits(
          positive(limits, "running", "limits."),
          positive(limits, "per-user", "limits."),
          positive(limits, "per-run", "limits."),
          caps(limits, "per-type"),
          caps(limits, "limiters"));
    }

    private Map<String, Integer> caps(Map<String, Object> limits, String field) {
      Map<String, Integer> caps = new LinkedHashMap<>();
      if (limits.get(field) != null) {
        Map<String, Object> names = map(limits.get(field), "limits." + field);
        for (String name : names.keySet()) {
          caps.put(name, positive(names, name, "limits." + field + "."));
        }
      }
      return caps;
    }

    private EngineOptions.Breaker breaker(Object tree) {
      if (tree == null) {
        return null;
      }
      Map<String, Object> breaker = map(tree, "breaker");
      known(breaker, BREAKER_FIELDS, "breaker.");
      Integer failures = positive(breaker, "failures", "breaker.");
      Object open = breaker.get("open");
      Duration duration = open instanceof String text ? Durations.parse(text).orElse(null) : null;
      if (failures == null || duration == null) {
        throw error("breaker", "needs failures and open", "e.g. breaker: {failures: 5, open: 30s}");
      }
      return new EngineOptions.Breaker(failures, duration);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object tree, String field) {
      if (tree instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
      throw error(field, "must be a map", null);
    }

    private void known(Map<String, Object> map, Set<String> fields, String prefix) {
      for (String key : map.keySet()) {
        if (!fields.contains(key)) {
          throw error(
              prefix + key, "is not a setting", Suggestions.didYouMean(key, fields, "settings"));
        }
      }
    }

    private Integer positive(Map<String, Object> map, String key, String prefix) {
      Object value = map.get(key);
      if (value == null) {
        return null;
      }
      if (value instanceof Integer n && n >= 1) {
        return n;
      }
      throw error(prefix + key, "must be a whole number of at least 1, not " + value, null);
    }

    private String text(Map<String, Object> map, String key) {
      Object value = map.get(key);
      if (value == null || value instanceof String text && !text.isBlank()) {
        return (String) value;
      }
      throw error(key, "must be text, not " + value, "e.g. db: postgresql://weft@db-host/weft");
    }

    private Boolean bool(Map<String, Object> map, String key) {
      Object value = map.get(key);
      if (value == null || value instanceof Boolean) {
        return (Boolean) value;
      }
      throw error(key, "must be true or false, not " + value, null);
    }

    private UserError error(String field, String message, String hint) {
      return new UserError(
          file + ": " + field + " " + message + (hint == null ? "" : " (" + hint + ")"));
    }
  }
}
