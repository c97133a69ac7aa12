package dev.weft.core.manifest;

import dev.weft.core.BreakerSpec;
import dev.weft.core.CacheSpec;
import dev.weft.core.Defaults;
import dev.weft.core.Dependency;
import dev.weft.core.Durations;
import dev.weft.core.IsolationSpec;
import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RateSpec;
import dev.weft.core.RetrySpec;
import dev.weft.core.RoutingSpec;
import dev.weft.core.RunLimits;
import dev.weft.core.Schedule;
import dev.weft.core.manifest.Tree.ListTree;
import dev.weft.core.manifest.Tree.MapTree;
import dev.weft.core.manifest.Tree.Scalar;
import dev.weft.core.validate.Position;
import dev.weft.core.validate.Problem;
import dev.weft.core.validate.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a read manifest into a {@link Pipeline}, reporting every field of the wrong shape. It keeps
 * going past problems (a bad field reads as absent) so one pass reports them all; graph and type
 * checks are left to the validator.
 */
final class ManifestReader {

  static final Set<String> TOP_FIELDS =
      Set.of(
          "weft",
          "name",
          "description",
          "kind",
          "params",
          "defaults",
          "schedule",
          "limits",
          "nodes");
  static final Set<String> NODE_FIELDS =
      Set.of(
          "id",
          "type",
          "description",
          "after",
          "with",
          "retry",
          "timeout",
          "priority",
          "user",
          "when",
          "exclusive",
          "limit",
          "cache",
          "continue-on-failure",
          "always",
          "tags",
          "breaker",
          "rate",
          "isolation",
          "require",
          "prefer",
          "runtime");
  static final Set<String> RETRY_FIELDS =
      Set.of("attempts", "backoff", "initial", "max", "multiplier", "jitter", "max-time", "on");
  private static final Set<String> DEFAULTS_FIELDS = Set.of("retry", "timeout", "run-timeout");
  private static final Set<String> DEPENDENCY_FIELDS =
      Set.of("id", "required", "capacity", "policy", "output");
  private static final Set<String> CACHE_FIELDS = Set.of("key", "ttl");
  private static final Set<String> LIMIT_FIELDS = Set.of("key");
  private static final Set<String> SCHEDULE_FIELDS = Set.of("cron", "zone");
  private static final Set<String> BREAKER_FIELDS = Set.of("failures", "open");
  private static final Set<String> ISOLATION_FIELDS =
      Set.of("mode", "ready-timeout", "heartbeat", "restart");
  private static final Set<String> RESTART_FIELDS = Set.of("attempts", "backoff");
  private static final Set<String> RATE_FIELDS = Set.of("key", "per-second", "burst");
  private static final Set<String> PREFER_FIELDS = Set.of("labels", "wait");
  private static final Set<String> LIMITS_FIELDS = Set.of("running", "per-type", "limiters");

  /** The manifest format version this reader understands. */
  static final long FORMAT_VERSION = 1;

  private final String file;
  private final Map<String, String> overrides;
  private final String givenBy;
  private final List<Problem> problems;
  private RunParameters params;
  private String nodeId;
  private Kind kind = Kind.TASKS;

  /**
   * @param givenBy who gives the {@code overrides}, as problems name it: {@code --set}, or {@code
   *     node 'load' passes} for a sub-pipeline's parameters
   */
  ManifestReader(
      String file, Map<String, String> overrides, String givenBy, List<Problem> problems) {
    this.file = file;
    this.overrides = overrides;
    this.givenBy = givenBy;
    this.problems = problems;
  }

