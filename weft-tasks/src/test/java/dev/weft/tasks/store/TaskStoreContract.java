package dev.weft.tasks.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.TaskStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link TaskStore} must do, run against each database by a subclass. Time is passed in,
 * so nothing here sleeps.
 */
abstract class TaskStoreContract {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant LEASE = T0.plusSeconds(30);

  @TempDir Path dir;

  TaskStore store;

  StoreFixture database;

  /** The database this subclass runs the contract on. */
  abstract StoreFixture.Kind kind();

  @BeforeEach
  void openStore() {
    database = kind().create(dir);
    store = database.open();
  }

  @AfterEach
  void closeStore() {
    store.close();
    database.close();
  }

  /** a; b after a; c after a and b; d after nothing, priority 5. */
  static RunPlan diamond() {
    return new RunPlan(
        "diamond",
        "{}",
        List.of(
            new RunPlan.Task("a", "noop", 0, null, new int[] {}, new boolean[] {}),
            new RunPlan.Task("b", "noop", 0, null, new int[] {0}, new boolean[] {true}),
            new RunPlan.Task("c", "noop", 0, "ada", new int[] {0, 1}, new boolean[] {true, true}),
            new RunPlan.Task("d", "noop", 5, null, new int[] {}, new boolean[] {})));
  }

  Map<String, TaskRecord> tasks(long run) {
    return store.tasks(run).stream()
        .collect(Collectors.toMap(TaskRecord::nodeId, Function.identity()));
  }

  private final Map<String, ClaimedTask> held = new java.util.HashMap<>();

  /** The claim of {@code node}: claims every ready task of the run when it is not held yet. */
  ClaimedTask claimOne(long run, String node) {
    if (!held.containsKey(node)) {
      store.claim("w", run, 100, T0, LEASE).forEach(t -> held.put(t.nodeId(), t));
    }
    return java.util.Objects.requireNonNull(held.remove(node), node + " is not ready");
  }

  @Test
  void aNewRunHasItsFreeTasksReadyAndTheRestPending() {
    long run = store.createRun(diamond(), T0);

    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(tasks.get("a").status()).isEqualTo(TaskStatus.READY);
    assertThat(tasks.get("b").status()).isEqualTo(TaskStatus.PENDING);
    assertThat(tasks.get("c").user()).isEqualTo("ada");
    assertThat(store.runs(10)).extracting(TaskRecord::id).containsExactly(run);
    assertThat(store.pipelineJson(run)).isEqualTo("{}");
  }

  @Test
  void runsAndTasksArePagedNewestFirstWithTheirTotals() {
    long first = store.createRun(diamond(), T0);
    long second = store.createRun(diamond(), T0);
    long third = store.createRun(diamond(), T0);

    assertThat(store.countRuns()).isEqualTo(3);
    assertThat(store.runs(2, 0)).extracting(TaskRecord::id).containsExactly(third, second);
    assertThat(store.runs(2, 2)).extracting(TaskRecord::id).containsExactly(first);
    assertThat(store.countTasks(null, null, null)).isEqualTo(12);
    assertThat(store.countTasks(second, null, "ada")).isEqualTo(1);
    assertThat(store.countTasks(null, TaskStatus.READY, null)).isEqualTo(6);
    List<TaskRecord> newest = store.findTasks(null, null, null, 5, 0);
    List<TaskRecord> next = store.findTasks(null, null, null, 5, 5);
    assertThat(newest).hasSize(5);
    assertThat(next).hasSize(5);
    assertThat(newest.getLast().id()).isGreaterThan(next.getFirst().id());
  }

  @Test
  void claimsGoByPriorityThenAgeAndStartANewAttemptUnderALease() {
    long run = store.createRun(diamond(), T0);

    List<ClaimedTask> first = store.claim("w", run, 1, T0, LEASE);
    List<ClaimedTask> second = store.claim("w", run, 5, T0, LEASE);

    assertThat(first).extracting(ClaimedTask::nodeId).containsExactly("d");
    assertThat(second).extracting(ClaimedTask::nodeId).containsExactly("a");
    assertThat(first.getFirst().attempt()).isEqualTo(1);
    assertThat(first.getFirst().roundStartedAt()).isEqualTo(T0);
    assertThat(store.claim("w", run, 5, T0, LEASE)).isEmpty();
  }

  @Test
  void aRunScheduledForLaterIsNotClaimableBeforeItsTime() {
    long run = store.createRun(diamond(), T0, T0.plusSeconds(3600));

    assertThat(store.claim("w", run, 10, T0.plusSeconds(3599), LEASE)).isEmpty();
    assertThat(store.nextDue(run)).contains(T0.plusSeconds(3600));
    assertThat(store.claim("w", run, 10, T0.plusSeconds(3600), LEASE))
        .extracting(ClaimedTask::nodeId)
        .containsExactly("d", "a");
  }

  @Test
  void agingLetsALongWaitingLowPriorityTaskGoFirst() {
    long old =
        store.createRun(
            new RunPlan(
                "old",
                "{}",
                List.of(new RunPlan.Task("low", "noop", 0, null, new int[] {}, new boolean[] {}))),
            T0);
    store.createRun(
        new RunPlan(
            "new",
            "{}",
            List.of(new RunPlan.Task("high", "noop", 5, null, new int[] {}, new boolean[] {}))),
        T0.plusSeconds(600));

    store.age(T0.plusSeconds(240), java.time.Duration.ofMinutes(1)); // low: 0 + 4 < 5
    assertThat(store.claim("w", null, 1, T0.plusSeconds(600), LEASE))
        .extracting(ClaimedTask::nodeId)
        .containsExactly("high");

    store.createRun(
        new RunPlan(
            "newer",
            "{}",
            List.of(new RunPlan.Task("high2", "noop", 5, null, new int[] {}, new boolean[] {}))),
        T0.plusSeconds(600));
    store.age(T0.plusSeconds(600), java.time.Duration.ofMinutes(1));

    assertThat(store.tasks(old).getFirst().priority()).isEqualTo(10);
    assertThat(store.claim("w", null, 1, T0.plusSeconds(600), LEASE))
        .extracting(ClaimedTask::nodeId)
        .containsExactly("low");
  }

  @Test
  void aDependentBecomesReadyWhenAllItsDependenciesSucceededAndGetsTheirResults() {
    long run = store.createRun(diamond(), T0);
    ClaimedTask a = claimOne(run, "a");
    store.finish(List.of(new Outcome.Succeeded(a, "\"A\"")), T0);
    ClaimedTask b = claimOne(run, "b");

    assertThat(tasks(run).get("c").status()).isEqualTo(TaskStatus.PENDING);
    store.finish(List.of(new Outcome.Succeeded(b, "2")), T0);
    ClaimedTask c = claimOne(run, "c");

    assertThat(c.inputs()).isEqualTo(Map.of("a", "\"A\"", "b", "2"));
  }

