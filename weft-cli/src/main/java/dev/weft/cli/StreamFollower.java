package dev.weft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.stream.NodeStats;
import dev.weft.stream.StreamGraph;
import dev.weft.stream.StreamPipelines;
import dev.weft.stream.StreamResult;
import dev.weft.stream.StreamRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stream pipeline from {@code weft run}: the per-node table redrawn in place on a terminal
 * (a line a second elsewhere), Ctrl-C stopping the run cleanly (every node closed), the final
 * table, and the counters as JSON with {@code --metrics}.
 */
final class StreamFollower {

  private StreamFollower() {}

  static int run(
      Pipeline pipeline,
      NodeTypes types,
      PrintWriter out,
      PrintWriter err,
      boolean terminal,
      Path metrics,
      boolean json)
      throws InterruptedException, JsonProcessingException {
    StreamGraph graph;
    try {
      graph = StreamPipelines.graph(pipeline, types);
    } catch (IllegalArgumentException e) {
      err.println("weft run: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    StreamRun run = graph.start();
    Thread stopOnCtrlC =
        new Thread(() -> {
          run.cancel();
          try {
            run.await(); // every node closes before the process goes
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("weft-stream-view").factory());
    Progress progress = new Progress(out, terminal, run);
    if (!json) {
      out.printf("Running stream %s (%d nodes)%n", pipeline.name(), graph.nodes().size());
      out.flush();
      ticker.scheduleWithFixedDelay(
          progress::draw, terminal ? 250 : 1000, terminal ? 250 : 1000, TimeUnit.MILLISECONDS);
    }
    StreamResult result;
    try {
      result = run.await();
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(1, TimeUnit.SECONDS);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is stopping the run
      }
    }
    if (metrics != null) {
      write(
          metrics,
          ProblemReport.JSON.writeValueAsString(StreamReport.json(pipeline.name(), result)),
          err);
    }
    if (json) {
      out.println(
          ProblemReport.JSON.writeValueAsString(StreamReport.json(pipeline.name(), result)));
    } else {
      progress.last(result.nodes());
      out.println(StreamReport.outcome(pipeline.name(), result));
    }
    out.flush();
    return switch (result.status()) {
      case SUCCEEDED -> ExitCodes.OK;
      case FAILED -> ExitCodes.FAILED;
      case CANCELLED -> ExitCodes.INTERRUPTED;
    };
  }

  private static void write(Path file, String text, PrintWriter err) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, text);
    } catch (IOException e) {
      err.println("weft run: cannot write the metrics to " + file + ": " + e.getMessage());
    }
  }

  /** The live part: the table over the previous one, or a line of totals. */
  private static final class Progress {
    private final PrintWriter out;
    private final boolean terminal;
    private final StreamRun run;
    private final long started = System.nanoTime();
    private final Redraw screen;

    Progress(PrintWriter out, boolean terminal, StreamRun run) {
      this.out = out;
      this.terminal = terminal;
      this.run = run;
      this.screen = new Redraw(out);
    }

    synchronized void draw() {
      List<NodeStats> nodes = run.stats();
      if (terminal) {
        screen.draw(StreamReport.table(nodes));
      } else {
        long into =
            nodes.stream().filter(n -> n.role().equals("sink")).mapToLong(NodeStats::in).sum();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%,d messages into sinks in %.0f s (%,.0f/s)%n", into, seconds, into / seconds);
        out.flush();
      }
    }

    synchronized void last(List<NodeStats> nodes) {
      if (terminal) {
        screen.draw(StreamReport.table(nodes));
      } else {
        StreamReport.table(nodes).forEach(out::println);
      }
    }
  }
}
