package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Dependency;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.FailType;
import dev.weft.tasks.builtin.NoopType;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random DAGs with optional edges, conditions, always-run and continue-on-failure nodes and random
 * failures: the status of every node, as the engine leaves it on SQLite, is one a small reference
 * evaluator written from the rules of docs/semantics.md allows.
 */
class SemanticsProperties {

  /** One random node: its dependencies, flags, condition and whether it fails. */
  private record Spec(
      String id,
      List<Dependency> after,
      boolean fails,
      boolean always,
      boolean tolerant,
      String when) {}

  @Property(tries = 30)
  void everyNodeEndsAsTheRulesSay(@ForAll("seeds") long seed) throws Exception {
    Random random = new Random(seed);
    List<Spec> specs = new ArrayList<>();
    int count = 2 + random.nextInt(10);
    for (int i = 0; i < count; i++) {
      List<Dependency> after = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (random.nextInt(3) == 0) {
          after.add(new Dependency("n" + j, random.nextInt(3) > 0));
        }
      }
      String when =
          switch (random.nextInt(5)) {
            case 0 -> "false";
            case 1 -> "true";
            case 2 ->
                after.isEmpty() ? null : "status." + after.getFirst().id() + " == 'succeeded'";
            default -> null;
          };
      specs.add(
          new Spec(
              "n" + i,
              after,
              random.nextInt(4) == 0,
              random.nextInt(5) == 0,
              random.nextInt(4) == 0,
              when));
    }

    Map<String, TaskStatus> actual = run(specs, 1 + random.nextInt(4));

    Map<String, TaskStatus> expected = new HashMap<>();
    for (Spec spec : specs) {
      Set<TaskStatus> allowed = allowed(spec, specs, actual);
      assertThat(allowed).as("%s in %s", spec, specs).contains(actual.get(spec.id()));
      expected.put(spec.id(), actual.get(spec.id()));
    }
  }

  /** What the rules allow for {@code spec}, given how its dependencies actually ended. */
  private static Set<TaskStatus> allowed(
      Spec spec, List<Spec> specs, Map<String, TaskStatus> actual) {
    Set<TaskStatus> blocked = EnumSet.noneOf(TaskStatus.class);
    if (!spec.always()) {
      for (Dependency d : spec.after()) {
        TaskStatus s = actual.get(d.id());
        boolean tolerated = s == TaskStatus.FAILED && spec(specs, d.id()).tolerant();
        if (!d.required() || s == TaskStatus.SUCCEEDED || tolerated) {
          continue;
        }
        // Several reasons may block a task: the first dependency to end decides (rule 3, 4).
        blocked.add(s == TaskStatus.SKIPPED ? TaskStatus.SKIPPED : TaskStatus.UPSTREAM_FAILED);
      }
    }
    if (!blocked.isEmpty()) {
      return blocked;
    }
    boolean condition =
        spec.when() == null
            || spec.when().equals("true")
            || spec.when().startsWith("status.")
                && actual.get(spec.after().getFirst().id()) == TaskStatus.SUCCEEDED;
    if (!condition) {
      return EnumSet.of(TaskStatus.SKIPPED);
    }
    return EnumSet.of(spec.fails() ? TaskStatus.FAILED : TaskStatus.SUCCEEDED);
  }

  private static Spec spec(List<Spec> specs, String id) {
    return specs.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static Map<String, TaskStatus> run(List<Spec> specs, int concurrency) throws Exception {
    Pipeline.Builder p = Pipeline.builder("random");
    for (Spec spec : specs) {
      p.node(
          spec.id(),
          spec.fails() ? "fail" : "noop",
          n -> {
            spec.after().forEach(n::after);
            n.always(spec.always()).continueOnFailure(spec.tolerant()).when(spec.when());
          });
    }
    Path dir = Files.createTempDirectory("weft-semantics");
    try (TaskStore store = SqliteTaskStore.open(dir.resolve("weft.db"));
        TaskEngine engine =
            new TaskEngine(
                store,
                NodeTypes.of(new NoopType(), new FailType()),
                EngineOptions.defaults().withConcurrency(concurrency))) {
      TaskRecord run = engine.run(engine.submit(p.build()), RunListener.NONE);
      Map<String, TaskStatus> statuses = new HashMap<>();
      boolean failed = false;
      boolean tolerated = false;
      for (TaskRecord t : store.tasks(run.id())) {
        statuses.put(t.nodeId(), t.status());
        boolean tolerant = spec(specs, t.nodeId()).tolerant();
        failed |=
            t.status() == TaskStatus.UPSTREAM_FAILED
                || t.status() == TaskStatus.FAILED && !tolerant;
        tolerated |= t.status() == TaskStatus.FAILED && tolerant;
      }
      assertThat(run.status())
          .isEqualTo(
              failed
                  ? TaskStatus.FAILED
                  : tolerated ? TaskStatus.SUCCEEDED_WITH_FAILURES : TaskStatus.SUCCEEDED);
      return statuses;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }
}