  @Test
  void theRunEndsWhenItsLastTaskEnds() {
    long run = store.createRun(diamond(), T0);
    List<StatusChange> changes = new ArrayList<>();
    for (String node : List.of("d", "a", "b", "c")) {
      ClaimedTask t = claimOne(run, node);
      changes.addAll(store.finish(List.of(new Outcome.Succeeded(t, null)), T0.plusSeconds(1)));
    }

    assertThat(changes.getLast().runEnded()).isTrue();
    assertThat(changes.getLast().status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(store.task(run).orElseThrow().finishedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(changes.stream().filter(StatusChange::runEnded)).hasSize(1);
  }

  @Test
  void aRetryWaitsUntilItIsDue() {
    long run = store.createRun(diamond(), T0);
    ClaimedTask a = claimOne(run, "a");
    store.finish(List.of(new Outcome.Retry(a, "boom", T0.plusSeconds(10))), T0);

    assertThat(store.claim("w", run, 5, T0.plusSeconds(9), LEASE)).isEmpty();
    assertThat(store.nextDue(run)).contains(T0.plusSeconds(10));
    ClaimedTask again = store.claim("w", run, 5, T0.plusSeconds(10), LEASE).getFirst();
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(store.attempts(a.id()))
        .extracting(AttemptRecord::attempt, AttemptRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "failed"),
            org.assertj.core.groups.Tuple.tuple(2, null));
  }

  @Test
  void aFailureEndsWhatRequiresItButNotWhatOnlyOptionallyWaitsForIt() {
    RunPlan plan =
        new RunPlan(
            "optional",
            "{}",
            List.of(
                new RunPlan.Task("lint", "noop", 0, null, new int[] {}, new boolean[] {}),
                new RunPlan.Task("build", "noop", 0, null, new int[] {}, new boolean[] {}),
                new RunPlan.Task(
                    "publish", "noop", 0, null, new int[] {1, 0}, new boolean[] {true, false}),
                new RunPlan.Task(
                    "needs-lint", "noop", 0, null, new int[] {0}, new boolean[] {true}),
                new RunPlan.Task(
                    "after-that", "noop", 0, null, new int[] {3}, new boolean[] {true})));
    long run = store.createRun(plan, T0);
    ClaimedTask lint = claimOne(run, "lint");
    ClaimedTask build = claimOne(run, "build");

    List<StatusChange> changes =
        store.finish(
            List.of(new Outcome.Failed(lint, "style", null), new Outcome.Succeeded(build, null)),
            T0);

    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(tasks.get("lint").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(tasks.get("needs-lint").status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    assertThat(tasks.get("after-that").status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    assertThat(tasks.get("publish").status()).isEqualTo(TaskStatus.READY);
    assertThat(changes)
        .extracting(StatusChange::nodeId, StatusChange::status)
        .contains(
            org.assertj.core.groups.Tuple.tuple("needs-lint", TaskStatus.UPSTREAM_FAILED),
            org.assertj.core.groups.Tuple.tuple("after-that", TaskStatus.UPSTREAM_FAILED));
    ClaimedTask publish = claimOne(run, "publish");
    assertThat(store.finish(List.of(new Outcome.Succeeded(publish, null)), T0).getLast())
        .satisfies(end -> assertThat(end.runEnded()).isTrue())
        .satisfies(end -> assertThat(end.status()).isEqualTo(TaskStatus.FAILED));
  }

  @Test
  void retryingAFailedRunRerunsOnlyWhatDidNotSucceedAndKeepsTheResults() {
    long run = store.createRun(diamond(), T0);
    ClaimedTask a = claimOne(run, "a");
    ClaimedTask d = claimOne(run, "d");
    store.finish(List.of(new Outcome.Succeeded(a, "\"A\""), new Outcome.Succeeded(d, null)), T0);
    ClaimedTask b = claimOne(run, "b");
    store.finish(List.of(new Outcome.Failed(b, "boom", null)), T0);
    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);

    assertThat(store.retryFailed(run, T0.plusSeconds(5))).isEqualTo(2);

    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(tasks.get("a").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(tasks.get("b").status()).isEqualTo(TaskStatus.READY);
    assertThat(tasks.get("c").status()).isEqualTo(TaskStatus.PENDING);
    ClaimedTask b2 = claimOne(run, "b");
    assertThat(b2.attempt()).isEqualTo(2);
    assertThat(b2.roundAttempt()).as("the first attempt of a new round").isEqualTo(1);
    assertThat(b2.inputs()).containsEntry("a", "\"A\"");
    store.finish(List.of(new Outcome.Succeeded(b2, "2")), T0);
    ClaimedTask c = claimOne(run, "c");
    assertThat(store.finish(List.of(new Outcome.Succeeded(c, null)), T0).getLast().status())
        .isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(store.retryFailed(run, T0)).as("nothing to retry in a succeeded run").isZero();
  }

  @Test
  void aCheckpointIsKeptForTheAttemptThatTakesOverAndRefusedFromTheOneTakenOver() {
    long run = store.createRun(diamond(), T0);
    ClaimedTask first = store.claim("old", run, 1, T0, LEASE).getFirst();
    assertThat(store.checkpoint(first.id())).isEmpty();

    assertThat(store.checkpoint(first, "{\"step\":1}", T0.plusSeconds(1))).isTrue();
    assertThat(store.checkpoint(first, "{\"step\":2}", T0.plusSeconds(2))).isTrue();
    store.recoverAbandoned(T0.plusSeconds(31), List.of());
    ClaimedTask second =
        store.claim("new", run, 1, T0.plusSeconds(31), T0.plusSeconds(61)).getFirst();

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(store.checkpoint(second.id()))
        .contains(new Checkpoint("{\"step\":2}", first.attempt(), T0.plusSeconds(2)));
    assertThat(store.checkpoint(first, "{\"step\":3}", T0.plusSeconds(32)))
        .as("the attempt taken over no longer saves")
        .isFalse();
    assertThat(store.checkpoint(second, "{\"step\":3}", T0.plusSeconds(33))).isTrue();
    store.finish(List.of(new Outcome.Succeeded(second, null)), T0.plusSeconds(34));
    assertThat(store.checkpoint(second, "{\"step\":4}", T0.plusSeconds(35)))
        .as("an ended task")
        .isFalse();
    assertThat(store.checkpoint(second.id()).orElseThrow().attempt()).isEqualTo(second.attempt());
  }

  @Test
  void aWorkerWhoseTaskWasTakenOverCannotOverwriteTheNewOwner() {
    long run = store.createRun(diamond(), T0);
    store.registerWorker(
        WorkerRecord.starting("old", "h", 1, T0, 8, java.time.Duration.ofSeconds(30), null));
    ClaimedTask stale = store.claim("old", run, 1, T0, LEASE).getFirst();

    assertThat(store.recoverAbandoned(T0.plusSeconds(31), List.of()))
        .as("lease expired")
        .isEqualTo(1);
    ClaimedTask current =
        store.claim("new", run, 1, T0.plusSeconds(31), T0.plusSeconds(61)).getFirst();
    List<StatusChange> ignored = store.finish(List.of(new Outcome.Failed(stale, "late", null)), T0);

    assertThat(current.id()).isEqualTo(stale.id());
    assertThat(current.epoch()).isGreaterThan(stale.epoch());
    assertThat(ignored).isEmpty();
    assertThat(store.task(stale.id()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(store.finish(List.of(new Outcome.Succeeded(current, null)), T0)).isNotEmpty();
    assertThat(store.attempts(stale.id()))
        .extracting(AttemptRecord::worker, AttemptRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("old", "abandoned"),
            org.assertj.core.groups.Tuple.tuple("new", "succeeded"));
  }

  @Test
  void successesEndedTogetherCountOnlyForTheClaimsStillHeldAndKeepTheirResultsExactly() {
    long run = store.createRun(diamond(), T0);
    store.registerWorker(
        WorkerRecord.starting("old", "h", 1, T0, 8, java.time.Duration.ofSeconds(30), null));
    List<ClaimedTask> stale = store.claim("old", run, 2, T0, LEASE);
    assertThat(store.recoverAbandoned(T0.plusSeconds(31), List.of())).isEqualTo(2);
    List<ClaimedTask> current = store.claim("new", run, 2, T0.plusSeconds(31), T0.plusSeconds(61));
    assertThat(current).extracting(ClaimedTask::nodeId).containsExactly("d", "a");
    String result = "{\"text\":\"a \\\"quoted\\\" line,\\n \u00e9 \u2603\",\"n\":[1,2.5,null]}";

    // The old owner's late success of d, beside the new owner's success of a: one batch.
    List<StatusChange> changes =
        store.finish(
            List.of(
                new Outcome.Succeeded(stale.get(0), "\"late\""),
                new Outcome.Succeeded(current.get(1), result)),
            T0.plusSeconds(40));

    assertThat(changes)
        .filteredOn(c -> c.taskId() != run)
        .extracting(StatusChange::nodeId, StatusChange::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", TaskStatus.SUCCEEDED));
    Map<String, TaskRecord> tasks = tasks(run);
    assertThat(tasks.get("d").status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(tasks.get("d").resultJson()).isNull();
    assertThat(tasks.get("a").resultJson()).isEqualTo(result);
    assertThat(tasks.get("b").status()).as("released by a").isEqualTo(TaskStatus.READY);
    assertThat(store.attempts(current.get(1).id()))
        .extracting(AttemptRecord::worker, AttemptRecord::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("old", "abandoned"),
            org.assertj.core.groups.Tuple.tuple("new", "succeeded"));
    assertThat(store.attempts(current.get(0).id()))
        .extracting(AttemptRecord::outcome)
        .containsExactly("abandoned", null);
  }

  @Test
  void aWorkerIsListedWithItsLoadAskedToDrainAndForgottenWhenItLeaves() {
    WorkerRecord w =
        WorkerRecord.starting("w", "h", 7, T0, 8, java.time.Duration.ofSeconds(30), "1.0");
    store.registerWorker(w);

    assertThat(store.heartbeat(w, T0.plusSeconds(5), LEASE, List.of(11L, 12L, 13L)))
        .as("not asked to drain")
        .isFalse();
    assertThat(store.workers())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.running()).isEqualTo(3);
          assertThat(r.concurrency()).isEqualTo(8);
          assertThat(r.heartbeatAt()).isEqualTo(T0.plusSeconds(5));
          assertThat(r.status(T0.plusSeconds(6))).isEqualTo("active");
          assertThat(r.status(T0.plusSeconds(36))).isEqualTo("lost");
        });
    assertThat(store.drainWorker("w")).isTrue();
    assertThat(store.drainWorker("nobody")).isFalse();
    assertThat(store.heartbeat(w, T0.plusSeconds(6), LEASE, List.of(11L, 12L, 13L)))
        .as("asked to drain")
        .isTrue();
    assertThat(store.workers().getFirst().status(T0.plusSeconds(7))).isEqualTo("draining");

    store.deregisterWorker("w");
    assertThat(store.workers()).isEmpty();
    assertThat(store.heartbeat(w, T0.plusSeconds(8), LEASE, List.of()))
        .as("a worker taken for dead registers again")
        .isFalse();
    assertThat(store.workers()).extracting(WorkerRecord::id).containsExactly("w");
  }

  /**
   * gpu requires gpu; warm prefers warm (waiting 10 s for it); after waits for gpu, prefers warm.
   */
  static RunPlan routed() {
    RunPlan.Routing warm = new RunPlan.Routing(null, "warm", 10_000);
    return new RunPlan(
        "routed",
        "{}",
        List.of(
            routedTask("gpu", new int[] {}, new RunPlan.Routing("gpu", null, 0)),
            routedTask("warm", new int[] {}, warm),
            routedTask("after", new int[] {0}, warm)));
  }

  private static RunPlan.Task routedTask(String node, int[] after, RunPlan.Routing routing) {
    boolean[] required = new boolean[after.length];
    java.util.Arrays.fill(required, true);
    return new RunPlan.Task(
        node, "noop", 0, null, after, required, -1, false, false, null, null, null, routing);
  }

  @Test
  void requiredLabelsGoOnlyToWorkersHavingThemAndPreferredOnesWaitForThem() {
    java.time.Duration lease = java.time.Duration.ofSeconds(30);
    store.registerWorker(WorkerRecord.starting("plain", "h", 1, T0, 8, lease, null));
    store.registerWorker(
        WorkerRecord.starting("cpu", "h", 2, T0, 8, lease, null)
            .serving(List.of("cpu"), List.of()));
    store.registerWorker(
        WorkerRecord.starting("both", "h", 3, T0, 8, lease, null)
            .serving(List.of("warm", "gpu", "big"), List.of("noop", "shell")));
    long run = store.createRun(routed(), T0);

    assertThat(store.claim("plain", run, 10, T0, LEASE)).as("no labels, before the wait").isEmpty();
    assertThat(store.claim("cpu", run, 10, T0.plusSeconds(9), LEASE)).isEmpty();
    assertThat(store.claim("cpu", run, 10, T0.plusSeconds(10), LEASE))
        .as("after its prefer wait anyone takes a preferring task, never a requiring one")
        .extracting(ClaimedTask::nodeId)
        .containsExactly("warm");
    ClaimedTask gpu = store.claim("both", run, 10, T0.plusSeconds(10), LEASE).getFirst();
    assertThat(gpu.nodeId()).isEqualTo("gpu");
    assertThat(store.workers())
        .filteredOn(w -> w.id().equals("both"))
        .singleElement()
        .extracting(WorkerRecord::labels)
        .isEqualTo(List.of("big", "gpu", "warm"));

    store.finish(List.of(new Outcome.Succeeded(gpu, "1")), T0.plusSeconds(60));
    assertThat(store.claim("plain", run, 10, T0.plusSeconds(69), LEASE))
        .as("a dependent's prefer wait counts from when it became ready")
        .isEmpty();
    assertThat(store.claim("both", run, 10, T0.plusSeconds(61), LEASE))
        .extracting(ClaimedTask::nodeId)
        .containsExactly("after");
  }

  @Test
  void aWorkerWithTooManyLabelsIsRefused() {
    WorkerRecord many =
        WorkerRecord.starting("many", "h", 1, T0, 8, java.time.Duration.ofSeconds(30), null)
            .serving(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"), List.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.registerWorker(many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 8 labels");
    assertThat(store.workers()).isEmpty();
  }

  @Test
  void releasedClaimsAreReadyAgainWithTheirAttemptNotCounted() {
    long run = store.createRun(diamond(), T0);
    List<ClaimedTask> claimed = new ArrayList<>(store.claim("w", run, 1, T0, T0.plusSeconds(1)));
    claimed.addAll(store.claim("w", run, 1, T0, LEASE));
    assertThat(claimed).hasSize(2);
    // The first one's lease ran out and another worker took it over: its new owner keeps it.
    assertThat(store.recoverAbandoned(T0.plusSeconds(2), List.of())).isEqualTo(1);
    ClaimedTask again = store.claim("other", run, 1, T0.plusSeconds(2), LEASE).getFirst();
    assertThat(again.id()).isEqualTo(claimed.getFirst().id());

    int released = store.release(claimed);

    assertThat(released).isEqualTo(1);
    for (ClaimedTask c : claimed) {
      TaskRecord task = store.task(c.id()).orElseThrow();
      if (c.id() == again.id()) {
        assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
      } else {
        assertThat(task.status()).isEqualTo(TaskStatus.READY);
        assertThat(task.attempt()).isZero();
        assertThat(store.attempts(c.id())).isEmpty();
      }
    }
  }

  @Test
  void heartbeatsKeepALeaseAndDeadWorkersLoseTheirsAtOnce() {
    WorkerRecord alive =
        WorkerRecord.starting("alive", "h", 1, T0, 8, java.time.Duration.ofSeconds(30), null);
    List<RunPlan.Task> free = new ArrayList<>();
    for (String node : List.of("x", "y", "z")) {
      free.add(new RunPlan.Task(node, "noop", 0, null, new int[] {}, new boolean[] {}));
    }
    long run = store.createRun(new RunPlan("three", "{}", free), T0);
    store.registerWorker(alive);
    store.registerWorker(
        WorkerRecord.starting("dead", "h", 2, T0, 8, java.time.Duration.ofSeconds(30), null));
    ClaimedTask held = store.claim("alive", run, 1, T0, LEASE).getFirst();
    store.claim("alive", run, 1, T0, LEASE); // its reply lost: the worker never learnt of it
    store.claim("dead", run, 1, T0, LEASE);

    store.heartbeat(alive, T0.plusSeconds(20), T0.plusSeconds(50), List.of(held.id()));

    assertThat(store.recoverAbandoned(T0.plusSeconds(31), List.of()))
        .as("the silent one's, and the claim its worker did not know it held")
        .isEqualTo(2);
    assertThat(store.task(held.id()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(store.recoverAbandoned(T0, List.of("dead"))).isZero();
    assertThat(store.workers()).extracting(WorkerRecord::id).containsExactly("alive");
  }

  @Test
  void concurrentClaimersOnSeparateConnectionsNeverShareATask() throws Exception {
    List<RunPlan.Task> free = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      free.add(new RunPlan.Task("t" + i, "noop", i % 3, null, new int[] {}, new boolean[] {}));
    }
    long run = store.createRun(new RunPlan("many", "{}", free), T0);
    int workers = 6;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> claims = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      for (int w = 0; w < workers; w++) {
        String worker = "w" + w;
        TaskStore connection = database.open();
        Callable<List<Long>> claimer =
            () -> {
              List<Long> mine = new ArrayList<>();
              try (TaskStore own = connection) {
                start.await();
                for (List<ClaimedTask> got = own.claim(worker, run, 7, T0, LEASE);
                    !got.isEmpty();
                    got = own.claim(worker, run, 7, T0, LEASE)) {
                  got.forEach(t -> mine.add(t.id()));
                }
              }
              return mine;
            };
        claims.add(pool.submit(claimer));
      }
      start.countDown();
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : claims) {
      all.addAll(f.get());
    }
    Set<Long> distinct = new HashSet<>(all);
    assertThat(all).hasSize(400);
    assertThat(distinct).hasSize(400);
    assertThat(Collections.frequency(all, all.getFirst())).isEqualTo(1);
  }

  @Test
  void aRunsOwnCapsHoldBackItsTasksButNotOtherRuns() {
    List<RunPlan.Task> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tasks.add(
          new RunPlan.Task(
              "t" + i, i % 2 == 0 ? "http" : "noop", 0, null, new int[0], new boolean[0]));
    }
    long capped =
        store.createRun(
            new RunPlan("capped", "{}", tasks, new dev.weft.core.RunLimits(3, Map.of("http", 1))),
            T0);
    long free = store.createRun(new RunPlan("free", "{}", tasks), T0);

    List<ClaimedTask> claimed = store.claim("w", null, 100, T0, LEASE);

    Map<Long, List<String>> types =
        claimed.stream()
            .collect(
                Collectors.groupingBy(
                    ClaimedTask::rootId,
                    Collectors.mapping(ClaimedTask::type, Collectors.toList())));
    assertThat(types.get(capped)).containsExactlyInAnyOrder("http", "noop", "noop");
    assertThat(types.get(free)).hasSize(6);
    assertThat(store.claim("w", capped, 100, T0, LEASE)).isEmpty();
  }

  static final dev.weft.core.Schedule EVERY_FIVE_MINUTES =
      dev.weft.core.Schedule.utc("*/5 * * * *");

  @Test
  void schedulesAreSavedReplacedListedAndRemoved() {
    store.saveSchedule(new ScheduleRecord("nightly", EVERY_FIVE_MINUTES, "{}", T0, null, null), T0);
    store.saveSchedule(
        new ScheduleRecord("nightly", dev.weft.core.Schedule.utc("@daily"), "{}", T0, null, null),
        T0);

    assertThat(store.schedules())
        .singleElement()
        .satisfies(s -> assertThat(s.schedule().cron()).isEqualTo("@daily"));
    assertThat(store.removeSchedule("nightly")).isTrue();
    assertThat(store.removeSchedule("nightly")).isFalse();
    assertThat(store.schedules()).isEmpty();
  }

  @Test
  void aDueTimeFiresOnceHoweverManyWorkersTryIt() throws Exception {
    store.saveSchedule(new ScheduleRecord("often", EVERY_FIVE_MINUTES, "{}", T0, null, null), T0);
    int workers = 6;
    List<TaskStore> stores = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      stores.add(database.open());
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<java.util.Optional<Long>>> fired = new ArrayList<>();
      for (TaskStore worker : stores) {
        fired.add(
            pool.submit(() -> {
              go.await();
              return worker.fireSchedule(
                  "often", T0, T0.plusSeconds(300), diamond(), T0.plusSeconds(1));
            }));
      }
      go.countDown();
      List<Long> runs = new ArrayList<>();
      for (Future<java.util.Optional<Long>> f : fired) {
        f.get().ifPresent(runs::add);
      }
      assertThat(runs).hasSize(1);
      assertThat(store.runs(10)).extracting(TaskRecord::id).containsExactlyElementsOf(runs);
      ScheduleRecord after = store.schedules().getFirst();
      assertThat(after.nextFireAt()).isEqualTo(T0.plusSeconds(300));
      assertThat(after.lastFireAt()).isEqualTo(T0);
      assertThat(after.lastRunId()).isEqualTo(runs.getFirst());
    } finally {
      pool.shutdownNow();
      stores.forEach(TaskStore::close);
    }
  }

  @Test
  void cancellingAWaitingTaskCancelsWhatRequiresItAndTheRunCannotSucceed() {
    long run = store.createRun(diamond(), T0);

    List<StatusChange> changes = store.cancelTask(tasks(run).get("b").id(), T0);

    assertThat(changes)
        .extracting(StatusChange::nodeId, StatusChange::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", TaskStatus.CANCELLED),
            org.assertj.core.groups.Tuple.tuple("c", TaskStatus.CANCELLED));
    assertThat(tasks(run).get("c").error()).isEqualTo("b cancelled");
    store.finish(List.of(new Outcome.Succeeded(claimOne(run, "a"), "1")), T0);
    store.finish(List.of(new Outcome.Succeeded(claimOne(run, "d"), "4")), T0);
    assertThat(store.task(run).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  void cancellingARunningTaskAsksItToStopAndItsEndCancelsItsDependents() {
    long run = store.createRun(diamond(), T0);
    ClaimedTask a = claimOne(run, "a");

    assertThat(store.cancelTask(a.id(), T0)).isEmpty();
    assertThat(store.cancelRequested("w")).containsExactly(a.id());
    List<StatusChange> changes =
        store.finish(List.of(new Outcome.Succeeded(a, "1")), T0); // it ended all the same

    assertThat(changes).extracting(StatusChange::status).containsOnly(TaskStatus.SUCCEEDED);
    assertThat(store.cancelTask(a.id(), T0)).isEmpty(); // ended: nothing to cancel

    ClaimedTask b = claimOne(run, "b");
    store.cancelTask(b.id(), T0);
    changes = store.finish(List.of(new Outcome.Failed(b, "interrupted", null)), T0);
    assertThat(changes)
        .extracting(StatusChange::nodeId, StatusChange::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", TaskStatus.CANCELLED),
            org.assertj.core.groups.Tuple.tuple("c", TaskStatus.CANCELLED));
  }

  @Test
  void aCopyTakesTheTaskAndItsDependentsAndReusesWhatItLeavesBehind() {
    long run = store.createRun(diamond(), T0);
    store.finish(List.of(new Outcome.Succeeded(claimOne(run, "a"), "\"A\"")), T0);
    ClaimedTask b = claimOne(run, "b");
    store.finish(List.of(new Outcome.Failed(b, "boom", null)), T0);

    long copy = store.copyTasks(List.of(b.id()), T0.plusSeconds(1));

    Map<String, TaskRecord> copies = tasks(copy);
    assertThat(copies.keySet()).containsExactlyInAnyOrder("b", "c");
    assertThat(copies.get("b").originalId()).isEqualTo(b.id());
    assertThat(copies.get("b").status()).isEqualTo(TaskStatus.READY);
    assertThat(copies.get("c").status()).isEqualTo(TaskStatus.PENDING);
    assertThat(store.task(copy).orElseThrow().originalId()).isEqualTo(run);
    assertThat(store.pipelineJson(copy)).isEqualTo(store.pipelineJson(run));
    ClaimedTask bAgain = claimOne(copy, "b");
    assertThat(bAgain.inputs()).containsExactly(Map.entry("a", "\"A\""));
    store.finish(List.of(new Outcome.Succeeded(bAgain, "\"B\"")), T0);
    assertThat(claimOne(copy, "c").inputs())
        .containsOnly(Map.entry("a", "\"A\""), Map.entry("b", "\"B\""));
    assertThat(store.dependencies(copy))
        .contains(new TaskDependency(copies.get("c").id(), tasks(run).get("a").id(), true));
  }

  @Test
  void aCopyOfAnOwnedRunIsTheSameOwners() {
    long run = store.createRun(diamond(), T0, T0, TaskStore.NewRun.ownedBy("ada"));
    ClaimedTask a = claimOne(run, "a");
    store.finish(List.of(new Outcome.Failed(a, "boom", null)), T0);

    long copy = store.copyTasks(List.of(a.id()), T0.plusSeconds(1));

    assertThat(store.task(copy).orElseThrow().user()).isEqualTo("ada");
    assertThat(store.findRuns("ada", null, 10, 0)).extracting(TaskRecord::id).contains(run, copy);
  }

  @Test
  void aCopyThatWouldMissARequiredResultIsRefusedWithTheReason() {
    long run = store.createRun(diamond(), T0);
    ClaimedTask a = claimOne(run, "a");
    store.finish(List.of(new Outcome.Failed(a, "boom", null)), T0);
    long c = tasks(run).get("c").id();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.copyTasks(List.of(c), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "c (#"
                + c
                + ") needs a (#"
                + a.id()
                + "), which is failed: copy #"
                + a.id()
                + " as well");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.copyTasks(List.of(run), T0))
        .hasMessageContaining("is a run");
    assertThat(store.runs(10)).hasSize(1);
  }

  @Test
  void aCopyThatResetsInputsLeavesTheOriginalsBehindEntirely() {
    long run = store.createRun(diamond(), T0);
    store.finish(List.of(new Outcome.Succeeded(claimOne(run, "a"), "1")), T0);
    long b = tasks(run).get("b").id();

    long copy = store.copyTasks(List.of(b), T0, new TaskStore.CopyReset(true, true));

    Map<String, TaskRecord> copies = tasks(copy);
    assertThat(copies.keySet()).containsExactlyInAnyOrder("b", "c");
    assertThat(copies.get("b").status()).isEqualTo(TaskStatus.READY);
    assertThat(claimOne(copy, "b").inputs()).isEmpty();
    assertThat(store.dependencies(copy))
        .allSatisfy(
            d -> assertThat(copies.values()).extracting(TaskRecord::id).contains(d.dependsOn()));
  }

  // The event log.

  private List<Event> events(long after) {
    return store.events(new Event.Query(after, null, null, 1000));
  }

  private static List<String> described(List<Event> events) {
    return events.stream()
        .map(e -> e.kind().display() + " " + e.nodeId() + " " + e.status().display())
        .toList();
  }

  @Test
  void eachRunAndTaskChangeIsLoggedInOrderWithGrowingIds() {
    assertThat(store.lastEventId()).as("no events yet").isZero();
    long run = store.createRun(diamond(), T0);
    ClaimedTask d = claimOne(run, "d");
    ClaimedTask a = claimOne(run, "a");
    store.finish(List.of(new Outcome.Succeeded(d, null)), T0.plusSeconds(1));
    store.finish(List.of(new Outcome.Failed(a, "boom", null)), T0.plusSeconds(2));

    List<Event> events = events(0);

    assertThat(described(events))
        .containsExactly(
            "run diamond running",
            "task d running",
            "task a running",
            "task d succeeded",
            "task a failed",
            "task b upstream-failed",
            "task c upstream-failed",
            "run diamond failed");
    assertThat(events).extracting(Event::runId).containsOnly(run);
    assertThat(events.get(4).error()).isEqualTo("boom");
    assertThat(events.get(4).at()).isEqualTo(T0.plusSeconds(2));
    assertThat(events.getFirst().taskId()).isEqualTo(run);
    assertThat(events.get(6).user()).as("the run's owner, not c's own user").isNull();
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).id()).isGreaterThan(events.get(i - 1).id());
    }
    assertThat(events(events.get(5).id())).containsExactlyElementsOf(events.subList(6, 8));
    assertThat(store.lastEventId()).isEqualTo(events.getLast().id());
  }

  @Test
  void eventsAreReadByRunAndByTheUserOwningTheRun() {
    long ada = store.createRun(diamond(), T0, T0, new TaskStore.NewRun("ada", false, List.of()));
    long bob = store.createRun(diamond(), T0, T0, new TaskStore.NewRun("bob", false, List.of()));
    store.claim("w", null, 100, T0, LEASE);

    List<Event> bobs = store.events(new Event.Query(0, null, "bob", 100));
    List<Event> adaRun = store.events(new Event.Query(0, ada, null, 100));
    List<Event> firstTwo = store.events(new Event.Query(0, bob, null, 2));

    assertThat(bobs).hasSize(3).extracting(Event::runId).containsOnly(bob);
    assertThat(bobs).extracting(Event::user).containsOnly("bob");
    assertThat(adaRun).hasSize(3).extracting(Event::runId).containsOnly(ada);
    assertThat(firstTwo).containsExactlyElementsOf(bobs.subList(0, 2));
  }

  @Test
  void aHeldRunLogsItsStartAndProgressIsLogged() {
    long run = store.createRun(diamond(), T0, T0, new TaskStore.NewRun("ada", true, List.of()));
    store.startRun(run, T0.plusSeconds(1));
    ClaimedTask d = claimOne(run, "d");
    store.report(List.of(), List.of(new Progress(d.id(), 0.5, "half way")));

    List<Event> events = events(0);

    assertThat(events).hasSize(5);
    assertThat(described(events.subList(0, 4)))
        .containsExactly(
            "run diamond pending", "run diamond running", "task d running", "task a running");
    Event progress = events.getLast();
    assertThat(progress.kind()).isEqualTo(Event.Kind.PROGRESS);
    assertThat(progress.taskId()).isEqualTo(d.id());
    assertThat(progress.runId()).isEqualTo(run);
    assertThat(progress.status()).isNull();
    assertThat(progress.progress()).isEqualTo(0.5);
    assertThat(progress.note()).isEqualTo("half way");
    assertThat(progress.user()).isEqualTo("ada");
  }

  @Test
  void aChangeRolledBackLogsNothing() {
    long run = store.createRun(diamond(), T0);
    int before = events(0).size();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.copyTasks(List.of(run), T0))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(events(0)).hasSize(before);
  }

