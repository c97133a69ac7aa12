package dev.weft.tasks.store;

import dev.weft.tasks.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of runs and tasks. Every method is one transaction. Writes about a claimed attempt
 * are fenced by its lease epoch: a worker whose lease was taken over cannot overwrite the new
 * owner's work.
 */
public interface TaskStore extends WorkQueue, AutoCloseable {

  /**
   * Creates a run and its tasks; tasks without dependencies are ready, claimable from {@code
   * notBefore} on. Returns the run id.
   */
  long createRun(RunPlan plan, Instant now, Instant notBefore);

  /** Creates a run whose tasks without dependencies are claimable at once. */
  default long createRun(RunPlan plan, Instant now) {
    return createRun(plan, now, now);
  }

  /**
   * Claims up to {@code max} ready tasks, highest priority first, then oldest: each becomes running
   * under a lease held by {@code worker} until {@code leaseUntil}, as a new attempt. Tasks that
   * would exceed {@code limits} are passed over and stay ready, and so are those whose routing the
   * worker does not meet: a task that requires labels goes only to a worker registered here with
   * all of them ({@link #registerWorker}; an unregistered worker serves none), and one that prefers
   * labels goes to another worker only once it has been ready for its prefer wait.
   *
   * @param rootId only tasks of this run, or {@code null} for any run
   */
  List<ClaimedTask> claim(
      String worker, Long rootId, int max, Instant now, Instant leaseUntil, Limits limits);

  /** {@link #claim(String, Long, int, Instant, Instant, Limits)} with no limits. */
  default List<ClaimedTask> claim(
      String worker, Long rootId, int max, Instant now, Instant leaseUntil) {
    return claim(worker, rootId, max, now, leaseUntil, Limits.NONE);
  }

  /**
   * Records how attempts ended: releases dependents of succeeded tasks, marks dependents of failed
   * ones upstream-failed, and ends runs whose tasks have all ended. Outcomes whose lease epoch no
   * longer matches are ignored. Returns every status change that followed.
   */
  List<StatusChange> finish(Collection<Outcome> outcomes, Instant now);

  /**
   * Cancels a run: its pending and ready tasks become cancelled at once; its running tasks are
   * asked to stop ({@link #cancelRequested}) and end cancelled whatever their attempt reports. The
   * run ends cancelled when its last task has ended. Returns the status changes.
   */
  List<StatusChange> cancelRun(long rootId, Instant now, String reason);

  /** {@link #cancelRun(long, Instant, String)} without a reason of its own. */
  default List<StatusChange> cancelRun(long rootId, Instant now) {
    return cancelRun(rootId, now, null);
  }

  /** The runs that have not ended, oldest first. */
  List<TaskRecord> activeRuns();

  /**
   * The runs that have not ended and have run out of time by {@code now}, oldest first: longer than
   * their run-timeout ({@link RunPlan#runTimeout}), or than {@code fallback} (unless {@code null})
   * for a run with none. Also, run out or not, the runs stored before run-timeouts were kept on the
   * run whose pipeline may name one: the caller reads theirs.
   */
  List<TaskRecord> timedOutRuns(Instant now, Duration fallback);

  /**
   * Cancels one task: waiting, it ends cancelled at once; running, it is asked to stop ({@link
   * #cancelRequested}) and ends cancelled whatever its attempt reports. Either way the tasks that
   * require it end cancelled too, and its run cannot succeed. A run's id cancels the run. Returns
   * the status changes (none for a task that has ended).
   */
  List<StatusChange> cancelTask(long taskId, Instant now);

  /**
   * Copies tasks of one run and everything that depends on them, transitively, into a new run, each
   * copy linked to its original ({@link TaskRecord#originalId()}). Dependencies among the copies
   * are kept; a copy also keeps waiting on an original left behind that succeeded, whose result is
   * its input again. Returns the new run's id.
   *
   * @throws IllegalArgumentException when an id is not a task, the tasks span runs, or a copy would
   *     need the result of an original that did not succeed (the message says which)
   */
  long copyTasks(Collection<Long> taskIds, Instant now, CopyReset reset);

  /** {@link #copyTasks(Collection, Instant, CopyReset)} keeping inputs and priorities. */
  default long copyTasks(Collection<Long> taskIds, Instant now) {
    return copyTasks(taskIds, now, CopyReset.NONE);
  }

