package dev.weft.core.validate;

import dev.weft.core.Dependency;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.graph.Dag;
import dev.weft.core.graph.TopologicalOrder;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a pipeline's nodes, types, configs and graph, and reports every problem at once. Used on
 * manifests (with their {@link SourceMap}) and on pipelines built in Java.
 */
public final class Validator {

  /** Up to this many dependencies, repeats are found by scanning rather than hashing. */
  private static final int SMALL = 16;

  private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private final NodeTypes types;

  /** A validator that knows these node types. */
  public Validator(NodeTypes types) {
    this.types = types;
  }

  /** Checks a pipeline built in Java. */
  public Checked validate(Pipeline pipeline) {
    List<Problem> problems = new ArrayList<>();
    if (pipeline.nodes().isEmpty()) { // a manifest's reader reports this with its position
      problems.add(
          new Problem(
              Position.UNKNOWN, null, "the pipeline has no nodes", "add at least one node"));
    }
    return validate(pipeline, SourceMap.NONE, problems);
  }

  /**
   * Checks a pipeline read from a manifest.
   *
   * @param source where each part of the pipeline was written
   * @param earlier problems already found while reading the manifest
   */
  public Checked validate(Pipeline pipeline, SourceMap source, List<Problem> earlier) {
    Run run = new Run(pipeline, source);
    List<Problem> problems = new ArrayList<>(earlier);
    problems.addAll(run.check());
    return new Checked(pipeline, problems, problems.isEmpty() ? run.order : null);
  }

  /** One validation: the state shared by its checks. */
  private final class Run {
    private final Pipeline pipeline;
    private final SourceMap source;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Integer> firstIndex = new HashMap<>();
    private TopologicalOrder order;

    Run(Pipeline pipeline, SourceMap source) {
      this.pipeline = pipeline;
      this.source = source;
    }

    List<Problem> check() {
      if (pipeline.name() == null || pipeline.name().isBlank()) {
        add("/name", null, "the pipeline has no name", "add name: my-pipeline");
      }
      List<Node> nodes = pipeline.nodes();
      for (int i = 0; i < nodes.size(); i++) {
        identity(i, nodes.get(i));
      }
      Dag dag = Dag.of(pipeline);
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        type(i, node);
        condition(i, node);
        // The graph drops unknown and repeated dependencies; look closer only when it did.
        int number = node.id() == null ? -1 : dag.indexOf(node.id());
        // Nodes without a usable id are not in firstIndex (identity() reported them).
        boolean firstWithId = number >= 0 && Integer.valueOf(i).equals(firstIndex.get(node.id()));
        if (!firstWithId || dag.predecessorCount(number) != node.after().size()) {
          dependencies(i, node);
        }
      }
      graph(dag);
      return problems;
    }

    private void identity(int i, Node node) {
      String at = "/nodes/" + i;
      if (node.id() == null || node.id().isBlank()) {
        add(at, null, "node has no id", "add id: NAME; ids are unique within the pipeline");
        return;
      }
      if (!ID.matcher(node.id()).matches()) {
        add(
            at + "/id",
            node.id(),
            "bad id '" + node.id() + "'",
            "start with a letter or _, then letters, digits, _ or -");
      }
      Integer first = firstIndex.putIfAbsent(node.id(), i);
      if (first != null) {
        Position earlier = source.at("/nodes/" + first + "/id");
        add(
            at + "/id",
            node.id(),
            "duplicate id '" + node.id() + "'",
            "ids must be unique; first defined "
                + (earlier.known() ? "at line " + earlier.line() : "as node #" + (first + 1)));
      }
    }

    /** The names a task condition may read. */
    private static final java.util.Set<String> CONDITION_NAMES =
        java.util.Set.of("params", "results", "status");

    private void condition(int i, Node node) {
      if (node.cache() != null
          && node.cache().key() != null
          && !node.cache().key().equals("auto")) {
        expression(node, "/nodes/" + i + "/cache/key", node.cache().key(), "cache key");
      }
      if (node.when() == null) {
        return;
      }
      String at = "/nodes/" + i + "/when";
      if (pipeline.kind() != dev.weft.core.Kind.TASKS) {
        add(at, node.id(), "when: is for tasks pipelines", "use a filter node in a stream");
        return;
      }
      if (expression(node, at, node.when(), "condition")) {
        dev.weft.core.expr.Expression.parse(node.when())
            .typeError(true)
            .ifPresent(e ->
                add(
                    at,
                    node.id(),
                    "type error in condition: " + e.getMessage() + " (column " + e.column() + ")",
                    "run parameters and statuses are text: compare with int(params.n) > 3,"
                        + " or params.env == 'prod'"));
      }
    }

