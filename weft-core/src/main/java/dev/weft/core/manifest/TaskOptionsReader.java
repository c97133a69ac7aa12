package dev.weft.core.manifest;

import dev.weft.core.CacheSpec;
import dev.weft.core.RateSpec;
import dev.weft.core.RoutingSpec;
import dev.weft.core.TaskOptions;
import dev.weft.core.manifest.Tree.MapTree;
import dev.weft.core.manifest.Tree.Scalar;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a task node's options ({@link TaskOptions}): the tasks section of a node. */
final class TaskOptionsReader {

  /** The node fields this section reads, with the hint given when a stream node has one. */
  static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("timeout", "a stream node runs for the whole run: remove it"),
          Map.entry("priority", "remove it from this stream"),
          Map.entry("user", "remove it from this stream"),
          Map.entry("when", "use a filter node in a stream"),
          Map.entry("exclusive", "remove it from this stream"),
          Map.entry("limit", "remove it from this stream"),
          Map.entry("cache", "remove it from this stream"),
          Map.entry("continue-on-failure", "a stream node's errors go to its errors output"),
          Map.entry("always", "remove it from this stream"),
          Map.entry("rate", "use a rate-limit node in a stream"),
          Map.entry("require", "remove it from this stream"),
          Map.entry("prefer", "remove it from this stream"));

  private static final Set<String> CACHE_FIELDS = Set.of("key", "ttl");
  private static final Set<String> LIMIT_FIELDS = Set.of("key");
  private static final Set<String> RATE_FIELDS = Set.of("key", "per-second", "burst");
  private static final Set<String> PREFER_FIELDS = Set.of("labels", "wait");

  private final Fields f;

  TaskOptionsReader(Fields fields) {
    this.f = fields;
  }

  TaskOptions read(MapTree map) {
    TaskOptions.Builder options = TaskOptions.builder();
    options.timeout(f.duration(map, "timeout"));
    Long priority = f.integer(map, "priority");
    if (priority != null) {
      options.priority(priority.intValue());
    }
    options.user(f.string(map, "user", false));
    options.when(f.rawString(map, "when"));
    options.exclusive(f.string(map, "exclusive", false));
    options.limit(limit(map.get("limit")));
    options.cache(cache(map.get("cache")));
    options.continueOnFailure(f.bool(map, "continue-on-failure"));
    options.always(f.bool(map, "always"));
    options.rate(rate(map.get("rate")));
    options.routing(routing(map));
    return options.build();
  }

  private RateSpec rate(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (!(tree instanceof MapTree map)) {
      f.report(tree, "rate must be a map", "e.g. rate: {key: user, per-second: 5, burst: 10}");
      return null;
    }
    f.unknownFields(map, RATE_FIELDS, "rate field");
    String key = f.string(map, "key", true);
    Double perSecond = f.number(map, "per-second");
    if (perSecond == null || perSecond <= 0) {
      f.report(map, "rate needs per-second above 0", "e.g. rate: {key: user, per-second: 5}");
      return null;
    }
    Long burst = map.has("burst") ? f.positive(map, "burst") : Long.valueOf(1);
    return key == null || burst == null ? null : new RateSpec(key, perSecond, burst.intValue());
  }

  private static final String PREFER_HINT =
      "write prefer: [warm-model], or prefer: {labels: [warm-model], wait: 5s}";

  /** {@code require:} and {@code prefer:}, the worker labels a task needs or favours. */
  private RoutingSpec routing(MapTree node) {
    if (!node.has("require") && !node.has("prefer")) {
      return null;
    }
    List<String> require = labels(node, "require");
    List<String> prefer = List.of();
    Duration wait = null;
    Tree tree = node.get("prefer");
    if (tree instanceof MapTree map) {
      f.unknownFields(map, PREFER_FIELDS, "prefer field");
      prefer = labels(map, "labels");
      wait = f.duration(map, "wait");
      if (prefer.isEmpty()) {
        f.report(map, "prefer needs labels", PREFER_HINT);
      }
    } else if (tree != null) {
      prefer = labels(node, "prefer");
    }
    return new RoutingSpec(require, prefer, wait);
  }

  /** A list of worker labels: letters, digits, '-', '_', '.' and ':' (commas separate them). */
  private List<String> labels(MapTree map, String field) {
    List<String> labels = f.stringList(map, field);
    for (String label : labels) {
      if (!RoutingSpec.isLabel(label)) {
        f.report(
            map.get(field),
            "bad label '" + label + "' in " + field,
            "labels are letters, digits and - _ . : (e.g. gpu, region:eu)");
      }
    }
    return labels;
  }

  private String limit(Tree tree) {
    return switch (tree) {
      case null -> null;
      case Scalar(var l, var c, String key) -> {
        Object value = f.substituted(tree, key);
        yield value == null ? null : value.toString();
      }
      case MapTree map -> {
        f.unknownFields(map, LIMIT_FIELDS, "limit field");
        yield f.string(map, "key", true);
      }
      default -> {
        f.report(tree, "limit must be a limiter name or {key: NAME}", null);
        yield null;
      }
    };
  }

  private CacheSpec cache(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (!(tree instanceof MapTree map)) {
      f.report(tree, "cache must be a map", "e.g. cache: {key: auto, ttl: 1d}");
      return null;
    }
    f.unknownFields(map, CACHE_FIELDS, "cache field");
    String key = f.rawString(map, "key");
    return new CacheSpec(key == null ? "auto" : key, f.duration(map, "ttl"));
  }
}
