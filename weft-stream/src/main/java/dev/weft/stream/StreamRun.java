package dev.weft.stream;

import dev.weft.stream.StreamGraph.NodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stream graph while it runs.
 *
 * <p>Threading: each node runs on its own platform thread, and each edge is a lock-free bounded
 * ring between two of them ({@link Channel}). A node takes up to 256 messages from an input at a
 * time, so a hop costs a few shared-memory writes per batch, not a hand-off per message. A node
 * with nothing to do spins briefly, yields, then parks, and is unparked by its producer only when
 * parked. Platform threads rather than virtual ones: a hop's park and unpark is its hot path, and
 * the virtual-thread scheduler adds a queue hand-off to each; a node that blocks (a file, a socket,
 * a slow sink) holds only its own thread. Fusing adjacent nodes onto one thread would remove hops
 * where no asynchronous boundary is wanted; every node keeps its own thread for now, which is what
 * the linear benchmark measures.
 */
public final class StreamRun {

  private final StreamGraph graph;
  private final long started = System.nanoTime();
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, NodeRunner> runners = new LinkedHashMap<>();
  private final AtomicReference<StreamResult.Status> stopping = new AtomicReference<>();
  private final AtomicReference<String[]> failure = new AtomicReference<>();
  private volatile boolean cancelled;
  private long took;

  private final java.util.Set<String> sources = new java.util.HashSet<>();

  StreamRun(StreamGraph graph) {
    this.graph = graph;
    for (NodeSpec node : graph.nodes()) {
      if (node.role() == StreamGraph.Role.SOURCE) {
        sources.add(node.id());
      }
    }
    Map<String, Waiter> waiters = new LinkedHashMap<>();
    for (NodeSpec node : graph.nodes()) {
      waiters.put(node.id(), new Waiter());
    }
    Map<String, List<Channel<Object>>> inputs = new LinkedHashMap<>();
    Map<String, List<Channel<Object>>> outputs = new LinkedHashMap<>();
    Map<String, List<Channel<Object>>> errorOutputs = new LinkedHashMap<>();
    for (NodeSpec node : graph.nodes()) {
      for (String from : node.inputs()) {
        connect(from, node.id(), waiters, inputs, outputs);
      }
    }
    for (NodeSpec node : graph.nodes()) {
      for (String target : node.errorsTo()) {
        connect(node.id(), target, waiters, inputs, errorOutputs);
      }
    }
    for (NodeSpec node : graph.nodes()) {
      NodeRunner runner =
          new NodeRunner(
              node,
              this,
              waiters.get(node.id()),
              inputs.getOrDefault(node.id(), List.of()),
              outputs.getOrDefault(node.id(), List.of()),
              errorOutputs.getOrDefault(node.id(), List.of()));
      runners.put(node.id(), runner);
      threads.add(
          Thread.ofPlatform()
              .name("weft-stream-" + graph.name() + "-" + node.id())
              .daemon()
              .unstarted(runner));
    }
    threads.forEach(Thread::start);
  }

  private void connect(
      String from,
      String to,
      Map<String, Waiter> waiters,
      Map<String, List<Channel<Object>>> inputs,
      Map<String, List<Channel<Object>>> outputs) {
    StreamGraph.EdgeSpec edge = graph.edge(from, to);
    Channel<Object> channel =
        new Channel<>(
            from,
            to,
            edge.capacity(),
            edge.policy(),
            waiters.get(from),
            waiters.get(to),
            sources.contains(from));
    inputs.computeIfAbsent(to, k -> new ArrayList<>()).add(channel);
    outputs.computeIfAbsent(from, k -> new ArrayList<>()).add(channel);
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Stops the run: sources stop emitting, every node stops and closes. */
  public void cancel() {
    stop(StreamResult.Status.CANCELLED);
  }

  /** Called by a node that failed the run; the first failure is the one reported. */
  void fail(String nodeId, String error) {
    if (failure.compareAndSet(null, new String[] {nodeId, error})) {
      stop(StreamResult.Status.FAILED);
    }
  }

  private void stop(StreamResult.Status why) {
    stopping.compareAndSet(null, why);
    cancelled = true;
    runners.values().forEach(NodeRunner::wake);
  }

  /** Every node's counters now. */
  public List<NodeStats> stats() {
    return runners.values().stream().map(NodeRunner::stats).toList();
  }

  /** Waits until every node has ended and closed, and says how the run ended. */
  public StreamResult await() throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
    return result();
  }

  /** Like {@link #await()}, for at most {@code timeout}; empty if the run has not ended by then. */
  public java.util.Optional<StreamResult> await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(result());
  }

  private synchronized StreamResult result() {
    if (took == 0) {
      took = System.nanoTime() - started;
    }
    StreamResult.Status status =
        stopping.get() == null ? StreamResult.Status.SUCCEEDED : stopping.get();
    String[] failed = failure.get();
    return new StreamResult(
        status,
        failed == null ? null : failed[0],
        failed == null ? null : failed[1],
        stats(),
        Duration.ofNanos(took));
  }
}