    /**
     * A task expression (condition or cache key): it parses and reads only what it may. Returns
     * whether it does.
     */
    private boolean expression(Node node, String at, String text, String what) {
      boolean fine = true;
      try {
        dev.weft.core.expr.Expression expression = dev.weft.core.expr.Expression.parse(text);
        for (String name : expression.names()) {
          if (!CONDITION_NAMES.contains(name)) {
            add(
                at,
                node.id(),
                "the " + what + " reads '" + name + "', which is not known here",
                "it may read params.NAME, results.NODE and status.NODE");
            fine = false;
          }
        }
      } catch (dev.weft.core.expr.ExpressionException e) {
        add(
            at,
            node.id(),
            "bad " + what + ": " + e.getMessage(),
            "e.g. params.env == 'prod' && status.lint == 'succeeded'");
        fine = false;
      }
      return fine;
    }

    private void type(int i, Node node) {
      String at = "/nodes/" + i;
      if (node.type() == null || node.type().isBlank()) {
        add(
            at,
            node.id(),
            "node has no type",
            "add type: one of " + String.join(", ", types.names()));
        return;
      }
      NodeType type = types.find(node.type()).orElse(null);
      if (type == null) {
        add(
            at + "/type",
            node.id(),
            "unknown node type '" + node.type() + "'",
            Suggestions.didYouMean(node.type(), types.names(), "known types"));
        return;
      }
      if (!type.kinds().contains(pipeline.kind())) {
        add(
            at + "/type",
            node.id(),
            "node type '"
                + type.name()
                + "' does not run in "
                + pipeline.kind().manifestName()
                + " pipelines",
            kindHint());
      }
      for (ConfigSchema.Violation v : type.schema().check(node.with())) {
        add(
            at + "/with" + (v.key() == null ? "" : "/" + v.key()),
            node.id(),
            v.message(),
            v.hint());
      }
    }

    private String kindHint() {
      String kind = pipeline.kind().manifestName();
      List<String> names = namesFor(pipeline);
      return names.isEmpty()
          ? "no node types for " + kind + " pipelines are installed"
          : "types for " + kind + ": " + String.join(", ", names);
    }

    private List<String> namesFor(Pipeline p) {
      return types.all().stream()
          .filter(t -> t.kinds().contains(p.kind()))
          .map(NodeType::name)
          .sorted()
          .toList();
    }

    private void dependencies(int i, Node node) {
      List<Dependency> after = node.after();
      Set<String> seen = after.size() > SMALL ? new HashSet<>() : null;
      for (int j = 0; j < after.size(); j++) {
        String dep = after.get(j).id();
        if (!firstIndex.containsKey(dep)) {
          add(
              "/nodes/" + i + "/after/" + j,
              node.id(),
              "unknown node '" + dep + "' in after",
              Suggestions.didYouMean(dep, firstIndex.keySet(), "node ids"));
        } else if (seen != null ? !seen.add(dep) : listedBefore(after, j)) {
          add(
              "/nodes/" + i + "/after/" + j,
              node.id(),
              "'" + dep + "' is listed twice in after",
              "remove one");
        }
      }
    }

    /**
     * Whether entry {@code j} repeats an earlier one; most nodes have few, so a scan is cheapest.
     */
    private static boolean listedBefore(List<Dependency> after, int j) {
      String id = after.get(j).id();
      for (int k = 0; k < j; k++) {
        if (after.get(k).id().equals(id)) {
          return true;
        }
      }
      return false;
    }

    private void graph(Dag dag) {
      Dag.Analysis analysis = dag.analyse();
      order = analysis.order();
      for (List<String> cycle : analysis.cycles()) {
        // Point at the dependency that closes the cycle: the first node's entry for the last one.
        String first = cycle.getFirst();
        String closing = cycle.get(cycle.size() - 2);
        int index = firstIndex.get(first);
        int entry = pipeline.nodes().get(index).afterIds().indexOf(closing);
        add(
            "/nodes/" + index + "/after/" + entry,
            first,
            "cycle: " + Dag.describe(cycle),
            "a pipeline must not loop back on itself; remove one of these dependencies");
      }
      for (String blocked : analysis.blocked()) {
        add(
            "/nodes/" + firstIndex.get(blocked),
            blocked,
            "can never start: it waits on a cycle",
            "break the cycle reported for this pipeline");
      }
    }

    private void add(String pointer, String nodeId, String message, String hint) {
      problems.add(new Problem(source.at(pointer), nodeId, message, hint));
    }
  }
}
