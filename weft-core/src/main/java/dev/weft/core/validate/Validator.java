package dev.weft.core.validate;

import dev.weft.core.Dependency;
import dev.weft.core.Kind;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.expr.Expression;
import dev.weft.core.expr.ExpressionException;
import dev.weft.core.graph.Dag;
import dev.weft.core.graph.TopologicalOrder;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import java.nio.file.Path;
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

  /** The names a task condition or cache key may read. */
  private static final Set<String> CONDITION_NAMES = Set.of("params", "results", "status");

  /**
   * The statuses a condition may compare {@code status.NODE} with: those a task has once it has
   * ended (the tasks runtime's own list is checked against this one by its tests).
   */
  public static final Set<String> CONDITION_STATUSES =
      Set.of(
          "succeeded",
          "failed",
          "cancelled",
          "upstream-failed",
          "skipped",
          "cached",
          "succeeded-with-failures");

  private final NodeTypes types;
  private final Path dir;

  /**
   * A validator that knows these node types; the files configs name are looked for relative to the
   * working directory.
   */
  public Validator(NodeTypes types) {
    this(types, Path.of(""));
  }

  /**
   * A validator that knows these node types and looks for the files configs name in {@code dir}.
   */
  public Validator(NodeTypes types, Path dir) {
    this.types = types;
    this.dir = dir;
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

    private void condition(int i, Node node) {
      if (node.tasks().cache() != null
          && node.tasks().cache().key() != null
          && !node.tasks().cache().key().equals("auto")) {
        expression(node, "/nodes/" + i + "/cache/key", node.tasks().cache().key(), "cache key");
      }
      if (node.tasks().when() == null) {
        return;
      }
      String at = "/nodes/" + i + "/when";
      if (pipeline.kind() != Kind.TASKS) {
        add(at, node.id(), "when: is for tasks pipelines", "use a filter node in a stream");
        return;
      }
      if (expression(node, at, node.tasks().when(), "condition")) {
        Expression.parse(node.tasks().when())
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
     * A task expression (condition or cache key): it parses and reads only what it may: declared
     * run parameters, and the results and statuses of the node's own dependencies. Returns whether
     * it does.
     */
    private boolean expression(Node node, String at, String text, String what) {
      Expression expression;
      try {
        expression = Expression.parse(text);
      } catch (ExpressionException e) {
        add(
            at,
            node.id(),
            "bad " + what + ": " + e.getMessage(),
            "e.g. params.env == 'prod' && status.lint == 'succeeded'");
        return false;
      }
      int before = problems.size();
      for (String name : expression.names()) {
        if (!CONDITION_NAMES.contains(name)) {
          add(
              at,
              node.id(),
              "the " + what + " reads '" + name + "', which is not known here",
              "it may read params.NAME, results.NODE and status.NODE");
        }
      }
      for (Expression.Reference ref : expression.references()) {
        reference(node, at, what, ref);
      }
      for (Expression.Comparison c : expression.textComparisons()) {
        if (c.reference().root().equals("status") && !CONDITION_STATUSES.contains(c.text())) {
          add(
              at,
              node.id(),
              "unknown status '" + c.text() + "' in the " + what + " (column " + c.column() + ")",
              Suggestions.didYouMean(c.text(), CONDITION_STATUSES, "statuses"));
        }
      }
      return problems.size() == before;
    }

    /** A read of {@code params.X}, {@code results.X} or {@code status.X} names something real. */
    private void reference(Node node, String at, String what, Expression.Reference ref) {
      String field = ref.field();
      String where = " in the " + what + " (column " + ref.column() + ")";
      switch (ref.root()) {
        case "params" -> {
          if (!pipeline.params().containsKey(field)) {
            add(
                at,
                node.id(),
                "unknown run parameter '" + field + "'" + where,
                Suggestions.closest(field, pipeline.params().keySet())
                        .map(c -> "did you mean '" + c + "'? Otherwise declare")
                        .orElse("declare")
                    + " it under params: or pass --set "
                    + field
                    + "=VALUE");
          }
        }
        case "results", "status" -> {
          List<String> after = node.afterIds();
          if (after.contains(field)) {
            return;
          }
          if (firstIndex.containsKey(field)) {
            add(
                at,
                node.id(),
                "'" + field + "'" + where + " is not a dependency of this node",
                "a "
                    + what
                    + " sees only the nodes in after:; add '"
                    + field
                    + "' there"
                    + " (as {id: "
                    + field
                    + ", required: false} to run whatever it does)");
          } else {
            add(
                at,
                node.id(),
                "unknown node '" + field + "'" + where,
                Suggestions.didYouMean(field, after, "this node's dependencies"));
          }
        }
        default -> {} // reported as an unknown name
      }
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
      String runtime = node.stream().runtime();
      if (runtime != null
          && !runtime.equals(NodeTypes.AUTO)
          && !types.runtimeNames().contains(runtime)) {
        add(
            at + "/runtime",
            node.id(),
            "unknown runtime '" + runtime + "'",
            "write runtime: "
                + NodeTypes.AUTO
                + " (Java first), or one of "
                + String.join(", ", types.runtimeNames()));
        return;
      }
      NodeType type = types.find(node.type(), runtime).orElse(null);
      List<String> elsewhere = type == null ? types.runtimes(node.type()) : List.of();
      if (type == null && !elsewhere.isEmpty()) {
        add(
            at + "/runtime",
            node.id(),
            "node type '" + node.type() + "' has no " + runtime + " implementation",
            "it has: "
                + String.join(", ", elsewhere)
                + "; write runtime: "
                + elsewhere.getFirst()
                + types
                    .problem(runtime)
                    .map(p -> " (" + runtime + " types: " + p + ")")
                    .orElse(""));
        return;
      }
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
      List<ConfigSchema.Violation> violations = type.schema().check(node.with());
      if (violations.isEmpty()) {
        violations = type.check(type.schema().resolvePaths(node.with(), dir));
      }
      for (ConfigSchema.Violation v : violations) {
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