  Pipeline read(Tree root) {
    if (!(root instanceof MapTree top)) {
      report(
          root,
          "a manifest must be a map",
          "start with: weft: 1, name: ..., kind: tasks, nodes: [...]");
      return null;
    }
    unknownFields(top, TOP_FIELDS, "manifest field");
    params = new RunParameters(declaredParams(top), overrides);
    Tree version = top.get("weft");
    if (version != null
        && !(version instanceof Scalar s && Long.valueOf(FORMAT_VERSION).equals(s.value()))) {
      report(version, "unsupported manifest version " + Tree.describe(version), "write weft: 1");
    }
    String name = string(top, "name", true);
    kind = kind(top);
    Defaults defaults = defaults(top.get("defaults"));
    Schedule schedule = schedule(top.get("schedule"), kind);
    RunLimits limits = limits(top.get("limits"));
    List<Node> nodes = nodes(top);
    checkOverrides(top);
    return new Pipeline(
        name == null ? "" : name, kind, nonNullValues(), defaults, schedule, limits, nodes);
  }

  private Map<String, String> nonNullValues() {
    Map<String, String> values = new LinkedHashMap<>();
    params.values().forEach((k, v) -> values.put(k, v == null ? "" : v));
    return values;
  }

  private Map<String, String> declaredParams(MapTree top) {
    Map<String, String> declared = new LinkedHashMap<>();
    Tree tree = top.get("params");
    if (tree == null) {
      return declared;
    }
    if (!(tree instanceof MapTree map)) {
      report(tree, "params must be a map of names to default values", "e.g. params: {env: dev}");
      return declared;
    }
    map.entries()
        .forEach((key, value) -> {
          if (value instanceof Scalar s) {
            declared.put(key, s.value() == null ? null : s.value().toString());
          } else {
            report(value, "default of parameter '" + key + "' must be a single value", null);
            declared.put(key, null);
          }
        });
    return declared;
  }

  /** A --set for a name nobody declared or used is most likely a typo. */
  private void checkOverrides(MapTree top) {
    MapTree declared = top.get("params") instanceof MapTree m ? m : null;
    for (String key : overrides.keySet()) {
      boolean known = declared != null && declared.has(key);
      if (!known && !params.used().contains(key)) {
        Set<String> candidates = new java.util.TreeSet<>(params.used());
        if (declared != null) {
          candidates.addAll(declared.keys());
        }
        problems.add(
            new Problem(
                new Position(file, 0, 0),
                null,
                givenBy + " " + key + ": the manifest has no parameter '" + key + "'",
                Suggestions.didYouMean(key, candidates, "parameters")));
      }
    }
  }

  private Kind kind(MapTree top) {
    if (!top.has("kind")) {
      report(top, "missing field 'kind'", "add kind: tasks or kind: stream");
      return Kind.TASKS;
    }
    String text = string(top, "kind", false);
    if (text == null) {
      return Kind.TASKS;
    }
    return Kind.parse(text)
        .orElseGet(() -> {
          report(
              top.get("kind"),
              "unknown kind '" + text + "'",
              "use one of: " + String.join(", ", Kind.manifestNames()));
          return Kind.TASKS;
        });
  }

  private Defaults defaults(Tree tree) {
    if (tree == null) {
      return Defaults.NONE;
    }
    if (!(tree instanceof MapTree map)) {
      report(tree, "defaults must be a map", "e.g. defaults: {timeout: 30s}");
      return Defaults.NONE;
    }
    unknownFields(map, DEFAULTS_FIELDS, "defaults field");
    return new Defaults(
        retry(map.get("retry")), duration(map, "timeout"), duration(map, "run-timeout"));
  }

  private Schedule schedule(Tree tree, Kind kind) {
    if (tree == null) {
      return null;
    }
    String cron;
    String zone = "UTC";
    if (tree instanceof MapTree map) {
      unknownFields(map, SCHEDULE_FIELDS, "schedule field");
      cron = string(map, "cron", true);
      zone = map.has("zone") ? string(map, "zone", false) : zone;
      try {
        Schedule.checkZone(zone);
      } catch (IllegalArgumentException e) {
        report(map.get("zone"), e.getMessage(), Schedule.zoneHint(zone));
        zone = null;
      }
    } else {
      cron = substitutedField(tree) instanceof String text ? text : null;
      if (cron == null) {
        report(tree, "schedule must be a cron expression or {cron: ..., zone: ...}", Schedule.HINT);
      }
    }
    if (kind != Kind.TASKS) {
      report(tree, "only a kind: tasks pipeline can have a schedule", "remove schedule:");
      return null;
    }
    if (cron == null || zone == null) {
      return null;
    }
    try {
      return new Schedule(cron, zone);
    } catch (IllegalArgumentException e) {
      report(tree instanceof MapTree map ? map.get("cron") : tree, e.getMessage(), Schedule.HINT);
      return null;
    }
  }

