package dev.weft.tasks.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.InvalidPipelineException;
import dev.weft.core.validate.Problem;
import dev.weft.tasks.EngineOptions;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.TaskResults;
import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Code-first pipelines run by an embedded Weft, on each database. */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class CodePipelineTest {

  @Parameter StoreFixture.Kind kind;
  @TempDir Path dir;
  private StoreFixture database;

  @BeforeEach
  void open() {
    database = kind.create(dir);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private Weft weft(CodePipeline... pipelines) {
    return Weft.embedded(WeftConfig.store(database.location()).register(pipelines));
  }

  /** A build's output: a record, read back as one by its dependents. */
  public record Artifact(String name, long bytes, List<String> files) {}

  /** A test report. */
  public record Report(Artifact tested, int passed) {}

  public static final class Compile implements Module<Artifact> {
    @Override
    public Artifact run(ModuleContext ctx) {
      return new Artifact("app-" + ctx.param("version"), 1234, List.of("A.class", "B.class"));
    }
  }

  @DependsOn(Compile.class)
  public static final class Test_ implements Module<Report> {
    @Override
    public Report run(ModuleContext ctx) {
      Artifact artifact = ctx.result(Compile.class);
      return new Report(artifact, artifact.files().size());
    }
  }

  @Test
  void dependentsReadResultsAsTheirOwnTypes() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    CodePipeline.Builder b = CodePipeline.builder("build").param("version", "1.0");
    Handle<Artifact> compile = b.add(new Compile());
    Handle<Report> test = b.add(new Test_());
    Handle<Integer> count =
        b.add(
            "count",
            Integer.class,
            ctx -> {
              seen.set(ctx.result(test).passed());
              return ctx.result(compile).files().size() * 10;
            },
            m -> m.after(test, compile));
    CodePipeline pipeline = b.build();
    try (Weft weft = weft(pipeline)) {
      RunResult run = weft.run(pipeline, Map.of("version", "2.0"));
      assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(run.result(compile))
          .contains(new Artifact("app-2.0", 1234, List.of("A.class", "B.class")));
      assertThat(run.result(Test_.class).orElseThrow().tested().name()).isEqualTo("app-2.0");
      assertThat(run.result(count)).contains(20);
      assertThat(seen).hasValue(2);
      // stored like any run: the CLI lists it
      assertThat(weft.store().runs(10)).extracting(r -> r.nodeId()).contains("build");
    }
  }

  @Test
  void anOptionalDependencyThatFailedIsEmpty() throws Exception {
    CodePipeline.Builder b = CodePipeline.builder("optional");
    Handle<String> lint =
        b.add(
            "lint",
            String.class,
            ctx -> {
              throw new IllegalStateException("lint broke");
            });
    Handle<String> publish =
        b.add(
            "publish",
            String.class,
            ctx -> ctx.optional(lint).orElse("published without lint"),
            m -> m.optional(lint));
    CodePipeline pipeline = b.build();
    try (Weft weft = weft(pipeline)) {
      RunResult run = weft.run(pipeline);
      assertThat(run.status(lint)).isEqualTo(TaskStatus.FAILED);
      assertThat(run.result(publish)).contains("published without lint");
      assertThat(run.result(lint)).isEmpty();
    }
  }

  private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

  @Retry(attempts = 3, backoff = "none")
  public static final class Flaky implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      if (FLAKY_CALLS.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return "attempt " + ctx.attempt();
    }
  }

  @Timeout("50ms")
  public static final class Slow implements Module<Void> {
    @Override
    public Void run(ModuleContext ctx) throws InterruptedException {
      new java.util.concurrent.CountDownLatch(1).await(); // until the timeout interrupts it
      return null;
    }
  }

  @DependsOn(Slow.class)
  @AlwaysRun
  public static final class Cleanup implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      return "cleaned";
    }
  }

  @RunIf(expr = "params.env == 'prod'")
  public static final class Deploy implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      return "deployed";
    }
  }

  /** True on the first of each month, say: here, when the run parameter says so. */
  public static final class Frozen implements Condition {
    @Override
    public boolean test(ModuleContext context) {
      return "yes".equals(context.param("frozen"));
    }
  }

  @SkipIf(Frozen.class)
  public static final class Announce implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      return "announced";
    }
  }

  @Test
  void annotationsMeanWhatTheManifestFieldsMean() throws Exception {
    FLAKY_CALLS.set(0);
    CodePipeline.Builder b =
        CodePipeline.builder("declared").param("env", "dev").param("frozen", "no");
    Handle<String> flaky = b.add(new Flaky());
    Handle<Void> slow = b.add(new Slow());
    Handle<String> cleanup = b.add(new Cleanup());
    Handle<String> deploy = b.add(new Deploy());
    Handle<String> announce = b.add(new Announce());
    CodePipeline pipeline = b.build();
    try (Weft weft = weft(pipeline)) {
      RunResult dev = weft.run(pipeline, Map.of("frozen", "yes"));
      assertThat(dev.result(flaky)).contains("attempt 3");
      assertThat(dev.task(flaky).attempt()).isEqualTo(3);
      assertThat(dev.status(slow)).isEqualTo(TaskStatus.FAILED);
      assertThat(dev.task(slow).error()).contains("timed out after 50ms");
      assertThat(dev.result(cleanup)).contains("cleaned");
      assertThat(dev.status(deploy)).isEqualTo(TaskStatus.SKIPPED);
      assertThat(dev.status(announce)).isEqualTo(TaskStatus.SKIPPED);
      assertThat(dev.task(announce).error()).contains(Frozen.class.getName());

      FLAKY_CALLS.set(2);
      RunResult prod = weft.run(pipeline, Map.of("env", "prod"));
      assertThat(prod.result(deploy)).contains("deployed");
      assertThat(prod.result(announce)).contains("announced");
    }
  }

  @Exclusive("deploy-prod")
  @Limit("gpu")
  @Priority(3)
  @Tags({"release", "slow"})
  @Cache(ttl = "1d")
  public static final class Settled implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      return "ok";
    }
  }

  @Test
  void settingsReachTheStoredPipelineAsTheManifestWritesThem() {
    CodePipeline.Builder b = CodePipeline.builder("settings");
    b.add(new Settled());
    b.add(
        "fluent",
        String.class,
        ctx -> "ok",
        m ->
            m.retry(RetrySpec.fixed(4, Duration.ofSeconds(2)))
                .timeout(Duration.ofMinutes(5))
                .continueOnFailure()
                .user("ann"));
    Pipeline pipeline = b.build().pipeline();
    Node settled = pipeline.node("Settled").orElseThrow();
    assertThat(settled.tasks().exclusive()).isEqualTo("deploy-prod");
    assertThat(settled.tasks().limit()).isEqualTo("gpu");
    assertThat(settled.tasks().priority()).isEqualTo(3);
    assertThat(settled.tags()).containsExactly("release", "slow");
    assertThat(settled.tasks().cache().ttl()).isEqualTo(Duration.ofDays(1));
    Node fluent = pipeline.node("fluent").orElseThrow();
    assertThat(fluent.retry().attempts()).isEqualTo(4);
    assertThat(fluent.retry().initial()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fluent.tasks().timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(fluent.tasks().continueOnFailure()).isTrue();
    assertThat(fluent.tasks().user()).isEqualTo("ann");
  }

  @DependsOn(B.class)
  public static final class A implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      return "a";
    }
  }

  @DependsOn(A.class)
  public static final class B implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      return "b";
    }
  }

  /** Depends on a module nobody added. */
  @DependsOn(Compile.class)
  @Timeout("soon")
  @Retry(attempts = 0, backoff = "sometimes")
  public static final class Broken implements Module<String> {
    @Override
    public String run(ModuleContext ctx) {
      return "never";
    }
  }

  @Test
  void everyProblemIsReportedAtOnceAtItsClass() {
    CodePipeline.Builder b = CodePipeline.builder("broken");
    b.add(new A());
    b.add(new B());
    b.add(new Broken());
    b.add(new Broken());
    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(
            InvalidPipelineException.class,
            e -> {
              List<String> problems = e.problems().stream().map(Problem::format).toList();
              assertThat(problems)
                  .anySatisfy(p ->
                      assertThat(p)
                          .contains(Broken.class.getName())
                          .contains(
                              "depends on "
                                  + Compile.class.getName()
                                  + ", which is not in the pipeline"));
              assertThat(e.getMessage()).contains("cycle: ").contains("A").contains("B");
              assertThat(e.getMessage()).contains("duplicate id 'Broken'");
              assertThat(e.getMessage())
                  .contains("soon")
                  .contains("sometimes")
                  .contains("attempts");
            });
  }

  @Test
  void aPipelineMustBeRegisteredAndItsParametersKnown() throws Exception {
    CodePipeline.Builder b = CodePipeline.builder("params").param("env", null);
    Handle<String> hello = b.add("hello", String.class, ctx -> "hi " + ctx.param("env"));
    CodePipeline pipeline = b.build();
    CodePipeline.Builder o = CodePipeline.builder("other");
    o.add("x", String.class, ctx -> "x");
    CodePipeline other = o.build();
    try (Weft weft = weft(pipeline)) {
      assertThatThrownBy(() -> weft.submit(other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not registered");
      assertThatThrownBy(() -> weft.submit(pipeline))
          .isInstanceOf(InvalidPipelineException.class)
          .hasMessageContaining("'env' has no value");
      assertThatThrownBy(() -> weft.submit(pipeline, Map.of("evn", "x")))
          .isInstanceOf(InvalidPipelineException.class)
          .hasMessageContaining("evn");
      assertThat(weft.run(pipeline, Map.of("env", "prod")).result(hello)).contains("hi prod");
    }
  }

  @Test
  void onlyWorkersOfTheApplicationClaimItsModules() throws Exception {
    CodePipeline.Builder b = CodePipeline.builder("labelled");
    b.add("hello", String.class, ctx -> "hi");
    CodePipeline pipeline = b.build();
    try (Weft weft = weft(pipeline);
        TaskStore plainStore = database.open();
        TaskEngine plain = new TaskEngine(plainStore, NodeTypes.load(), EngineOptions.defaults());
        Weft other =
            Weft.embedded(
                WeftConfig.store(database.location()).application("billing").register(pipeline))) {
      long run = weft.submit(pipeline);
      Instant now = Instant.now();
      Instant until = now.plusSeconds(30);
      // neither a plain worker (as `weft worker` is) nor another application takes the module
      assertThat(plainStore.claim(plain.workerId(), null, 10, now, until, Limits.NONE)).isEmpty();
      assertThat(other.store().claim(other.workerId(), null, 10, now, until, Limits.NONE))
          .isEmpty();
      assertThat(weft.await(run).status()).isEqualTo(TaskStatus.SUCCEEDED);
    }
  }

  /** A result type after a release that dropped one field and added another. */
  public record Renamed(String name, String added) {}

  @Test
  void aResultWrittenByAnOlderVersionOfItsTypeStillReads() {
    Object read = TaskResults.read("{\"name\":\"x\",\"dropped\":3}", Renamed.class);
    assertThat(read).isEqualTo(new Renamed("x", null));
  }

  @Test
  void aRunWhoseModuleIsNoLongerRegisteredFailsSayingSo() throws Exception {
    CodePipeline.Builder before = CodePipeline.builder("renamed");
    before.add("old-step", String.class, ctx -> "old");
    CodePipeline first = before.build();
    long run;
    try (Weft weft = weft(first)) {
      run = weft.submit(first); // not run: the application stops here
    }
    CodePipeline.Builder after = CodePipeline.builder("renamed");
    after.add("new-step", String.class, ctx -> "new");
    CodePipeline second = after.build();
    try (Weft weft = weft(second)) {
      RunResult result = weft.await(run);
      assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(weft.store().tasks(run))
          .anySatisfy(t ->
              assertThat(t.error())
                  .isEqualTo(
                      "module 'old-step' of pipeline 'renamed' is not registered in this"
                          + " application: register the pipeline, with the same module ids,"
                          + " before resuming its runs"));
    }
  }
}
