package dev.weft.tasks.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.TaskStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The part of the store contract the task API uses (owned runs, held runs, editing and deleting
 * tasks not started, details, finding runs), on each database.
 */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class TaskTreeStoreTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  private StoreFixture database;
  private TaskStore store;

  @BeforeEach
  void open() {
    database = kind.create(dir);
    store = database.open();
  }

  @AfterEach
  void close() {
    store.close();
    database.close();
  }

  /** a; b after a; c after nothing, under a. */
  private static RunPlan tree() {
    return new RunPlan(
        "tree",
        "{\"name\":\"tree\"}",
        List.of(
            new RunPlan.Task("a", "noop", 1, "ada", new int[] {}, new boolean[] {}),
            new RunPlan.Task("b", "noop", 0, "ada", new int[] {0}, new boolean[] {true}),
            new RunPlan.Task(
                "c",
                "noop",
                0,
                "ada",
                new int[] {},
                new boolean[] {},
                0,
                false,
                false,
                null,
                null,
                null,
                null)));
  }

  private static final List<TaskDetails> DETAILS =
      java.util.Arrays.asList(
          new TaskDetails("Task A", "{\"x\":1}", "{}", "{\"method\":\"noop\"}"), null, null);

  private Map<String, TaskRecord> tasks(long run) {
    return store.tasks(run).stream()
        .collect(Collectors.toMap(TaskRecord::nodeId, Function.identity()));
  }

  private long held() {
    return store.createRun(tree(), T0, T0, new TaskStore.NewRun("ada", true, DETAILS));
  }

  @Test
  void aHeldRunIsPendingAndNothingIsClaimableUntilItStarts() {
    long run = held();

    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.PENDING);
    assertThat(store.task(run).orElseThrow().user()).isEqualTo("ada");
    assertThat(tasks(run).values()).allMatch(t -> t.status() == TaskStatus.PENDING);
    assertThat(tasks(run).get("c").parentId()).isEqualTo(tasks(run).get("a").id());
    assertThat(store.claim("w", null, 10, T0, T0.plusSeconds(30))).isEmpty();
    assertThat(store.activeRuns()).isEmpty();

    assertThat(store.startRun(run, T0.plusSeconds(1))).isTrue();
    assertThat(store.startRun(run, T0.plusSeconds(1))).as("started once").isFalse();
    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(store.claim("w", null, 10, T0.plusSeconds(1), T0.plusSeconds(30)))
        .extracting(ClaimedTask::nodeId)
        .containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void detailsAreKeptPerTaskAndFollowCopies() {
    long run = held();
    long a = tasks(run).get("a").id();

    assertThat(store.details(run)).containsOnlyKeys(a);
    assertThat(store.details(run).get(a).name()).isEqualTo("Task A");

    long copy = store.copyTasks(List.of(a), T0);
    long copyOfA = tasks(copy).get("a").id();
    assertThat(store.details(copy).get(copyOfA)).isEqualTo(store.details(run).get(a));
  }

  @Test
  void aTaskNotStartedTakesANewPriorityDependenciesAndDetailsWhileItsRunIsHeld() {
    long run = held();
    Map<String, TaskRecord> before = tasks(run);
    long a = before.get("a").id();
    long b = before.get("b").id();
    long c = before.get("c").id();

    TaskDetails renamed = new TaskDetails("B", "{}", null, null);
    assertThat(
            store.updateTask(
                b,
                new TaskStore.TaskUpdate(
                    3, List.of(new TaskDependency(b, c, false)), renamed, "{\"name\":\"new\"}"),
                T0))
        .isTrue();

    assertThat(tasks(run).get("b").priority()).isEqualTo(3);
    assertThat(store.dependencies(run)).containsExactly(new TaskDependency(b, c, false));
    assertThat(store.details(run).get(b)).isEqualTo(renamed);
    assertThat(store.pipelineJson(run)).isEqualTo("{\"name\":\"new\"}");

    store.startRun(run, T0);
    assertThat(store.claim("w", run, 10, T0, T0.plusSeconds(30)))
        .extracting(ClaimedTask::nodeId)
        .containsExactlyInAnyOrder("a", "c");
    assertThat(store.updateTask(b, new TaskStore.TaskUpdate(null, List.of(), null, null), T0))
        .as("dependencies only while held")
        .isFalse();
    assertThat(store.updateTask(b, new TaskStore.TaskUpdate(1, null, null, null), T0))
        .as("the priority of a task still waiting")
        .isTrue();
    assertThat(store.updateTask(a, new TaskStore.TaskUpdate(1, null, null, null), T0))
        .as("a running task")
        .isFalse();
    assertThat(store.updateTask(999_999, new TaskStore.TaskUpdate(1, null, null, null), T0))
        .isFalse();
  }

  @Test
  void tasksOfAHeldRunAreDeletedWithTheirDependenciesAndTheRunCanStillEnd() {
    long run = held();
    Map<String, TaskRecord> before = tasks(run);
    long b = before.get("b").id();

    assertThat(store.deleteTasks(run, List.of(b), "{\"name\":\"tree\"}")).isEqualTo(1);
    assertThat(tasks(run)).containsOnlyKeys("a", "c");
    assertThat(store.dependencies(run)).isEmpty();

    store.startRun(run, T0);
    List<ClaimedTask> claimed = store.claim("w", run, 10, T0, T0.plusSeconds(30));
    store.finish(
        claimed.stream().map(t -> (Outcome) new Outcome.Succeeded(t, "1", null)).toList(), T0);
    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(store.deleteTasks(run, List.of(before.get("a").id()), null))
        .as("only while held")
        .isZero();
  }

  @Test
  void deletingTheRunOfAHeldRunDeletesItAll() {
    long run = held();

    assertThat(store.deleteTasks(run, List.of(run), null)).isEqualTo(4);
    assertThat(store.task(run)).isEmpty();
    assertThat(store.details(run)).isEmpty();
  }

  @Test
  void aHeldRunIsCancelledAsAStartedOne() {
    long run = held();

    store.cancelRun(run, T0);

    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(tasks(run).values()).allMatch(t -> t.status() == TaskStatus.CANCELLED);
  }

  @Test
  void cancellingATaskOfAHeldRunReleasesNothingToClaim() {
    long run = held();
    Map<String, TaskRecord> before = tasks(run);
    long b = before.get("b").id();
    long c = before.get("c").id();
    store.updateTask(
        b,
        new TaskStore.TaskUpdate(null, List.of(new TaskDependency(b, c, false)), null, null),
        T0);

    store.cancelTask(c, T0);

    assertThat(tasks(run).get("c").status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(tasks(run).get("b").status()).isEqualTo(TaskStatus.PENDING);
    assertThat(store.claim("w", null, 10, T0, T0.plusSeconds(30))).isEmpty();
    store.startRun(run, T0);
    assertThat(store.claim("w", null, 10, T0, T0.plusSeconds(30)))
        .extracting(ClaimedTask::nodeId)
        .as("b waited only for the end of c")
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void runsAreFoundByOwnerAndStatus() {
    long mine = held();
    long other = store.createRun(tree(), T0, T0, TaskStore.NewRun.ownedBy("bob"));
    long nobody = store.createRun(tree(), T0);

    assertThat(store.findRuns("ada", null, 10, 0)).extracting(TaskRecord::id).containsExactly(mine);
    assertThat(store.findRuns(null, TaskStatus.RUNNING, 10, 0))
        .extracting(TaskRecord::id)
        .containsExactly(nobody, other);
    assertThat(store.findRuns(null, null, 1, 1)).extracting(TaskRecord::id).containsExactly(other);
    assertThat(store.countRuns("bob", null)).isEqualTo(1);
    assertThat(store.countRuns(null, TaskStatus.PENDING)).isEqualTo(1);
    assertThat(store.task(other).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
  }
}