  private RunLimits limits(Tree tree) {
    if (tree == null) {
      return RunLimits.NONE;
    }
    if (!(tree instanceof MapTree map)) {
      report(tree, "limits must be a map", "e.g. limits: {running: 4, per-type: {http: 2}}");
      return RunLimits.NONE;
    }
    unknownFields(map, LIMITS_FIELDS, "limits field");
    Long running = positive(map, "running");
    Map<String, Integer> perType = caps(map, "per-type");
    return new RunLimits(
        running == null ? null : running.intValue(), perType, caps(map, "limiters"));
  }

  /** A map of names to caps of at least 1, e.g. {@code per-type: {http: 2}}. */
  private Map<String, Integer> caps(MapTree map, String field) {
    Map<String, Integer> caps = new LinkedHashMap<>();
    Tree tree = map.get(field);
    if (tree instanceof MapTree names) {
      for (String name : names.keys()) {
        Long cap = positive(names, name);
        if (cap != null) {
          caps.put(name, cap.intValue());
        }
      }
    } else if (tree != null) {
      report(tree, field + " must be a map of names to caps", "e.g. " + field + ": {gpu: 2}");
    }
    return caps;
  }

  /** A whole number of at least 1, or null (reported) when it is not one. */
  private Long positive(MapTree map, String field) {
    Long value = integer(map, field);
    if (value != null && (value < 1 || value > Integer.MAX_VALUE)) {
      report(map.get(field), field + " must be at least 1", "leave it out for no cap");
      return null;
    }
    return value;
  }

  private List<Node> nodes(MapTree top) {
    Tree tree = top.get("nodes");
    if (tree == null || tree instanceof ListTree empty && empty.items().isEmpty()) {
      report(
          tree == null ? top : tree,
          "the pipeline has no nodes",
          "add nodes: with at least one node");
      return List.of();
    }
    if (!(tree instanceof ListTree list)) {
      report(tree, "nodes must be a list", "write each node as an item: - id: ...");
      return List.of();
    }
    List<Node> nodes = new ArrayList<>(list.items().size());
    for (Tree item : list.items()) {
      nodeId = null;
      if (item instanceof MapTree map) {
        nodes.add(node(map));
      } else {
        report(item, "a node must be a map", "write - id: NAME, type: TYPE");
        nodes.add(Node.builder(null, null).build());
      }
    }
    nodeId = null;
    return nodes;
  }

  private Node node(MapTree map) {
    nodeId = string(map, "id", false);
    unknownFields(map, NODE_FIELDS, "node field");
    Node.Builder node = Node.builder(nodeId, string(map, "type", false));
    after(map.get("after")).forEach(node::after);
    node.with(with(map.get("with")));
    node.retry(retry(map.get("retry")));
    node.timeout(duration(map, "timeout"));
    Long priority = integer(map, "priority");
    if (priority != null) {
      node.priority(priority.intValue());
    }
    node.user(string(map, "user", false));
    node.when(rawString(map, "when"));
    node.exclusive(string(map, "exclusive", false));
    node.limit(limit(map.get("limit")));
    node.cache(cache(map.get("cache")));
    node.continueOnFailure(bool(map, "continue-on-failure"));
    node.always(bool(map, "always"));
    node.tags(stringList(map, "tags").toArray(String[]::new));
    node.breaker(breaker(map));
    node.rate(rate(map.get("rate")));
    node.isolation(isolation(map.get("isolation")));
    node.routing(routing(map));
    if (map.has("runtime") && kind != Kind.STREAM) {
      report(map.get("runtime"), "runtime is an option of stream nodes", "remove it");
    } else {
      node.runtime(string(map, "runtime", false));
    }
    return node.build();
  }

