package dev.weft.core.manifest;

import dev.weft.core.BreakerSpec;
import dev.weft.core.IsolationSpec;
import dev.weft.core.StreamOptions;
import dev.weft.core.manifest.Tree.MapTree;
import dev.weft.core.manifest.Tree.Scalar;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Reads a stream node's options ({@link StreamOptions}): the stream section of a node. */
final class StreamOptionsReader {

  /** The node fields this section reads, with the hint given when a task has one. */
  static final Map<String, String> FIELDS =
      Map.of(
          "breaker", "use retry: and the worker's circuit breakers in a tasks pipeline",
          "isolation", "remove it from this tasks pipeline",
          "runtime", "remove it from this tasks pipeline");

  private static final Set<String> BREAKER_FIELDS = Set.of("failures", "open");
  private static final Set<String> ISOLATION_FIELDS =
      Set.of("mode", "ready-timeout", "heartbeat", "restart");
  private static final Set<String> RESTART_FIELDS = Set.of("attempts", "backoff");

  private final Fields f;

  StreamOptionsReader(Fields fields) {
    this.f = fields;
  }

  StreamOptions read(MapTree map) {
    return new StreamOptions(
        breaker(map), isolation(map.get("isolation")), f.string(map, "runtime", false));
  }

  private static final String ISOLATION_HINT =
      "write isolation: process, or isolation: {mode: process, ready-timeout: 1m, heartbeat: 10s,"
          + " restart: {attempts: 3, backoff: 1s}}";

  private IsolationSpec isolation(Tree tree) {
    if (tree == null) {
      return null;
    }
    if (tree instanceof Scalar(var l, var c, String mode)) {
      return isolationMode(tree, mode) ? IsolationSpec.DEFAULT : null;
    }
    if (!(tree instanceof MapTree map)) {
      f.report(tree, "isolation must be process or a map", ISOLATION_HINT);
      return null;
    }
    f.unknownFields(map, ISOLATION_FIELDS, "isolation field");
    String mode = f.string(map, "mode", true);
    if (mode != null && !isolationMode(map.get("mode"), mode)) {
      return null;
    }
    IsolationSpec spec = IsolationSpec.DEFAULT;
    Duration ready = f.duration(map, "ready-timeout");
    Duration heartbeat = f.duration(map, "heartbeat");
    int restarts = spec.restarts();
    Duration backoff = spec.backoff();
    if (map.get("restart") instanceof MapTree restart) {
      f.unknownFields(restart, RESTART_FIELDS, "restart field");
      Long attempts = f.integer(restart, "attempts");
      if (attempts != null && (attempts < 0 || attempts > 1000)) {
        f.report(restart.get("attempts"), "restart attempts must be from 0 to 1000", null);
      } else if (attempts != null) {
        restarts = attempts.intValue();
      }
      Duration pause = f.duration(restart, "backoff");
      backoff = pause == null ? backoff : pause;
    } else if (map.has("restart")) {
      f.report(
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
      f.report(at, "unknown isolation '" + mode + "'", ISOLATION_HINT);
    }
    return false;
  }

  private BreakerSpec breaker(MapTree node) {
    if (!node.has("breaker")) {
      return null;
    }
    if (!(node.get("breaker") instanceof MapTree map)) {
      f.report(
          node.get("breaker"), "breaker must be a map", "e.g. breaker: {failures: 5, open: 30s}");
      return null;
    }
    f.unknownFields(map, BREAKER_FIELDS, "breaker field");
    Long failures = f.positive(map, "failures");
    Duration open = f.duration(map, "open");
    if (failures == null || open == null) {
      f.report(map, "breaker needs failures and open", "e.g. breaker: {failures: 5, open: 30s}");
      return null;
    }
    return new BreakerSpec(failures.intValue(), open);
  }
}
