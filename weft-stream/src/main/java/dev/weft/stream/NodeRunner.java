package dev.weft.stream;

import dev.weft.core.IoErrors;
import dev.weft.core.policy.CircuitBreaker;
import dev.weft.core.policy.RetryDecision;
import dev.weft.stream.StreamGraph.NodeSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The loop of one node on its thread: open, handle messages until its inputs end, close. */
final class NodeRunner implements Runnable, Emitter<Object> {

  /** Messages taken from one input at a time. */
  static final int BATCH = 256;

  private final NodeSpec node;
  private final StreamRun run;
  private final Waiter waiter;
  private final List<Channel<Object>> inputs;
  private final Channel<Object>[] outputs;
  private final List<Channel<Object>> errorOutputs;
  private final NodeMetrics metrics;
  private final java.util.function.BooleanSupplier cancelled;
  private final java.util.function.Consumer<Object> handler = this::handle;
  private String from; // the input the message being handled came from
  private volatile Thread thread; // the node's own thread, once it runs

  @SuppressWarnings("unchecked")
  NodeRunner(
      NodeSpec node,
      StreamRun run,
      Waiter waiter,
      List<Channel<Object>> inputs,
      List<Channel<Object>> outputs,
      List<Channel<Object>> errorOutputs) {
    this.node = node;
    this.run = run;
    this.waiter = waiter;
    this.inputs = List.copyOf(inputs);
    this.outputs = outputs.toArray(Channel[]::new);
    this.errorOutputs = List.copyOf(errorOutputs);
    this.metrics =
        new NodeMetrics(
            node.id(),
            node.role().name().toLowerCase(java.util.Locale.ROOT),
            node.stage() instanceof ProcessBacked process ? process : null);
    metrics.inputs(List.copyOf(inputs));
    this.cancelled = run::cancelled;
  }

  NodeStats stats() {
    return metrics.snapshot();
  }

  void wake() {
    waiter.wake();
  }

  @Override
  public void emit(Object message) {
    boolean helper = Thread.currentThread() != thread; // e.g. a process node's output thread
    for (Channel<Object> output : outputs) {
      output.offer(message, cancelled); // the same reference to every consumer
      if (helper) {
        output.signal(); // it has no batch after which the node's own thread would signal
      }
    }
    metrics.emitted();
  }

  @Override
  public void reject(Object input, String reason) {
    giveUp(input, reason);
  }

  @Override
  public boolean cancelled() {
    return run.cancelled();
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    metrics.thread().started();
    boolean opened = false;
    try {
      node.stage()
          .open(new StageContext(node.id(), run::cancelled, reason -> run.fail(node.id(), reason)));
      opened = true;
      switch (node.stage()) {
        case Source<?> source -> runSource(source);
        default -> consume();
      }
    } catch (Exception | Error e) {
      run.fail(node.id(), describe(e));
    } finally {
      if (opened) {
        try {
          node.stage().close();
        } catch (Exception e) {
          run.fail(node.id(), "close failed: " + describe(e));
        }
      }
      for (Channel<Object> output : outputs) {
        output.end();
      }
      errorOutputs.forEach(Channel::end);
      metrics.thread().ended();
    }
  }

  @SuppressWarnings("unchecked")
  private void runSource(Source<?> source) throws Exception {
    ((Source<Object>) source).run(this);
  }

  private void consume() throws Exception {
    int start = 0;
    int count = inputs.size();
    while (!run.cancelled()) {
      int got = 0;
      for (int k = 0; k < count; k++) {
        Channel<Object> input = inputs.get((start + k) % count);
        from = input.from();
        long began = System.nanoTime();
        int n = input.drain(handler, BATCH);
        if (n > 0) {
          metrics.received(n);
          metrics.processed(n, System.nanoTime() - began);
          got += n;
          for (Channel<Object> output : outputs) {
            output.signal();
          }
        }
      }
      start++;
      if (got == 0) {
        if (allDrained()) {
          break;
        }
        waiter.await(() -> run.cancelled() || anyReadable() || allDrained());
      }
    }
    if (!run.cancelled()) {
      switch (node.stage()) {
        case Transform<?, ?> transform -> finish(transform);
        case Sink<?> sink -> sink.finish();
        default -> throw new IllegalStateException("a source has no inputs");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void finish(Transform<?, ?> transform) throws Exception {
    ((Transform<Object, Object>) transform).finish(this);
  }

  private boolean anyReadable() {
    for (Channel<Object> input : inputs) {
      if (input.readable()) {
        return true;
      }
    }
    return false;
  }

  private boolean allDrained() {
    for (Channel<Object> input : inputs) {
      if (!input.drained()) {
        return false;
      }
    }
    return true;
  }

  /** Handles one message, retried by the node's policy; gives up as the node is set to. */
  @SuppressWarnings("unchecked")
  private void handle(Object message) {
    if (run.cancelled()) {
      return;
    }
    Instant first = null;
    CircuitBreaker breaker = node.breaker();
    for (int attempt = 1; ; attempt++) {
      if (breaker != null && !breaker.tryAcquire()) {
        giveUp(message, "the circuit breaker of " + node.id() + " is open");
        return;
      }
      try {
        switch (node.stage()) {
          case Transform<?, ?> t -> ((Transform<Object, Object>) t).process(from, message, this);
          case Sink<?> s -> ((Sink<Object>) s).accept(message);
          default -> throw new IllegalStateException("a source has no inputs");
        }
        if (breaker != null) {
          breaker.onSuccess();
        }
        return;
      } catch (RejectedMessageException e) {
        if (breaker != null) {
          breaker.onSuccess(); // the node works; this message does not fit
        }
        giveUp(message, e.getMessage());
        return;
      } catch (Exception e) {
        if (breaker != null) {
          breaker.onFailure();
        }
        Instant now = Instant.now();
        first = first == null ? now : first;
        switch (node.retry().decide(attempt, e, first, now)) {
          case RetryDecision.Retry(Duration delay) -> {
            metrics.retried();
            if (!pause(delay)) {
              return;
            }
          }
          case RetryDecision.GiveUp(String reason) -> {
            giveUp(message, describe(e));
            return;
          }
        }
      }
    }
  }

  /** Sleeps before a retry; false when the run was stopped meanwhile. */
  private boolean pause(Duration delay) {
    try {
      Thread.sleep(delay);
      return !run.cancelled();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void giveUp(Object message, String error) {
    metrics.failed();
    if (errorOutputs.isEmpty()) {
      run.fail(node.id(), error);
      return;
    }
    FailedMessage failed = new FailedMessage(node.id(), message, error);
    for (Channel<Object> output : errorOutputs) {
      output.offer(failed, cancelled);
      output.signal();
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof IOException io) {
      return IoErrors.describe(io);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
