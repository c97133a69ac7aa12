package dev.weft.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One node of a pipeline: what both runtimes read (id, type, dependencies, config, retry rule,
 * tags), and the options of each runtime in a record of its own ({@link TaskOptions}, {@link
 * StreamOptions}); the runtime that does not run the pipeline leaves the other's at {@code NONE}.
 *
 * @param id unique within the pipeline
 * @param type the node type's name, looked up in {@link dev.weft.core.spi.NodeTypes}
 * @param after the nodes this one waits for, in manifest order
 * @param with the type's configuration: strings, numbers, booleans, lists and maps
 * @param retry this node's retry rule, or {@code null} to use the pipeline default
 * @param tags labels for selecting nodes
 * @param tasks the options of a task ({@code kind: tasks})
 * @param stream the options of a stream node ({@code kind: stream})
 */
public record Node(
    String id,
    String type,
    List<Dependency> after,
    Map<String, Object> with,
    RetrySpec retry,
    List<String> tags,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoOptions.class)
        TaskOptions tasks,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoOptions.class)
        StreamOptions stream) {

  public Node {
    // Absent collections and options (as a compact stored form leaves them) read as empty.
    after = after == null ? List.of() : List.copyOf(after);
    with =
        with == null || with.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(with));
    tags = tags == null ? List.of() : List.copyOf(tags);
    tasks = tasks == null ? TaskOptions.NONE : tasks;
    stream = stream == null ? StreamOptions.NONE : stream;
  }

  /** Leaves options at {@code NONE} out of a pipeline's stored JSON. */
  static final class NoOptions {
    @Override
    public boolean equals(Object value) {
      return value == null || value.equals(TaskOptions.NONE) || value.equals(StreamOptions.NONE);
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  /** A builder for a node with this id and type. */
  public static Builder builder(String id, String type) {
    return new Builder(id, type);
  }

  /**
   * A copy with another id, dependencies and config, the rest kept: for tools that rewrite a
   * pipeline (expanding sub-pipelines, resolving paths, selecting a part).
   */
  public Node copy(String newId, List<Dependency> newAfter, Map<String, Object> newWith) {
    return new Node(newId, type, newAfter, newWith, retry, tags, tasks, stream);
  }

  /** A copy with another retry rule. */
  public Node withRetry(RetrySpec rule) {
    return new Node(id, type, after, with, rule, tags, tasks, stream);
  }

  /** A copy with other task options. */
  public Node withTasks(TaskOptions options) {
    return new Node(id, type, after, with, retry, tags, options, stream);
  }

  /** A copy with other stream options. */
  public Node withStream(StreamOptions options) {
    return new Node(id, type, after, with, retry, tags, tasks, options);
  }

  /** The ids of the nodes this one waits for. */
  public List<String> afterIds() {
    return after.stream().map(Dependency::id).toList();
  }

  /** Builds a {@link Node}; every field but id and type is optional. */
  public static final class Builder {
    private final String id;
    private final String type;
    private final List<Dependency> after = new ArrayList<>();
    private final Map<String, Object> with = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private RetrySpec retry;
    private TaskOptions.Builder tasks = TaskOptions.builder();
    private StreamOptions stream = StreamOptions.NONE;

    private Builder(String id, String type) {
      this.id = id;
      this.type = type;
    }

    /** Waits for each of these nodes (required dependencies). */
    public Builder after(String... ids) {
      for (String dep : ids) {
        after.add(Dependency.on(dep));
      }
      return this;
    }

    /** Waits for this dependency. */
    public Builder after(Dependency dependency) {
      after.add(Objects.requireNonNull(dependency, "dependency"));
      return this;
    }

    /** Sets one configuration value. */
    public Builder with(String key, Object value) {
      with.put(key, value);
      return this;
    }

    /** Sets several configuration values. */
    public Builder with(Map<String, ?> config) {
      with.putAll(config);
      return this;
    }

    /** This node's retry rule. */
    public Builder retry(RetrySpec rule) {
      this.retry = rule;
      return this;
    }

    /** Labels for selecting nodes. */
    public Builder tags(String... values) {
      tags.addAll(List.of(values));
      return this;
    }

    /** Sets task options: {@code n.tasks(t -> t.priority(2).always(true))}. */
    public Builder tasks(UnaryOperator<TaskOptions.Builder> options) {
      tasks = options.apply(tasks);
      return this;
    }

    /** Sets these task options. */
    public Builder tasks(TaskOptions options) {
      tasks = options.toBuilder();
      return this;
    }

    /** Sets stream options: {@code n.stream(s -> s.withRuntime("python"))}. */
    public Builder stream(UnaryOperator<StreamOptions> options) {
      stream = options.apply(stream);
      return this;
    }

    /** Sets these stream options. */
    public Builder stream(StreamOptions options) {
      stream = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The node. */
    public Node build() {
      return new Node(id, type, after, with, retry, tags, tasks.build(), stream);
    }
  }
}
