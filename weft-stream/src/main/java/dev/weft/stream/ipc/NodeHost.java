package dev.weft.stream.ipc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.Node;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import dev.weft.stream.Emitter;
import dev.weft.stream.Sink;
import dev.weft.stream.Source;
import dev.weft.stream.Stage;
import dev.weft.stream.StageContext;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java node host: the process a node with {@code isolation: process} runs in. Started by the
 * pipeline with {@code --node JSON} (id, type, with), {@code --in FILE} and {@code --out FILE} (the
 * channels, either absent for a source or a sink). It makes the node's stage, opens it, says {@code
 * ready} on standard output, then handles messages until its input ends; it ends its output and
 * exits 0. Standard output carries only the protocol ({@code ready}, {@code progress}, {@code
 * heartbeat} once a second); what the stage prints goes to standard error. When its standard input
 * ends (the parent died), it exits at once.
 */
public final class NodeHost {

  private static final PrintStream PROTOCOL =
      new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

  private NodeHost() {}

  /**
   * Reports progress while the stage opens (loads a model, say): {@code fraction} from 0 to 1 and
   * what it is doing. The pipeline relays it to its log. Does nothing outside a node host.
   */
  public static void progress(double fraction, String what) {
    synchronized (PROTOCOL) {
      PROTOCOL.println("progress " + fraction + " " + what.replace('\n', ' '));
    }
  }

  /** Runs one node; see the class comment for the arguments. */
  public static void main(String[] args) {
    System.setOut(System.err);
    watchParent();
    heartbeat();
    try {
      run(arguments(args));
      System.exit(0);
    } catch (Exception | Error e) {
      System.err.println(
          "node host: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
      System.exit(1);
    }
  }

  private static Map<String, String> arguments(String[] args) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      map.put(args[i], args[i + 1]);
    }
    if (!map.containsKey("--node")) {
      throw new IllegalArgumentException("usage: NodeHost --node JSON [--in FILE] [--out FILE]");
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static void run(Map<String, String> args) throws Exception {
    Map<String, Object> spec = new ObjectMapper().readValue(args.get("--node"), Map.class);
    Node node =
        Node.builder((String) spec.get("id"), (String) spec.get("type"))
            .with((Map<String, Object>) spec.get("with"))
            .build();
    StreamNodeType type =
        NodeTypes.load()
            .find(node.type(), NodeType.JAVA)
            .filter(StreamNodeType.class::isInstance)
            .map(StreamNodeType.class::cast)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "no stream node type '" + node.type() + "' on the class path"));
    Stage stage = type.create(node);
    ShmReader in =
        args.containsKey("--in") ? ShmChannel.open(Path.of(args.get("--in"))).reader() : null;
    ShmWriter out =
        args.containsKey("--out") ? ShmChannel.open(Path.of(args.get("--out"))).writer() : null;
    stage.open(
        new StageContext(
            node.id(),
            () -> false,
            reason -> {
              System.err.println(reason);
              Runtime.getRuntime().halt(1);
            }));
    synchronized (PROTOCOL) {
      PROTOCOL.println("ready");
    }
    Emitter<Object> emitter = new ChannelEmitter(out);
    try {
      handle(stage, in, emitter);
    } finally {
      stage.close();
    }
    if (out != null) {
      out.end();
    }
  }

  @SuppressWarnings("unchecked")
  private static void handle(Stage stage, ShmReader in, Emitter<Object> emitter) throws Exception {
    if (stage instanceof Source<?> source) {
      ((Source<Object>) source).run(emitter);
      return;
    }
    if (in == null) {
      throw new IllegalArgumentException("a transform or sink needs --in");
    }
    for (ShmMessage m; (m = in.take(() -> false)) != null; ) {
      Object message;
      try {
        message = Codecs.read(m);
      } finally {
        in.release();
      }
      switch (stage) {
        case Transform<?, ?> t -> ((Transform<Object, Object>) t).process(message, emitter);
        case Sink<?> s -> ((Sink<Object>) s).accept(message);
        default -> throw new IllegalStateException("not a stage: " + stage);
      }
    }
    switch (stage) {
      case Transform<?, ?> t -> ((Transform<Object, Object>) t).finish(emitter);
      case Sink<?> s -> s.finish();
      default -> throw new IllegalStateException("not a stage: " + stage);
    }
  }

  /** Exits as soon as standard input ends: the parent is gone (or stopping this node). */
  private static void watchParent() {
    Thread.ofPlatform()
        .daemon()
        .name("weft-host-parent")
        .start(() -> {
          try {
            while (System.in.read() != -1) {
              // the parent sends nothing; the end is the message
            }
          } catch (IOException e) {
            // the same: the parent is gone
          }
          Runtime.getRuntime().halt(3);
        });
  }

  private static void heartbeat() {
    Thread.ofPlatform()
        .daemon()
        .name("weft-host-heartbeat")
        .start(() -> {
          while (true) {
            synchronized (PROTOCOL) {
              PROTOCOL.println("heartbeat");
            }
            try {
              Thread.sleep(1000);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
  }

  private record ChannelEmitter(ShmWriter out) implements Emitter<Object> {
    @Override
    public void emit(Object message) {
      if (out == null) {
        throw new IllegalStateException("a sink emits nothing");
      }
      Codecs.write(out, message, () -> false);
    }

    @Override
    public void reject(Object input, String reason) {
      throw new IllegalArgumentException("rejected " + input + ": " + reason);
    }

    @Override
    public boolean cancelled() {
      return false;
    }
  }
}
