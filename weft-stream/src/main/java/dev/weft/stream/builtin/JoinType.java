package dev.weft.stream.builtin;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.expr.Expression;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Emitter;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import dev.weft.stream.Transform;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code join}: one message from each input, put together as {@code {input: message, ...}}. By
 * sequence (a zip: the n-th of each) when there is no {@code key}; with {@code key}, messages whose
 * key is equal (the key is added as {@code key}). Messages wait until their partners arrive; at
 * most {@code max-waiting} per input, beyond which the node fails rather than grow without bound.
 */
public final class JoinType implements StreamNodeType {

  @Override
  public String name() {
    return "join";
  }

  @Override
  public String description() {
    return "puts together one message of each input, by sequence or by key";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .optional("key", ConfigSchema.Type.EXPRESSION, "join by this key (default: by sequence)")
        .optional("max-waiting", ConfigSchema.Type.INTEGER, "messages held per input (100000)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    List<String> inputs =
        node.after().stream().filter(d -> !d.readsErrors()).map(Dependency::id).toList();
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("node " + node.id() + ": join needs at least two inputs");
    }
    Expression key =
        node.with().get("key") == null ? null : Expression.parse(node.with().get("key").toString());
    long maxWaiting = node.with().get("max-waiting") instanceof Number n ? n.longValue() : 100_000;
    return new Transform<Object, Object>() {
      // key (or null by sequence) -> input -> waiting messages
      private final Map<Object, Map<String, Deque<Object>>> waiting = new HashMap<>();
      private final Map<String, Long> held = new HashMap<>();

      @Override
      public void process(Object message, Emitter<Object> out) {
        throw new IllegalStateException("join needs to know each message's input");
      }

      @Override
      public void process(String input, Object message, Emitter<Object> out) {
        Object k = key == null ? "" : key.evaluate(Messages.variables(message));
        Map<String, Deque<Object>> byInput = waiting.computeIfAbsent(k, x -> new HashMap<>());
        byInput.computeIfAbsent(input, x -> new ArrayDeque<>()).add(message);
        if (held.merge(input, 1L, Long::sum) > maxWaiting) {
          throw new IllegalStateException(
              "join "
                  + node.id()
                  + ": more than "
                  + maxWaiting
                  + " messages from "
                  + input
                  + " wait for a partner");
        }
        for (String in : inputs) {
          if (byInput.getOrDefault(in, new ArrayDeque<>()).isEmpty()) {
            return;
          }
        }
        Map<String, Object> joined = new LinkedHashMap<>();
        if (key != null) {
          joined.put("key", k);
        }
        for (String in : inputs) {
          joined.put(in, byInput.get(in).poll());
          held.merge(in, -1L, Long::sum);
        }
        if (byInput.values().stream().allMatch(Deque::isEmpty)) {
          waiting.remove(k);
        }
        out.emit(Collections.unmodifiableMap(joined));
      }
    };
  }
}
