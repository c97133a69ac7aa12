package dev.weft.bench;

import dev.weft.core.Node;
import dev.weft.stream.Emitter;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a stream node's transform by hand, as the runtime would, without threads or channels. */
final class NodeDriver<I, O> implements Emitter<O> {

  private final Transform<I, O> stage;
  private List<O> out = new ArrayList<>();

  /** The transform of a node of {@code type} with {@code with}. */
  @SuppressWarnings("unchecked")
  NodeDriver(StreamNodeType type, Map<String, ?> with) {
    this.stage =
        (Transform<I, O>) type.create(Node.builder("bench", type.name()).with(with).build());
  }

  /** Every message {@code in} makes, then the node's finish; closes the node. */
  List<O> runAll(List<I> in) throws Exception {
    try {
      for (I message : in) {
        stage.process(message, this);
      }
      stage.finish(this);
    } finally {
      stage.close();
    }
    List<O> result = out;
    out = new ArrayList<>();
    return result;
  }

  /** One message through the node; what it made, reused until the next call. */
  List<O> process(I message) throws Exception {
    out.clear();
    stage.process(message, this);
    return out;
  }

  @Override
  public void emit(O message) {
    out.add(message);
  }

  @Override
  public void reject(Object input, String reason) {
    throw new IllegalStateException(reason);
  }

  @Override
  public boolean cancelled() {
    return false;
  }
}