  private List<Dependency> after(Tree tree) {
    if (tree == null) {
      return List.of();
    }
    List<Tree> items = tree instanceof ListTree list ? list.items() : List.of(tree);
    List<Dependency> deps = new ArrayList<>(items.size());
    for (Tree item : items) {
      switch (item) {
        case Scalar(var l, var c, String id) -> deps.add(Dependency.on(id));
        case MapTree map -> {
          unknownFields(map, DEPENDENCY_FIELDS, "dependency field");
          String id = string(map, "id", true);
          Tree required = map.get("required");
          boolean optional = required instanceof Scalar(var l, var c, Boolean b) && !b;
          if (required != null && !(required instanceof Scalar(var l, var c, Boolean b))) {
            report(required, "required must be true or false", null);
          }
          if (id != null) {
            deps.add(
                new Dependency(id, !optional, edgeCapacity(map), edgePolicy(map), edgeOutput(map)));
          }
        }
        default ->
            report(
                item,
                "a dependency must be a node id or {id: ..., required: false}, not "
                    + Tree.describe(item),
                null);
      }
    }
    return deps;
  }

  private RateSpec rate(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (kind != Kind.TASKS) {
      report(tree, "rate is an option of tasks pipelines", "use a rate-limit node in a stream");
      return null;
    }
    if (!(tree instanceof MapTree map)) {
      report(tree, "rate must be a map", "e.g. rate: {key: user, per-second: 5, burst: 10}");
      return null;
    }
    unknownFields(map, RATE_FIELDS, "rate field");
    String key = string(map, "key", true);
    Double perSecond = number(map, "per-second");
    if (perSecond == null || perSecond <= 0) {
      report(map, "rate needs per-second above 0", "e.g. rate: {key: user, per-second: 5}");
      return null;
    }
    Long burst = map.has("burst") ? positive(map, "burst") : Long.valueOf(1);
    return key == null || burst == null ? null : new RateSpec(key, perSecond, burst.intValue());
  }

  private static final String PREFER_HINT =
      "write prefer: [warm-model], or prefer: {labels: [warm-model], wait: 5s}";

  /** {@code require:} and {@code prefer:}, the worker labels a task needs or favours. */
  private RoutingSpec routing(MapTree node) {
    if (!node.has("require") && !node.has("prefer")) {
      return null;
    }
    if (kind != Kind.TASKS) {
      Tree at = node.has("require") ? node.get("require") : node.get("prefer");
      report(at, "require and prefer are options of tasks pipelines", "remove them from a stream");
      return null;
    }
    List<String> require = labels(node, "require");
    List<String> prefer = List.of();
    Duration wait = null;
    Tree tree = node.get("prefer");
    if (tree instanceof MapTree map) {
      unknownFields(map, PREFER_FIELDS, "prefer field");
      prefer = labels(map, "labels");
      wait = duration(map, "wait");
      if (prefer.isEmpty()) {
        report(map, "prefer needs labels", PREFER_HINT);
      }
    } else if (tree != null) {
      prefer = labels(node, "prefer");
    }
    return new RoutingSpec(require, prefer, wait);
  }

  /** A list of worker labels: letters, digits, '-', '_', '.' and ':' (commas separate them). */
  private List<String> labels(MapTree map, String field) {
    List<String> labels = stringList(map, field);
    for (String label : labels) {
      if (!RoutingSpec.isLabel(label)) {
        report(
            map.get(field),
            "bad label '" + label + "' in " + field,
            "labels are letters, digits and - _ . : (e.g. gpu, region:eu)");
      }
    }
    return labels;
  }