  @Test
  void pruningForgetsOldEventsAndLaterIdsStillGrow() {
    store.createRun(diamond(), T0);
    long later = store.createRun(diamond(), T0.plusSeconds(3600));
    long last = events(0).getLast().id();

    assertThat(store.pruneEvents(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(events(0)).extracting(Event::runId).containsExactly(later);
    assertThat(store.pruneEvents(T0.plusSeconds(7200))).isEqualTo(1);
    store.createRun(diamond(), T0.plusSeconds(7200));

    assertThat(events(0)).singleElement().extracting(Event::id).isNotNull();
    assertThat(events(0).getFirst().id()).as("never an id given before").isGreaterThan(last);
  }

  @Test
  void aReaderResumingAfterTheLastIdItSawMissesNoneOfConcurrentWriters() throws Exception {
    int writers = 4;
    int runsEach = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> writing = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      writing.add(
          pool.submit(() -> {
            for (int i = 0; i < runsEach; i++) {
              long run =
                  store.createRun(
                      new RunPlan(
                          "r",
                          "{}",
                          List.of(
                              new RunPlan.Task("t", "noop", 0, null, new int[0], new boolean[0]))),
                      T0);
              for (ClaimedTask t : store.claim("w", run, 1, T0, LEASE)) {
                store.finish(List.of(new Outcome.Succeeded(t, null)), T0);
              }
            }
            return null;
          }));
    }
    List<Long> seen = new ArrayList<>();
    long cursor = 0;
    while (!writing.stream().allMatch(Future::isDone)) {
      for (Event e : events(cursor)) {
        seen.add(e.id());
        cursor = e.id();
      }
    }
    for (Future<?> f : writing) {
      f.get();
    }
    pool.shutdown();
    seen.addAll(events(cursor).stream().map(Event::id).toList());

    List<Long> all = new ArrayList<>();
    for (long after = 0; ; ) {
      List<Event> page = events(after);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(e -> all.add(e.id()));
      after = page.getLast().id();
    }
    assertThat(all).hasSize(writers * runsEach * 4); // run started, task running, ended, run ended
    assertThat(seen).as("read while written, in order").containsExactlyElementsOf(all);
  }

  // Webhooks.

  private static Webhook hook(boolean eachChange) {
    return new Webhook(
        "http://127.0.0.1:9/hook",
        "POST",
        Map.of("X-Team", "ops"),
        java.time.Duration.ofSeconds(5),
        2,
        eachChange);
  }

  /** Runs the diamond to its end, every task succeeding. */
  private void finishAll(long run) {
    for (String node : List.of("d", "a", "b", "c")) {
      store.finish(List.of(new Outcome.Succeeded(claimOne(run, node), null)), T0);
    }
  }

  private int enqueue() {
    return store
        .webhooks()
        .enqueue(T0, 1000, (h, e) -> "{\"event\":" + e.id() + "}", e -> e.kind().display());
  }

  @Test
  void eventsOfRunsWithAWebhookBecomeDeliveriesOnceEach() {
    long plain = store.createRun(diamond(), T0);
    long onEnd =
        store.createRun(
            diamond(), T0, T0, new TaskStore.NewRun("ada", false, List.of(), hook(false)));
    long onEach =
        store.createRun(diamond(), T0, T0, TaskStore.NewRun.ownedBy("bob").withWebhook(hook(true)));
    finishAll(plain);
    finishAll(onEnd);
    finishAll(onEach);

    int made = enqueue();

    List<WebhookDelivery.WithAttempts> all = store.webhooks().deliveries(false, null, 100);
    assertThat(made).isEqualTo(1 + 10); // the end of one; each of the other's 10 events
    assertThat(enqueue()).as("each event once").isZero();
    assertThat(all).extracting(d -> d.delivery().runId()).doesNotContain(plain);
    WebhookDelivery end =
        all.stream()
            .map(WebhookDelivery.WithAttempts::delivery)
            .filter(d -> d.runId() == onEnd)
            .findFirst()
            .orElseThrow();
    Event runEnd =
        events(0).stream().filter(e -> e.id() == end.eventId()).findFirst().orElseThrow();
    assertThat(runEnd.kind()).isEqualTo(Event.Kind.RUN);
    assertThat(runEnd.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(end.body()).isEqualTo("{\"event\":" + end.eventId() + "}");
    assertThat(end.eventType()).isEqualTo("run");
    assertThat(end.hook().headers()).containsEntry("X-Team", "ops");
    assertThat(end.state()).isEqualTo(WebhookDelivery.State.PENDING);
    assertThat(store.webhooks().deliveries(false, "ada", 100)).hasSize(1);
  }

  @Test
  void aDueDeliveryGoesToOneClaimerAtATimeAndItsTriesAreRecorded() {
    long run =
        store.createRun(
            diamond(), T0, T0, TaskStore.NewRun.ownedBy("ada").withWebhook(hook(false)));
    finishAll(run);
    enqueue();

    List<WebhookDelivery> claimed = store.webhooks().claimDue(T0, 10, T0.plusSeconds(30));
    assertThat(claimed).hasSize(1);
    assertThat(store.webhooks().claimDue(T0.plusSeconds(29), 10, T0.plusSeconds(60))).isEmpty();
    long id = claimed.getFirst().id();
    store
        .webhooks()
        .attempted(
            id,
            new WebhookDelivery.Attempt(1, T0, 500, "HTTP 500", 12),
            WebhookDelivery.State.PENDING,
            T0.plusSeconds(2));
    assertThat(store.webhooks().deliveries(true, null, 10)).hasSize(1);
    assertThat(store.webhooks().claimDue(T0.plusSeconds(1), 10, T0.plusSeconds(60))).isEmpty();
    assertThat(store.webhooks().claimDue(T0.plusSeconds(2), 10, T0.plusSeconds(60)))
        .singleElement()
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
    store
        .webhooks()
        .attempted(
            id,
            new WebhookDelivery.Attempt(2, T0.plusSeconds(2), 200, null, 3),
            WebhookDelivery.State.DELIVERED,
            null);

    WebhookDelivery.WithAttempts listed = store.webhooks().deliveries(false, null, 10).getFirst();
    assertThat(listed.delivery().state()).isEqualTo(WebhookDelivery.State.DELIVERED);
    assertThat(listed.delivery().finishedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(listed.delivery().lastStatus()).isEqualTo(200);
    assertThat(listed.attempts())
        .extracting(WebhookDelivery.Attempt::statusCode, WebhookDelivery.Attempt::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(500, "HTTP 500"),
            org.assertj.core.groups.Tuple.tuple(200, null));
    assertThat(store.webhooks().deliveries(true, null, 10)).isEmpty();
    assertThat(store.webhooks().claimDue(T0.plusSeconds(100), 10, T0.plusSeconds(130))).isEmpty();
  }

  @Test
  void aRunsDeliveriesAreDueOneAtATimeInOrder() {
    long run =
        store.createRun(diamond(), T0, T0, TaskStore.NewRun.ownedBy("ada").withWebhook(hook(true)));
    finishAll(run);
    enqueue();

    List<WebhookDelivery> first = store.webhooks().claimDue(T0, 10, T0.plusSeconds(30));
    assertThat(first).hasSize(1);
    assertThat(store.webhooks().claimDue(T0.plusSeconds(31), 10, T0.plusSeconds(60)))
        .as("the first again, its claim run out; not the second")
        .extracting(WebhookDelivery::id)
        .containsExactly(first.getFirst().id());
    store
        .webhooks()
        .attempted(
            first.getFirst().id(),
            new WebhookDelivery.Attempt(1, T0, 200, null, 1),
            WebhookDelivery.State.DELIVERED,
            null);

    List<WebhookDelivery> second =
        store.webhooks().claimDue(T0.plusSeconds(31), 10, T0.plusSeconds(90));
    assertThat(second)
        .singleElement()
        .satisfies(d -> assertThat(d.eventId()).isGreaterThan(first.getFirst().eventId()));
  }

  @Test
  void aWebhookSavedOnARunLaterCallsOnlyOnEventsAfterIt() {
    long run = store.createRun(diamond(), T0);
    finishAll(run);
    store.webhooks().save(run, hook(true));
    assertThat(enqueue()).as("the run ended before").isZero();

    store.retryFailed(run, T0); // nothing failed: no new events

    assertThat(enqueue()).isZero();
  }

  @Test
  void aNamedWebhookAddedLaterGetsTheRunsEventsAfterItsMarkEvenThoseAlreadyTurned() {
    long run =
        store.createRun(diamond(), T0, T0, TaskStore.NewRun.ownedBy("ada").withWebhook(hook(true)));
    finishAll(run);
    assertThat(enqueue()).isEqualTo(10);

    // Added after the cursor passed the run's events, marked from before them: it gets them all,
    // the run's own webhook none twice; a null body makes no delivery.
    WebhookStore.Named push = new WebhookStore.Named(run, "a2a:p1", "a2a-1.0", hook(true), "{}");
    store.webhooks().put(push, 0);
    int made =
        store
            .webhooks()
            .enqueue(
                T0,
                1000,
                (h, e) -> h.name().isEmpty() || e.kind() == Event.Kind.RUN ? "{}" : null,
                e -> e.kind().display());

    List<WebhookDelivery> all =
        store.webhooks().deliveries(false, null, 100).stream()
            .map(WebhookDelivery.WithAttempts::delivery)
            .toList();
    long runEvents =
        events(0).stream().filter(e -> e.runId() == run && e.kind() == Event.Kind.RUN).count();
    assertThat(made).isEqualTo((int) runEvents);
    assertThat(all).filteredOn(d -> d.hookName().equals("a2a:p1")).hasSize((int) runEvents);
    assertThat(all).filteredOn(d -> d.hookName().isEmpty()).hasSize(10);
    assertThat(store.webhooks().named(run, "a2a:"))
        .singleElement()
        .satisfies(n -> {
          assertThat(n.format()).isEqualTo("a2a-1.0");
          assertThat(n.spec()).isEqualTo("{}");
          assertThat(n.hook().headers()).containsEntry("X-Team", "ops");
        });
    assertThat(store.webhooks().named(run, "other:")).isEmpty();
    assertThat(store.webhooks().claimDue(T0, 10, T0.plusSeconds(30)))
        .as("one at a time per webhook, not per run")
        .extracting(WebhookDelivery::hookName)
        .containsExactlyInAnyOrder("", "a2a:p1");

    assertThat(store.webhooks().remove(run, "a2a:p1")).isTrue();
    assertThat(store.webhooks().remove(run, "a2a:p1")).isFalse();
    assertThat(store.webhooks().named(run, "a2a:")).isEmpty();
    assertThat(store.webhooks().deliveries(false, null, 100))
        .map(WebhookDelivery.WithAttempts::delivery)
        .filteredOn(d -> d.hookName().equals("a2a:p1"))
        .allSatisfy(d -> {
          assertThat(d.state()).isEqualTo(WebhookDelivery.State.FAILED);
          assertThat(d.lastError()).contains("removed");
        });
  }

  @Test
  void aRunsNotesAreKeptByNameAndReplaced() {
    long run = store.createRun(diamond(), T0);
    assertThat(store.notes().get(run, "a2a")).isNull();
    store.notes().put(run, "a2a", "{\"contextId\":\"c-1\"}");
    store.notes().put(run, "other", "1");
    store.notes().put(run, "a2a", "{\"contextId\":\"c-2\"}");
    assertThat(store.notes().get(run, "a2a")).isEqualTo("{\"contextId\":\"c-2\"}");
    assertThat(store.notes().get(run, "other")).isEqualTo("1");
    assertThat(store.notes().get(run + 1, "a2a")).isNull();
  }

  @Test
  void aClaimBringsThePipelinesAndTracesOfTheRunsItsCallerDoesNotHold() {
    long held = store.createRun(diamond(), T0);
    TraceContext trace =
        new TraceContext(
            "00-" + "ab".repeat(16) + "-" + "cd".repeat(8) + "-01", "k=v", "ef".repeat(8));
    RunPlan traced =
        new RunPlan("traced", "{\"name\":\"traced\"}", diamond().tasks()).withTrace(trace);
    long fresh = store.createRun(traced, T0);
    long untraced =
        store.createRun(new RunPlan("plain", "{\"name\":\"plain\"}", diamond().tasks()), T0);

    WorkQueue.Step step =
        store.finishAndClaim(
            List.of(), "w", null, 100, T0, LEASE, Limits.NONE, root -> root == held);

    assertThat(step.claimed()).extracting(ClaimedTask::rootId).contains(held, fresh, untraced);
    assertThat(step.pipelines()).containsOnlyKeys(fresh, untraced);
    assertThat(step.pipelines().get(fresh).json()).isEqualTo(store.pipelineJson(fresh));
    assertThat(step.pipelines().get(fresh).trace()).isEqualTo(trace);
    assertThat(step.pipelines().get(untraced).json()).isEqualTo("{\"name\":\"plain\"}");
    assertThat(step.pipelines().get(untraced).trace()).isNull();

    WorkQueue.Step none =
        store.finishAndClaim(
            step.claimed().stream().map(t -> (Outcome) new Outcome.Succeeded(t, null)).toList(),
            "w",
            null,
            100,
            T0,
            LEASE,
            Limits.NONE,
            root -> false);
    assertThat(none.claimed()).isNotEmpty();
    assertThat(none.pipelines())
        .as("the runs of the tasks claimed, and only those")
        .containsOnlyKeys(
            none.claimed().stream().map(ClaimedTask::rootId).distinct().toArray(Long[]::new));
  }

  @Test
  void runsThatRanOutOfTimeAreFoundByTheirOwnRunTimeoutOrTheFallback() {
    java.time.Duration minute = java.time.Duration.ofMinutes(1);
    long own =
        store.createRun(
            new RunPlan("own", "{}", diamond().tasks(), dev.weft.core.RunLimits.NONE, minute), T0);
    long none = store.createRun(diamond(), T0);
    long later =
        store.createRun(
            new RunPlan("later", "{}", diamond().tasks(), dev.weft.core.RunLimits.NONE, minute),
            T0.plusSeconds(50));

    assertThat(store.timedOutRuns(T0.plusSeconds(59), null)).isEmpty();
    assertThat(store.timedOutRuns(T0.plusSeconds(60), null))
        .extracting(TaskRecord::id)
        .containsExactly(own);
    assertThat(store.timedOutRuns(T0.plusSeconds(60), java.time.Duration.ofSeconds(30)))
        .as("the fallback counts for a run without a run-timeout of its own only")
        .extracting(TaskRecord::id)
        .containsExactly(own, none);
    store.cancelRun(own, T0.plusSeconds(61));
    assertThat(store.timedOutRuns(T0.plusSeconds(61), null)).as("ended").isEmpty();

    long copy = store.copyTasks(List.of(tasks(own).get("a").id()), T0.plusSeconds(70));
    assertThat(store.timedOutRuns(T0.plusSeconds(129), null))
        .extracting(TaskRecord::id)
        .containsExactly(later);
    assertThat(store.timedOutRuns(T0.plusSeconds(130), null))
        .as("a copy keeps its run's run-timeout, from its own start")
        .extracting(TaskRecord::id)
        .containsExactly(later, copy);
  }
}
