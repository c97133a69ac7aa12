package dev.weft.stream.ipc;

import dev.weft.core.IsolationSpec;
import dev.weft.stream.Emitter;
import dev.weft.stream.OverflowPolicy;
import dev.weft.stream.ProcessUsage;
import dev.weft.stream.StageContext;
import dev.weft.stream.StreamGraph.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A node whose work runs in another process, as the pipeline sees it: its input messages go into
 * one shared-memory channel, its output messages come back through another, and its process is
 * supervised. The process must say {@code ready} within the ready timeout; one that exits
 * unexpectedly, or falls silent for longer than the heartbeat, is started again while the restart
 * policy allows (the channels stay; a message the dead process held is dropped and counted), and
 * otherwise fails the run with how it ended and its last lines.
 */
final class ProcessBridge {

  private static final Duration POLL = Duration.ofMillis(200);

  private final String nodeId;
  private final Role role;
  private final List<String> command;
  private final String nodeJson;
  private final IsolationSpec spec;
  private final Consumer<String> log;
  private final Object generationLock = new Object();
  private StageContext context;
  private ShmChannel in;
  private ShmChannel out;
  private ShmWriter writer;
  private ShmReader reader;
  private Thread monitor;
  private Thread pump;
  private volatile NodeProcess child;
  private volatile String failure;
  private volatile boolean closing;
  private volatile boolean inputEnded;
  private volatile ProcessUsage usage;
  private long generation; // guarded by generationLock: processes started so far
  private int restarts;
  private final BooleanSupplier stop = this::stopped;

  ProcessBridge(
      String nodeId,
      Role role,
      List<String> command,
      String nodeJson,
      IsolationSpec spec,
      Consumer<String> log) {
    this.nodeId = nodeId;
    this.role = role;
    this.command = List.copyOf(command);
    this.nodeJson = nodeJson;
    this.spec = spec;
    this.log = log;
    this.inputEnded = role == Role.SOURCE;
  }

  /** Makes the channels and starts the process; returns once it is ready. */
  void open(StageContext stageContext) throws InterruptedException {
    this.context = stageContext;
    ShmFiles.reclaimStale(ShmFiles.directory());
    try {
      if (role != Role.SOURCE) {
        in = channel("in");
        writer = in.writer();
      }
      if (role != Role.SINK) {
        out = channel("out");
        reader = out.reader();
      }
      child = launch();
    } catch (RuntimeException | InterruptedException e) {
      closeChannels();
      throw e;
    }
    monitor =
        Thread.ofPlatform().name("weft-node-" + nodeId + "-watch").daemon().start(this::watch);
  }

  private ShmChannel channel(String direction) {
    return ShmChannel.create(
        ShmFiles.newFile(nodeId + "-" + direction),
        ShmChannel.DEFAULT_SLOTS,
        ShmChannel.DEFAULT_DATA_SIZE,
        OverflowPolicy.BLOCK);
  }

  private NodeProcess launch() throws InterruptedException {
    List<String> line = new ArrayList<>(command);
    line.addAll(List.of("--node", nodeJson));
    if (in != null) {
      line.addAll(List.of("--in", in.file().toString()));
    }
    if (out != null) {
      line.addAll(List.of("--out", out.file().toString()));
    }
    NodeProcess process = NodeProcess.start(nodeId, line, log);
    if (process.awaitReady(spec.readyTimeout())) {
      synchronized (generationLock) {
        generation++;
        generationLock.notifyAll();
      }
      return process;
    }
    boolean exited = !process.alive();
    if (!exited) {
      process.kill();
    }
    throw new IllegalStateException(
        (exited
                ? "its process " + process.exit() + " before it was ready"
                : "its process did not say ready within "
                    + spec.readyTimeout().toMillis()
                    + " ms and was killed (hint: raise isolation: {ready-timeout: ...})")
            + "; its last lines:\n  "
            + process.lastLines());
  }

  private boolean stopped() {
    return closing || failure != null || context.runCancelled().getAsBoolean();
  }