  private static final String ISOLATION_HINT =
      "write isolation: process, or isolation: {mode: process, ready-timeout: 1m, heartbeat: 10s,"
          + " restart: {attempts: 3, backoff: 1s}}";

  private IsolationSpec isolation(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (kind != Kind.STREAM) {
      report(tree, "isolation is an option of stream nodes", "remove it from this tasks pipeline");
      return null;
    }
    if (tree instanceof Scalar(var l, var c, String mode)) {
      return isolationMode(tree, mode) ? IsolationSpec.DEFAULT : null;
    }
    if (!(tree instanceof MapTree map)) {
      report(tree, "isolation must be process or a map", ISOLATION_HINT);
      return null;
    }
    unknownFields(map, ISOLATION_FIELDS, "isolation field");
    String mode = string(map, "mode", true);
    if (mode != null && !isolationMode(map.get("mode"), mode)) {
      return null;
    }
    IsolationSpec spec = IsolationSpec.DEFAULT;
    Duration ready = duration(map, "ready-timeout");
    Duration heartbeat = duration(map, "heartbeat");
    int restarts = spec.restarts();
    Duration backoff = spec.backoff();
    if (map.get("restart") instanceof MapTree restart) {
      unknownFields(restart, RESTART_FIELDS, "restart field");
      Long attempts = integer(restart, "attempts");
      if (attempts != null && (attempts < 0 || attempts > 1000)) {
        report(restart.get("attempts"), "restart attempts must be from 0 to 1000", null);
      } else if (attempts != null) {
        restarts = attempts.intValue();
      }
      Duration pause = duration(restart, "backoff");
      backoff = pause == null ? backoff : pause;
    } else if (map.has("restart")) {
      report(
          map.get("restart"), "restart must be a map", "e.g. restart: {attempts: 3, backoff: 1s}");
    }
    return new IsolationSpec(
        ready == null ? spec.readyTimeout() : ready,
        heartbeat == null ? spec.heartbeat() : heartbeat,
        restarts,
        backoff);
  }

  private boolean isolationMode(Tree at, String mode) {
    if (mode.equals("process")) {
      return true;
    }
    if (!mode.equals("thread")) {
      report(at, "unknown isolation '" + mode + "'", ISOLATION_HINT);
    }
    return false;
  }

  private BreakerSpec breaker(MapTree node) {
    if (!streamOnly(node, "breaker")) {
      return null;
    }
    if (!(node.get("breaker") instanceof MapTree map)) {
      report(
          node.get("breaker"), "breaker must be a map", "e.g. breaker: {failures: 5, open: 30s}");
      return null;
    }
    unknownFields(map, BREAKER_FIELDS, "breaker field");
    Long failures = positive(map, "failures");
    Duration open = duration(map, "open");
    if (failures == null || open == null) {
      report(map, "breaker needs failures and open", "e.g. breaker: {failures: 5, open: 30s}");
      return null;
    }
    return new BreakerSpec(failures.intValue(), open);
  }

  private Integer edgeCapacity(MapTree map) {
    Long capacity = streamOnly(map, "capacity") ? positive(map, "capacity") : null;
    return capacity == null ? null : capacity.intValue();
  }

  private String edgePolicy(MapTree map) {
    String policy = streamOnly(map, "policy") ? string(map, "policy", false) : null;
    if (policy != null && !Dependency.POLICIES.contains(policy)) {
      report(
          map.get("policy"),
          "unknown edge policy '" + policy + "'",
          "use one of: " + String.join(", ", Dependency.POLICIES));
      return null;
    }
    return policy;
  }

  private String edgeOutput(MapTree map) {
    String output = streamOnly(map, "output") ? string(map, "output", false) : null;
    if (output != null && !output.equals("errors")) {
      report(
          map.get("output"),
          "unknown output '" + output + "'",
          "output: errors reads the messages the node gave up on");
      return null;
    }
    return output;
  }

