package dev.weft.stream.ipc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.IsolationSpec;
import dev.weft.core.Node;
import dev.weft.stream.Emitter;
import dev.weft.stream.ProcessBacked;
import dev.weft.stream.ProcessUsage;
import dev.weft.stream.Sink;
import dev.weft.stream.Source;
import dev.weft.stream.Stage;
import dev.weft.stream.StageContext;
import dev.weft.stream.StreamGraph.Role;
import dev.weft.stream.Transform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stages for nodes that run in their own process ({@code isolation: process}, or a {@link
 * ProcessHosted} type such as {@code python}): a source, transform or sink in the graph whose work
 * is done by a node host over shared memory.
 */
public final class ProcessStages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProcessStages() {}

  /**
   * The stage that runs {@code node} in a process started by {@code command}, as {@code role}.
   * Progress, output and standard error of the process go to {@code log}.
   */
  public static Stage create(
      Node node, Role role, List<String> command, IsolationSpec spec, Consumer<String> log) {
    ProcessBridge bridge = new ProcessBridge(node.id(), role, command, json(node), spec, log);
    return switch (role) {
      case SOURCE -> new ProcessSource(bridge);
      case TRANSFORM -> new ProcessTransform(bridge);
      case SINK -> new ProcessSink(bridge);
    };
  }

  /** The command that runs the Java node host on this JVM, with this JVM's class path. */
  public static List<String> javaHost() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        System.getProperty("java.class.path"),
        NodeHost.class.getName());
  }

  private static String json(Node node) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", node.id());
    fields.put("type", node.type());
    fields.put("with", node.with());
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": its with: cannot be passed to its process: " + e, e);
    }
  }

  /** A stage over a {@link ProcessBridge}: its process's figures are the node's. */
  private interface Bridged extends ProcessBacked {
    ProcessBridge bridge();

    @Override
    default ProcessUsage usage() {
      return bridge().usage();
    }
  }

  private record ProcessSource(ProcessBridge bridge) implements Source<Object>, Bridged {

    @Override
    public void open(StageContext context) throws Exception {
      bridge.open(context);
    }

    @Override
    public void run(Emitter<Object> out) throws Exception {
      bridge.pump(out);
      bridge.finish(out);
    }

    @Override
    public void close() throws Exception {
      bridge.close();
    }
  }

  private record ProcessTransform(ProcessBridge bridge)
      implements Transform<Object, Object>, Bridged {

    @Override
    public void open(StageContext context) throws Exception {
      bridge.open(context);
    }

    @Override
    public void process(Object message, Emitter<Object> out) {
      bridge.pumpInBackground(out);
      bridge.send(message);
    }

    @Override
    public void finish(Emitter<Object> out) throws Exception {
      bridge.finish(out);
    }

    @Override
    public void close() throws Exception {
      bridge.close();
    }
  }

  private record ProcessSink(ProcessBridge bridge) implements Sink<Object>, Bridged {

    @Override
    public void open(StageContext context) throws Exception {
      bridge.open(context);
    }

    @Override
    public void accept(Object message) {
      bridge.send(message);
    }

    @Override
    public void finish() throws Exception {
      bridge.finish(null);
    }

    @Override
    public void close() throws Exception {
      bridge.close();
    }
  }
}
