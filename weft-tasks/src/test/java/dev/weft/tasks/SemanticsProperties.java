package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Dependency;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.tasks.builtin.FailType;
import dev.weft.tasks.builtin.NoopType;
import dev.weft.tasks.code.CodePipeline;
import dev.weft.tasks.code.Handle;
import dev.weft.tasks.code.RunResult;
import dev.weft.tasks.code.Weft;
import dev.weft.tasks.code.WeftConfig;
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
    List<Spec> specs = specs(random);
    check(specs, run(specs, 1 + random.nextInt(4)));
  }

  /**
   * The same rules hold for pipelines written as code: modules as lambdas, wired by handles, with
   * conditions as expressions or as Java code.
   */
  @Property(tries = 20)
  void codeFirstPipelinesFollowTheSameRules(@ForAll("seeds") long seed) throws Exception {
    Random random = new Random(seed);
    List<Spec> specs = specs(random);
    check(specs, runAsCode(specs, 1 + random.nextInt(4), random));
  }

  private static List<Spec> specs(Random random) {
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
    return specs;
  }

  /** Every node's status is one the rules allow, given how its dependencies actually ended. */
  private static void check(List<Spec> specs, Map<String, TaskStatus> actual) {
    for (Spec spec : specs) {
      assertThat(allowed(spec, specs, actual))
          .as("%s in %s", spec, specs)
          .contains(actual.get(spec.id()));
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
            n.tasks(t -> t.always(spec.always()))
                .tasks(t -> t.continueOnFailure(spec.tolerant()))
                .tasks(t -> t.when(spec.when()));
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
      delete(dir);
    }
  }

  private static Map<String, TaskStatus> runAsCode(List<Spec> specs, int concurrency, Random random)
      throws Exception {
    CodePipeline.Builder b = CodePipeline.builder("random-code");
    Map<String, Handle<Object>> handles = new HashMap<>();
    for (Spec spec : specs) {
      boolean codeCondition = random.nextBoolean();
      handles.put(
          spec.id(),
          b.add(
              spec.id(),
              Object.class,
              ctx -> {
                if (spec.fails()) {
                  throw new IllegalStateException("fails on purpose");
                }
                return spec.id();
              },
              m -> {
                for (Dependency d : spec.after()) {
                  if (d.required()) {
                    m.after(handles.get(d.id()));
                  } else {
                    m.optional(handles.get(d.id()));
                  }
                }
                if (spec.always()) {
                  m.always();
                }
                if (spec.tolerant()) {
                  m.continueOnFailure();
                }
                if (spec.when() == null) {
                  return;
                }
                boolean constant = spec.when().equals("true") || spec.when().equals("false");
                if (constant && codeCondition) {
                  boolean value = spec.when().equals("true");
                  m.runIf(ctx -> value);
                } else {
                  m.runIf(spec.when());
                }
              }));
    }
    CodePipeline pipeline = b.build();
    Path dir = Files.createTempDirectory("weft-semantics-code");
    try (Weft weft =
        Weft.embedded(
            WeftConfig.sqlite(dir.resolve("weft.db"))
                .register(pipeline)
                .concurrency(concurrency))) {
      RunResult run = weft.run(pipeline);
      Map<String, TaskStatus> statuses = new HashMap<>();
      handles.forEach((id, handle) -> statuses.put(id, run.status(handle)));
      return statuses;
    } finally {
      delete(dir);
    }
  }

  /** Removes a try's folder and its database files. */
  private static void delete(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }
}