  /** Whether {@code field} is present, and allowed here: edge options belong to stream edges. */
  private boolean streamOnly(MapTree map, String field) {
    if (!map.has(field)) {
      return false;
    }
    if (kind != Kind.STREAM) {
      report(
          map.get(field),
          field + " is an option of stream edges",
          "remove it from this tasks pipeline");
      return false;
    }
    return true;
  }

  private Map<String, Object> with(Tree tree) {
    if (tree == null) {
      return Map.of();
    }
    if (!(tree instanceof MapTree map)) {
      report(tree, "with must be a map of config keys to values", null);
      return Map.of();
    }
    Map<String, Object> config = new LinkedHashMap<>();
    map.entries().forEach((key, value) -> config.put(key, plain(value)));
    return config;
  }

  /** Config values as plain Java objects, run parameters substituted. */
  private Object plain(Tree tree) {
    return switch (tree) {
      case MapTree map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.entries().forEach((k, v) -> out.put(k, plain(v)));
        yield out;
      }
      case ListTree list -> list.items().stream().map(this::plain).toList();
      case Scalar(var l, var c, String text) -> substituted(tree, text);
      case Scalar s -> s.value();
    };
  }

  private RetrySpec retry(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (!(tree instanceof MapTree map)) {
      report(
          tree,
          "retry must be a map",
          "e.g. retry: {attempts: 3, backoff: exponential, initial: 100ms, max: 5s}");
      return null;
    }
    unknownFields(map, RETRY_FIELDS, "retry field");
    Long attempts = integer(map, "attempts");
    if (attempts != null && attempts < 1) {
      report(map.get("attempts"), "attempts must be at least 1", "1 means no retry");
      attempts = null;
    }
    RetrySpec.BackoffKind backoff = backoffKind(map);
    Duration initial = duration(map, "initial");
    Duration max = duration(map, "max");
    Double multiplier = number(map, "multiplier");
    if (multiplier != null && !(multiplier >= 1 && multiplier <= Double.MAX_VALUE)) {
      report(
          map.get("multiplier"),
          "multiplier must be a finite number of at least 1",
          "2 doubles each delay; the largest allowed is " + Double.MAX_VALUE);
      multiplier = null;
    }
    Double jitter = number(map, "jitter");
    if (jitter != null && (jitter < 0 || jitter > 1)) {
      report(
          map.get("jitter"),
          "jitter must be from 0 to 1",
          "0.2 spreads each delay by up to 20% either way");
      jitter = null;
    }
    if (backoff == null) {
      backoff = initial == null ? RetrySpec.BackoffKind.NONE : RetrySpec.BackoffKind.FIXED;
    }
    return new RetrySpec(
        attempts == null ? 3 : attempts.intValue(),
        backoff,
        initial == null ? Duration.ofMillis(100) : initial,
        max,
        multiplier == null ? RetrySpec.DEFAULT_MULTIPLIER : multiplier,
        jitter == null ? 0 : jitter,
        duration(map, "max-time"),
        stringList(map, "on"));
  }

  private RetrySpec.BackoffKind backoffKind(MapTree map) {
    String text = string(map, "backoff", false);
    if (text == null) {
      return null;
    }
    return Arrays.stream(RetrySpec.BackoffKind.values())
        .filter(k -> k.manifestName().equals(text))
        .findFirst()
        .orElseGet(() -> {
          report(
              map.get("backoff"),
              "unknown backoff '" + text + "'",
              "use none, fixed or exponential");
          return null;
        });
  }

  private String limit(Tree tree) {
    return switch (tree) {
      case null -> null;
      case Scalar(var l, var c, String key) -> {
        Object value = substituted(tree, key);
        yield value == null ? null : value.toString();
      }
      case MapTree map -> {
        unknownFields(map, LIMIT_FIELDS, "limit field");
        yield string(map, "key", true);
      }
      default -> {
        report(tree, "limit must be a limiter name or {key: NAME}", null);
        yield null;
      }
    };
  }

  private CacheSpec cache(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (!(tree instanceof MapTree map)) {
      report(tree, "cache must be a map", "e.g. cache: {key: auto, ttl: 1d}");
      return null;
    }
    unknownFields(map, CACHE_FIELDS, "cache field");
    String key = rawString(map, "key");
    return new CacheSpec(key == null ? "auto" : key, duration(map, "ttl"));
  }

  // --- typed field readers: each reports a value of the wrong type and reads it as absent ---

  private String string(MapTree map, String field, boolean required) {
    Object value = substitutedField(map, field, required);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    wrongType(map, field, "a string", "quote it: " + field + ": \"" + value + "\"");
    return null;
  }

  /** A string kept as written: conditions and expressions resolve references themselves. */
  private String rawString(MapTree map, String field) {
    Tree tree = map.get(field);
    if (tree == null) {
      return null;
    }
    if (tree instanceof Scalar(var l, var c, String text)) {
      return text;
    }
    wrongType(map, field, "a string", null);
    return null;
  }

  private Long integer(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null || value instanceof Long) {
      return (Long) value;
    }
    wrongType(
        map,
        field,
        "a whole number",
        value instanceof BigInteger ? "the number is too large" : null);
    return null;
  }

  private Double number(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null || value instanceof Number) {
      return value == null ? null : ((Number) value).doubleValue();
    }
    wrongType(map, field, "a number", null);
    return null;
  }

  private boolean bool(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    wrongType(map, field, "true or false", null);
    return false;
  }

  private Duration duration(MapTree map, String field) {
    Object value = substitutedField(map, field, false);
    if (value == null) {
      return null;
    }
    Duration duration = value instanceof String s ? Durations.parse(s).orElse(null) : null;
    if (duration == null) {
      boolean tooLong = value instanceof String s && Durations.tooLong(s);
      report(
          map.get(field),
          (tooLong ? "too long a duration " : "bad duration ")
              + (value instanceof String ? "'" + value + "'" : String.valueOf(value))
              + " for "
              + field,
          Durations.hint(value));
    }
    return duration;
  }

  private List<String> stringList(MapTree map, String field) {
    Tree tree = map.get(field);
    if (tree == null) {
      return List.of();
    }
    List<Tree> items = tree instanceof ListTree list ? list.items() : List.of(tree);
    List<String> values = new ArrayList<>(items.size());
    for (Tree item : items) {
      if (item instanceof Scalar(var l, var c, String s)) {
        values.add(s);
      } else {
        report(item, field + " must be a list of strings, not " + Tree.describe(item), null);
      }
    }
    return values;
  }

  private Object substitutedField(MapTree map, String field, boolean required) {
    Tree tree = map.get(field);
    if (tree == null) {
      if (required) {
        report(map, "missing field '" + field + "'", null);
      }
      return null;
    }
    return substitutedField(tree);
  }

  private Object substitutedField(Tree tree) {
    return switch (tree) {
      case Scalar(var l, var c, String text) -> substituted(tree, text);
      case Scalar s -> s.value();
      default -> tree;
    };
  }

  private Object substituted(Tree at, String text) {
    RunParameters.Result result = params.substitute(text);
    if (result.error() != null) {
      report(at, result.error().message(), result.error().hint());
    }
    return result.value();
  }

  private void wrongType(MapTree map, String field, String expected, String hint) {
    Tree value = map.get(field);
    report(value, field + " must be " + expected + ", not " + Tree.describe(value), hint);
  }

  private void unknownFields(MapTree map, Set<String> known, String what) {
    for (String key : map.keys()) {
      if (!known.contains(key)) {
        int[] at = map.keyPosition(key);
        problems.add(
            new Problem(
                new Position(file, at[0], at[1]),
                nodeId,
                "unknown " + what + " '" + key + "'",
                Suggestions.didYouMean(key, known, "known fields")));
      }
    }
  }

  private void report(Tree at, String message, String hint) {
    problems.add(new Problem(new Position(file, at.line(), at.column()), nodeId, message, hint));
  }
}
