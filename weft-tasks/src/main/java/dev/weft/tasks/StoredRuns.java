package dev.weft.tasks;

import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.tasks.store.RunPipeline;
import dev.weft.tasks.store.TraceContext;
import dev.weft.tasks.store.WorkQueue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The pipelines of the runs an engine works on, read from the store once per run and forgotten when
 * the run ends: a worker runs for weeks, so it keeps nothing of ended runs. A run that another
 * worker ended is never seen to end here, so at most {@code capacity} runs are kept, the first read
 * going first; a run read again after that is read from the store again.
 *
 * <p>Runs of one pipeline (a job submitted again and again) share its parsed form: a new run whose
 * stored JSON is the same as a kept one's is not parsed again. Only pipelines of at most {@link
 * #SHARED_CHARS} characters are shared, at most {@link #SHARED} of them, so what is kept for
 * sharing stays small whatever runs pass through.
 */
final class StoredRuns {

  /**
   * A run's pipeline as stored, with its nodes by id, and its trace ({@code null} when it has none,
   * or when this engine does not trace).
   */
  record StoredRun(Pipeline pipeline, Map<String, Node> nodes, TraceContext trace) {}

  /** A parsed pipeline, with its nodes by id (both immutable, so runs may share them). */
  private record Parsed(Pipeline pipeline, Map<String, Node> nodes) {}

  /** The longest pipeline JSON whose parsed form runs share. */
  static final int SHARED_CHARS = 16 * 1024;

  /** How many parsed pipelines are kept for sharing, whatever the number of runs kept. */
  static final int SHARED = 256;

  private final WorkQueue store;
  private final boolean traced;
  private final int capacity;
  private final Map<Long, StoredRun> runs = new ConcurrentHashMap<>();
  private final Queue<Long> readOrder = new ConcurrentLinkedQueue<>();
  // Brought by a claim of a task of the run, taken when that task starts.
  private final Map<Long, RunPipeline> brought = new ConcurrentHashMap<>();
  private final Map<String, Parsed> shared;

  /** The runs of {@code store}, with their traces when {@code traced}, at most {@code capacity}. */
  StoredRuns(WorkQueue store, boolean traced, int capacity) {
    this.store = store;
    this.traced = traced;
    this.capacity = capacity;
    this.shared =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
                return size() > SHARED;
              }
            });
  }

  /**
   * Whether run {@code rootId}'s pipeline is here (kept, or brought by a claim and not yet taken):
   * a claim need not bring it.
   */
  boolean has(long rootId) {
    return runs.containsKey(rootId) || brought.containsKey(rootId);
  }

  /**
   * Takes pipelines a claim brought ({@link WorkQueue.Step#pipelines}), for {@link #get} to parse
   * on the task's thread rather than read them from the store.
   */
  void bring(Map<Long, RunPipeline> pipelines) {
    brought.putAll(pipelines);
  }

  /** Run {@code rootId}'s pipeline. */
  StoredRun get(long rootId) {
    StoredRun run =
        runs.computeIfAbsent(
            rootId,
            root -> {
              readOrder.add(root);
              RunPipeline given = brought.remove(root);
              Parsed parsed = parse(given != null ? given.json() : store.pipelineJson(root));
              TraceContext trace = null;
              if (traced) {
                trace = given != null ? given.trace() : store.trace(root).orElse(null);
              }
              return new StoredRun(parsed.pipeline(), parsed.nodes(), trace);
            });
    while (runs.size() > capacity) {
      Long first = readOrder.poll();
      if (first == null) {
        break;
      }
      runs.remove(first);
    }
    return run;
  }

  private Parsed parse(String json) {
    if (json.length() > SHARED_CHARS) {
      return parsed(json);
    }
    Parsed kept = shared.get(json);
    if (kept == null) {
      kept = parsed(json);
      shared.put(json, kept);
    }
    return kept;
  }

  private static Parsed parsed(String json) {
    Pipeline pipeline = Json.pipeline(json);
    return new Parsed(pipeline, Collections.unmodifiableMap(pipeline.nodesById()));
  }

  /** Forgets an ended run. */
  void forget(long rootId) {
    brought.remove(rootId);
    runs.remove(rootId);
    readOrder.remove(rootId);
  }

  /** How many runs are kept. */
  int size() {
    return runs.size();
  }
}