  /** Watches the process: exit, silence; restarts it or fails the run. */
  private void watch() {
    try {
      String hung = null;
      while (!closing) {
        NodeProcess process = child;
        usage();
        if (!process.awaitExit(POLL)) {
          if (process.silentNanos() > spec.heartbeat().toNanos()) {
            hung = "sent no heartbeat for " + spec.heartbeat().toMillis() + " ms and was killed";
            process.kill();
          }
          continue;
        }
        if (closing
            || context.runCancelled().getAsBoolean()
            || (process.exitCode() == 0 && inputEnded)) {
          return; // ended as it should, or stopped with the run (Ctrl-C reaches it too)
        }
        String why =
            "its process (pid "
                + process.pid()
                + ") "
                + (hung != null ? hung : process.exit())
                + (process.exitCode() == 0 ? " before its input ended" : "");
        hung = null;
        if (restarts < spec.restarts() && !stopped()) {
          restarts++;
          Duration pause = spec.backoff().multipliedBy(1L << Math.min(restarts - 1, 10));
          log.accept(
              "node "
                  + nodeId
                  + ": "
                  + why
                  + "; restart "
                  + restarts
                  + " of "
                  + spec.restarts()
                  + " in "
                  + pause.toMillis()
                  + " ms; its last lines:\n  "
                  + process.lastLines());
          Thread.sleep(pause);
          child = launch();
          continue;
        }
        fail(
            why
                + (spec.restarts() > 0 ? "; restarted " + restarts + " times, the limit" : "")
                + "; its last lines:\n  "
                + process.lastLines());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fail(e.getMessage());
    }
  }

  /**
   * The process's PID, RSS and CPU now while it runs (the watcher samples them every 200 ms as
   * well), else the last sample: a process that has exited has none.
   */
  ProcessUsage usage() {
    NodeProcess process = child;
    ProcessUsage now = process == null ? null : ProcessUsage.sample(process.pid());
    // A process that has just exited (a zombie, not yet reaped) still looks alive but has no
    // resident memory: keep the last real sample of this process instead.
    boolean exiting =
        now != null && now.rssBytes() == 0 && usage != null && usage.pid() == now.pid();
    if (now != null && !exiting) {
      usage = now;
    }
    return usage;
  }

  private void fail(String reason) {
    if (!closing && failure == null) {
      failure = reason;
      context.failRun().accept(reason);
    }
    synchronized (generationLock) {
      generationLock.notifyAll();
    }
  }

  /** Sends one input message to the process (waiting for room while it restarts). */
  void send(Object message) {
    if (!stopped()) {
      Codecs.write(writer, message, stop);
    }
  }

  /** Emits the process's output messages to {@code emitter} until it ends its output. */
  void pump(Emitter<Object> emitter) throws InterruptedException {
    while (true) {
      long seen;
      synchronized (generationLock) {
        seen = generation;
      }
      try {
        ShmMessage message = reader.take(stop);
        if (message == null) {
          return;
        }
        Object value;
        try {
          value = Codecs.read(message);
        } finally {
          reader.release();
        }
        emitter.emit(value);
      } catch (ShmPeerGoneException e) {
        synchronized (generationLock) { // the watcher restarts the process or fails the run
          while (generation == seen && !stopped()) {
            generationLock.wait(POLL.toMillis());
          }
        }
        if (stopped()) {
          return;
        }
      }
    }
  }

  /** Starts {@link #pump} on its own thread (for a transform), once. */
  void pumpInBackground(Emitter<Object> emitter) {
    if (pump == null) {
      pump =
          Thread.ofPlatform()
              .name("weft-node-" + nodeId + "-output")
              .daemon()
              .start(() -> {
                try {
                  pump(emitter);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
  }

  /**
   * The input has ended: tells the process, then waits until it has sent all its output and exited.
   */
  void finish(Emitter<Object> emitter) throws InterruptedException {
    inputEnded = true;
    if (writer != null) {
      writer.end();
    }
    if (out != null) {
      pumpInBackground(emitter);
      pump.join();
    }
    while (!stopped() && !child.awaitExit(POLL)) {
      // the watcher fails the run if it never exits, by its heartbeat
    }
  }

  /** Stops the process if it still runs, and deletes the channels. */
  void close() throws InterruptedException {
    closing = true;
    NodeProcess process = child;
    if (process != null && process.alive()) {
      process.stop();
    }
    if (monitor != null) {
      monitor.join();
    }
    if (pump != null) {
      pump.join();
    }
    closeChannels();
  }

  private void closeChannels() {
    if (in != null) {
      in.close();
    }
    if (out != null) {
      out.close();
    }
  }
}
