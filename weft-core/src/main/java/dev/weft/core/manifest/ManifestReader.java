package dev.weft.core.manifest;

import dev.weft.core.Defaults;
import dev.weft.core.Dependency;
import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.RunLimits;
import dev.weft.core.Schedule;
import dev.weft.core.manifest.Tree.ListTree;
import dev.weft.core.manifest.Tree.MapTree;
import dev.weft.core.manifest.Tree.Scalar;
import dev.weft.core.validate.Position;
import dev.weft.core.validate.Problem;
import dev.weft.core.validate.Suggestions;
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

  /** The fields every node may have, whatever its pipeline's kind. */
  static final Set<String> COMMON_NODE_FIELDS =
      Set.of("id", "type", "description", "after", "with", "retry", "tags");

  /** Every node field: the common ones, and those of each runtime's section. */
  static final Set<String> NODE_FIELDS = nodeFields();

  static final Set<String> RETRY_FIELDS =
      Set.of("attempts", "backoff", "initial", "max", "multiplier", "jitter", "max-time", "on");
  private static final Set<String> DEFAULTS_FIELDS = Set.of("retry", "timeout", "run-timeout");
  private static final Set<String> DEPENDENCY_FIELDS =
      Set.of("id", "required", "capacity", "policy", "output");
  private static final Set<String> SCHEDULE_FIELDS = Set.of("cron", "zone");
  private static final Set<String> LIMITS_FIELDS = Set.of("running", "per-type", "limiters");

  /** The manifest format version this reader understands. */
  static final long FORMAT_VERSION = 1;

  private final String file;
  private final Map<String, String> overrides;
  private final String givenBy;
  private final List<Problem> problems;
  private final Fields f;
  private final TaskOptionsReader tasks;
  private final StreamOptionsReader stream;
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
    this.f = new Fields(file, problems);
    this.tasks = new TaskOptionsReader(f);
    this.stream = new StreamOptionsReader(f);
  }

  private static Set<String> nodeFields() {
    Set<String> all = new java.util.HashSet<>(COMMON_NODE_FIELDS);
    all.addAll(TaskOptionsReader.FIELDS.keySet());
    all.addAll(StreamOptionsReader.FIELDS.keySet());
    return Set.copyOf(all);
  }

  Pipeline read(Tree root) {
    if (!(root instanceof MapTree top)) {
      f.report(
          root,
          "a manifest must be a map",
          "start with: weft: 1, name: ..., kind: tasks, nodes: [...]");
      return null;
    }
    f.unknownFields(top, TOP_FIELDS, "manifest field");
    f.params = new RunParameters(declaredParams(top), overrides);
    Tree version = top.get("weft");
    if (version != null
        && !(version instanceof Scalar s && Long.valueOf(FORMAT_VERSION).equals(s.value()))) {
      f.report(version, "unsupported manifest version " + Tree.describe(version), "write weft: 1");
    }
    String name = f.string(top, "name", true);
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
    f.params.values().forEach((k, v) -> values.put(k, v == null ? "" : v));
    return values;
  }

  private Map<String, String> declaredParams(MapTree top) {
    Map<String, String> declared = new LinkedHashMap<>();
    Tree tree = top.get("params");
    if (tree == null) {
      return declared;
    }
    if (!(tree instanceof MapTree map)) {
      f.report(tree, "params must be a map of names to default values", "e.g. params: {env: dev}");
      return declared;
    }
    map.entries()
        .forEach((key, value) -> {
          if (value instanceof Scalar s) {
            declared.put(key, s.value() == null ? null : s.value().toString());
          } else {
            f.report(value, "default of parameter '" + key + "' must be a single value", null);
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
      if (!known && !f.params.used().contains(key)) {
        Set<String> candidates = new java.util.TreeSet<>(f.params.used());
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
      f.report(top, "missing field 'kind'", "add kind: tasks or kind: stream");
      return Kind.TASKS;
    }
    String text = f.string(top, "kind", false);
    if (text == null) {
      return Kind.TASKS;
    }
    return Kind.parse(text)
        .orElseGet(() -> {
          f.report(
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
      f.report(tree, "defaults must be a map", "e.g. defaults: {timeout: 30s}");
      return Defaults.NONE;
    }
    f.unknownFields(map, DEFAULTS_FIELDS, "defaults field");
    return new Defaults(
        retry(map.get("retry")), f.duration(map, "timeout"), f.duration(map, "run-timeout"));
  }

  private Schedule schedule(Tree tree, Kind kind) {
    if (tree == null) {
      return null;
    }
    String cron;
    String zone = "UTC";
    if (tree instanceof MapTree map) {
      f.unknownFields(map, SCHEDULE_FIELDS, "schedule field");
      cron = f.string(map, "cron", true);
      zone = map.has("zone") ? f.string(map, "zone", false) : zone;
      try {
        Schedule.checkZone(zone);
      } catch (IllegalArgumentException e) {
        f.report(map.get("zone"), e.getMessage(), Schedule.zoneHint(zone));
        zone = null;
      }
    } else {
      cron = f.substitutedField(tree) instanceof String text ? text : null;
      if (cron == null) {
        f.report(
            tree, "schedule must be a cron expression or {cron: ..., zone: ...}", Schedule.HINT);
      }
    }
    if (kind != Kind.TASKS) {
      f.report(tree, "only a kind: tasks pipeline can have a schedule", "remove schedule:");
      return null;
    }
    if (cron == null || zone == null) {
      return null;
    }
    try {
      return new Schedule(cron, zone);
    } catch (IllegalArgumentException e) {
      f.report(tree instanceof MapTree map ? map.get("cron") : tree, e.getMessage(), Schedule.HINT);
      return null;
    }
  }

  private RunLimits limits(Tree tree) {
    if (tree == null) {
      return RunLimits.NONE;
    }
    if (!(tree instanceof MapTree map)) {
      f.report(tree, "limits must be a map", "e.g. limits: {running: 4, per-type: {http: 2}}");
      return RunLimits.NONE;
    }
    f.unknownFields(map, LIMITS_FIELDS, "limits field");
    Long running = f.positive(map, "running");
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
        Long cap = f.positive(names, name);
        if (cap != null) {
          caps.put(name, cap.intValue());
        }
      }
    } else if (tree != null) {
      f.report(tree, field + " must be a map of names to caps", "e.g. " + field + ": {gpu: 2}");
    }
    return caps;
  }

  /** A whole number of at least 1, or null (reported) when it is not one. */
  private List<Node> nodes(MapTree top) {
    Tree tree = top.get("nodes");
    if (tree == null || tree instanceof ListTree empty && empty.items().isEmpty()) {
      f.report(
          tree == null ? top : tree,
          "the pipeline has no nodes",
          "add nodes: with at least one node");
      return List.of();
    }
    if (!(tree instanceof ListTree list)) {
      f.report(tree, "nodes must be a list", "write each node as an item: - id: ...");
      return List.of();
    }
    List<Node> nodes = new ArrayList<>(list.items().size());
    for (Tree item : list.items()) {
      f.nodeId = null;
      if (item instanceof MapTree map) {
        nodes.add(node(map));
      } else {
        f.report(item, "a node must be a map", "write - id: NAME, type: TYPE");
        nodes.add(Node.builder(null, null).build());
      }
    }
    f.nodeId = null;
    return nodes;
  }

  private Node node(MapTree map) {
    f.nodeId = f.string(map, "id", false);
    f.unknownFields(map, NODE_FIELDS, "node field");
    Node.Builder node = Node.builder(f.nodeId, f.string(map, "type", false));
    after(map.get("after")).forEach(node::after);
    node.with(with(map.get("with")));
    node.retry(retry(map.get("retry")));
    node.tags(f.stringList(map, "tags").toArray(String[]::new));
    // Each runtime reads its own section; the other runtime's fields do not belong here.
    boolean isTasks = kind == Kind.TASKS;
    misplaced(map, isTasks ? StreamOptionsReader.FIELDS : TaskOptionsReader.FIELDS, !isTasks);
    if (isTasks) {
      node.tasks(tasks.read(map));
    } else {
      node.stream(stream.read(map));
    }
    return node.build();
  }

  /** Reports the fields of the other runtime's section, each with its hint. */
  private void misplaced(MapTree map, Map<String, String> fields, boolean ofTasks) {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (map.has(field.getKey())) {
        f.report(
            map.get(field.getKey()),
            field.getKey()
                + (ofTasks ? " is an option of tasks pipelines" : " is an option of stream nodes"),
            field.getValue());
      }
    }
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
          f.unknownFields(map, DEPENDENCY_FIELDS, "dependency field");
          String id = f.string(map, "id", true);
          Tree required = map.get("required");
          boolean optional = required instanceof Scalar(var l, var c, Boolean b) && !b;
          if (required != null && !(required instanceof Scalar(var l, var c, Boolean b))) {
            f.report(required, "required must be true or false", null);
          }
          if (id != null) {
            deps.add(
                new Dependency(id, !optional, edgeCapacity(map), edgePolicy(map), edgeOutput(map)));
          }
        }
        default ->
            f.report(
                item,
                "a dependency must be a node id or {id: ..., required: false}, not "
                    + Tree.describe(item),
                null);
      }
    }
    return deps;
  }

  private Integer edgeCapacity(MapTree map) {
    Long capacity = streamOnly(map, "capacity") ? f.positive(map, "capacity") : null;
    return capacity == null ? null : capacity.intValue();
  }

  private String edgePolicy(MapTree map) {
    String policy = streamOnly(map, "policy") ? f.string(map, "policy", false) : null;
    if (policy != null && !Dependency.POLICIES.contains(policy)) {
      f.report(
          map.get("policy"),
          "unknown edge policy '" + policy + "'",
          "use one of: " + String.join(", ", Dependency.POLICIES));
      return null;
    }
    return policy;
  }

  private String edgeOutput(MapTree map) {
    String output = streamOnly(map, "output") ? f.string(map, "output", false) : null;
    if (output != null && !output.equals("errors")) {
      f.report(
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
      f.report(
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
      f.report(tree, "with must be a map of config keys to values", null);
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
      case Scalar(var l, var c, String text) -> f.substituted(tree, text);
      case Scalar s -> s.value();
    };
  }

  private RetrySpec retry(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (!(tree instanceof MapTree map)) {
      f.report(
          tree,
          "retry must be a map",
          "e.g. retry: {attempts: 3, backoff: exponential, initial: 100ms, max: 5s}");
      return null;
    }
    f.unknownFields(map, RETRY_FIELDS, "retry field");
    Long attempts = f.integer(map, "attempts");
    if (attempts != null && attempts < 1) {
      f.report(map.get("attempts"), "attempts must be at least 1", "1 means no retry");
      attempts = null;
    }
    RetrySpec.BackoffKind backoff = backoffKind(map);
    Duration initial = f.duration(map, "initial");
    Duration max = f.duration(map, "max");
    Double multiplier = f.number(map, "multiplier");
    if (multiplier != null && !(multiplier >= 1 && multiplier <= Double.MAX_VALUE)) {
      f.report(
          map.get("multiplier"),
          "multiplier must be a finite number of at least 1",
          "2 doubles each delay; the largest allowed is " + Double.MAX_VALUE);
      multiplier = null;
    }
    Double jitter = f.number(map, "jitter");
    if (jitter != null && (jitter < 0 || jitter > 1)) {
      f.report(
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
        f.duration(map, "max-time"),
        f.stringList(map, "on"));
  }

  private RetrySpec.BackoffKind backoffKind(MapTree map) {
    String text = f.string(map, "backoff", false);
    if (text == null) {
      return null;
    }
    return Arrays.stream(RetrySpec.BackoffKind.values())
        .filter(k -> k.manifestName().equals(text))
        .findFirst()
        .orElseGet(() -> {
          f.report(
              map.get("backoff"),
              "unknown backoff '" + text + "'",
              "use none, fixed or exponential");
          return null;
        });
  }
}