  /**
   * What copies do not take from their originals.
   *
   * @param inputs the copies do not wait on, nor get the results of, originals left behind
   * @param priority the copies start at priority 0 instead of their originals' priority
   */
  record CopyReset(boolean inputs, boolean priority) {
    /** Copies keep both. */
    public static final CopyReset NONE = new CopyReset(false, false);
  }

  /** The dependencies of the tasks of a run. */
  List<TaskDependency> dependencies(long rootId);

  /**
   * Makes an ended run run again where it did not succeed: its failed, upstream-failed and
   * cancelled tasks go back to pending (ready when nothing they wait for is left), the results of
   * the tasks that succeeded are kept and become their inputs again, and the run is running. The
   * attempt history continues. Returns how many tasks will run again (0 when the run succeeded or
   * is still running).
   */
  int retryFailed(long rootId, Instant now);

  /**
   * Starvation protection: raises the priority of every ready task by one for each {@code step} it
   * has waited since it was created, so a low-priority task is claimed in the end however many
   * higher ones keep arriving.
   */
  void age(Instant now, Duration step);

  /** Asks a worker to drain: stop claiming, finish what it runs, and leave. Whether it exists. */
  boolean drainWorker(String id);

  /** The registered workers. */
  List<WorkerRecord> workers();

  /** The tasks running now with the worker holding each, by worker, then task. */
  List<RunningTask> runningTasks();

  /**
   * Puts tasks back to ready whose lease has expired or whose worker is listed as dead; the attempt
   * they were on is recorded as abandoned. One caller at a time does it: while another store's call
   * is at it, this one does nothing. Returns how many.
   */
  int recoverAbandoned(Instant now, Collection<String> deadWorkers);

  /** A task or run by id. */
  Optional<TaskRecord> task(long id);

  /** The tasks of a run, the run itself excluded, in creation order. */
  List<TaskRecord> tasks(long rootId);

  /**
   * Tasks (runs excluded), newest first, filtered by whichever of run, status and user are given.
   *
   * @param rootId only this run's tasks, or {@code null}
   * @param status only tasks in this status, or {@code null}
   * @param user only this user's tasks, or {@code null}
   */
  default List<TaskRecord> findTasks(Long rootId, TaskStatus status, String user, int limit) {
    return findTasks(rootId, status, user, limit, 0);
  }

  /**
   * {@link #findTasks(Long, TaskStatus, String, int)} from the {@code offset}-th match on (0: the
   * newest), for paging.
   */
  List<TaskRecord> findTasks(Long rootId, TaskStatus status, String user, int limit, int offset);

  /** How many tasks {@link #findTasks} matches, with no limit. */
  int countTasks(Long rootId, TaskStatus status, String user);

  /**
   * Registers a schedule, or replaces the one of the same name; it first fires at {@code
   * nextFireAt}.
   */
  void saveSchedule(ScheduleRecord schedule, Instant now);

  /** The registered schedules, by name. */
  List<ScheduleRecord> schedules();

  /** Removes a schedule; returns whether there was one of that name. */
  boolean removeSchedule(String name);

  /**
   * Fires a schedule that fell due at {@code due}: if its next firing is still {@code due} (no
   * other worker fired it meanwhile), moves it to {@code next} and creates the run of {@code plan},
   * in one transaction. Returns the run, or empty when the firing was not this caller's to make.
   */
  Optional<Long> fireSchedule(String name, Instant due, Instant next, RunPlan plan, Instant now);

  /** The kept results, newest first. */
  List<CacheEntry> cacheEntries();

  /**
   * Forgets kept results: every one, or with {@code expiredOnly} those expired. Returns how many.
   */
  int clearCache(boolean expiredOnly, Instant now);

  /** Runs, newest first. */
  default List<TaskRecord> runs(int limit) {
    return runs(limit, 0);
  }

  /** {@link #runs(int)} from the {@code offset}-th newest on, for paging. */
  List<TaskRecord> runs(int limit, int offset);

  /** How many runs the store holds. */
  int countRuns();

  /** The log lines of a task, oldest first (of every attempt). */
  List<LogLine> logs(long taskId);

  /** The attempts of a task, in order. */
  List<AttemptRecord> attempts(long taskId);

  /**
   * Events of the log after {@link Event.Query#afterId()}, oldest first, as the query filters them.
   * Each change is logged in the transaction that makes it, so a reader resuming after the last id
   * it saw misses none and sees none twice, as long as it resumes within the retention window
   * ({@link #pruneEvents}). Logged: a run's creation, start, retry and end; each attempt of a task
   * (running) and its end (including tasks cancelled or upstream-failed with others); progress. Not
   * logged: a task becoming ready, or going back to ready when its worker is lost (its next attempt
   * is).
   */
  List<Event> events(Event.Query query);

  /** The id of the newest event of the log, 0 when it has none yet. */
  long lastEventId();

  /** The webhooks of runs, and their deliveries. */
  WebhookStore webhooks();

  /** What front ends keep with runs (the A2A contextId, say). */
  RunNotes notes();

  /** Forgets the events that happened before {@code before}; returns how many. */
  int pruneEvents(Instant before);

  // What the task API needs: runs with an owner, created but held until started, whose tasks can
  // be edited or deleted until then; details of tasks as their client gave them.

  /**
   * How {@link #createRun(RunPlan, Instant, Instant, NewRun)} creates a run.
   *
   * @param owner the user the run belongs to (the run's {@link TaskRecord#user()}), or {@code null}
   * @param held the run is stored but does not start until {@link #startRun}: it and its tasks are
   *     pending, none is claimable, and its tasks can be edited ({@link #updateTask}) or deleted
   *     ({@link #deleteTasks})
   * @param details for each task of the plan, in plan order, what the client gave of it (or {@code
   *     null}); an empty list for none
   * @param webhook the URL the run calls ({@link WebhookStore#save}), or {@code null}
   */
  record NewRun(String owner, boolean held, java.util.List<TaskDetails> details, Webhook webhook) {
    public NewRun {
      details =
          details == null
              ? List.of()
              : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(details));
    }

    /** A run without a webhook. */
    public NewRun(String owner, boolean held, java.util.List<TaskDetails> details) {
      this(owner, held, details, null);
    }

    /** The same with {@code hook} as its webhook. */
    public NewRun withWebhook(Webhook hook) {
      return new NewRun(owner, held, details, hook);
    }

    /** A run of {@code owner} that starts at once, without details. */
    public static NewRun ownedBy(String owner) {
      return new NewRun(owner, false, List.of());
    }
  }

  /**
   * Creates a run as {@link #createRun(RunPlan, Instant, Instant)} does, owned by {@code how}'s
   * owner, held when it says so, with the details given. Returns the run id.
   */
  long createRun(RunPlan plan, Instant now, Instant notBefore, NewRun how);

  /**
   * Starts a held run: it is running, its tasks without dependencies are ready. Returns whether it
   * was held (false for a run already started, or no run).
   */
  boolean startRun(long rootId, Instant now);

  /** The details of the tasks of a run (and of the run itself), by task id; none for most. */
  java.util.Map<Long, TaskDetails> details(long rootId);

  /**
   * What {@link #updateTask} changes; {@code null} fields are left as they are.
   *
   * @param priority the new priority (and base priority, from which aging starts)
   * @param dependencies the tasks it waits for instead ({@link TaskDependency#taskId()} is
   *     ignored), all of its run
   * @param details its new details
   * @param pipelineJson the run's pipeline with the task's node changed to match
   */
  record TaskUpdate(
      Integer priority,
      java.util.List<TaskDependency> dependencies,
      TaskDetails details,
      String pipelineJson) {}

  /**
   * Changes a task that has not started: its priority while it is pending or ready and has never
   * been attempted; its dependencies, details and the run's pipeline only while its run is held.
   * Returns false, changing nothing, when the task is not one of those (or does not exist).
   */
  boolean updateTask(long taskId, TaskUpdate update, Instant now);

  /**
   * Deletes tasks of a held run (a run's own id: the whole run), with their dependencies and
   * details, and keeps {@code pipelineJson} as the run's pipeline instead. The caller sees that no
   * task left depends on them. Returns how many were deleted: 0 when the run is not held.
   */
  int deleteTasks(long rootId, Collection<Long> taskIds, String pipelineJson);

  /**
   * Runs, newest first, filtered by whichever of owner and status are given.
   *
   * @param owner only the runs of this user, or {@code null}
   * @param status only runs in this status, or {@code null}
   */
  List<TaskRecord> findRuns(String owner, TaskStatus status, int limit, int offset);

  /** How many runs {@link #findRuns} matches, with no limit. */
  int countRuns(String owner, TaskStatus status);

  @Override
  void close();
}
