package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private String db() {
    return dir.resolve("weft.db").toString();
  }

  /** A tasks manifest named {@code name} in the test's folder, with these node lines. */
  private String tasksManifest(String name, String... nodes) throws java.io.IOException {
    return tasksManifestWith(name, "", nodes);
  }

  /** {@link #tasksManifest} with top-level {@code fields} (lines ending in a newline). */
  private String tasksManifestWith(String name, String fields, String... nodes)
      throws java.io.IOException {
    Path manifest = dir.resolve(name + ".yaml");
    java.nio.file.Files.writeString(
        manifest,
        "weft: 1\nname: "
            + name
            + "\nkind: tasks\n"
            + fields
            + "nodes:\n"
            + String.join("\n", nodes)
            + "\n");
    return manifest.toString();
  }

  @Test
  void runPrintsEachTaskInOrderAndSucceeds() {
    // One task at a time: shout and whisper could otherwise end in either order.
    Cli.Result r =
        Cli.run(
            "run", "examples/hello.yaml", "--set", "name=Ada", "--db", db(), "--concurrency", "1");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().toList())
        .first()
        .isEqualTo("Started run 1 of hello (4 tasks) in " + db());
    assertThat(r.out())
        .containsSubsequence(
            "[1/4] #2     greet",
            "Hello, Ada!",
            "[2/4] #3     shout",
            "HELLO, Ada!",
            "[3/4] #4     whisper",
            "[4/4] #5     done",
            "Run 1 of hello succeeded: 4 succeeded in ");
  }

  @Test
  void runJsonGivesEveryTaskOutcome() throws Exception {
    Cli.Result r = Cli.run("run", "examples/hello.yaml", "--json", "--db", db());

    JsonNode json = JSON.readTree(r.out());
    assertThat(r.exitCode()).isZero();
    assertThat(json.get("status").asText()).isEqualTo("succeeded");
    assertThat(json.get("tasks")).hasSize(4);
    assertThat(json.get("tasks").get(0).get("result").asText()).isEqualTo("Hello, world!");
  }

  @Test
  void aFailedTaskFailsTheRunAndItsDependentsAreUpstreamFailed() {
    Cli.Result r = Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern(
            "broken +fail +failed +3 attempts .* failed on purpose \\(attempt 3\\) \\(gave up after 3 of 3 attempts\\)")
        .containsPattern("after +echo +upstream-failed +0 attempts .* broken failed")
        .containsPattern("side +echo +succeeded +1 attempt ")
        .contains("Run 1 of failing failed: 1 succeeded, 1 failed, 1 upstream-failed in ");
  }

  @Test
  void runsListAndShowReadTheStore() throws Exception {
    Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());
    Cli.run("run", "examples/hello.yaml", "--db", db());

    Cli.Result list = Cli.run("runs", "list", "--db", db());
    Cli.Result show = Cli.run("runs", "show", "1", "--db", db());
    // A run is the root task of its tree: runs and tasks share ids, so the second run is task 5.
    JsonNode json = JSON.readTree(Cli.run("runs", "show", "5", "--db", db(), "--json").out());

    assertThat(list.out()).containsPattern("(?s) +5 +hello +succeeded .* +1 +failing +failed ");
    assertThat(show.out())
        .startsWith("Run 1 of failing: failed")
        .containsPattern("broken +fail +failed +3 attempts");
    assertThat(json.get("status").asText()).isEqualTo("succeeded");
    assertThat(json.get("tasks")).hasSize(4);
    assertThat(Cli.run("runs", "show", "7", "--db", db()).err())
        .startsWith("weft runs show: there is no run 7");
  }

  @Test
  void tasksShowGivesTheHistoryOfAttempts() throws Exception {
    Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());

    Cli.Result show = Cli.run("tasks", "show", "2", "--db", db());
    JsonNode json = JSON.readTree(Cli.run("tasks", "show", "2", "--db", db(), "--json").out());

    assertThat(show.out())
        .startsWith("Task 2 of run 1: #2     broken")
        .containsPattern("attempt 1 +failed .* failed on purpose \\(attempt 1\\)")
        .containsPattern("attempt 3 +failed .* failed on purpose \\(attempt 3\\)");
    assertThat(json.get("attempts")).hasSize(3);
    assertThat(json.get("attempts").get(2).get("outcome").asText()).isEqualTo("failed");
    assertThat(Cli.run("tasks", "show", "99", "--db", db()).err())
        .startsWith("weft tasks show: there is no task 99");
  }

  @Test
  void cancellingAnEndedOrMissingRunSaysSo() {
    Cli.run("run", "examples/hello.yaml", "--db", db());

    assertThat(Cli.run("runs", "cancel", "1", "--db", db()).out())
        .isEqualTo("Run 1 of hello has already ended: succeeded\n");
    assertThat(Cli.run("runs", "cancel", "9", "--db", db()).err())
        .startsWith("weft runs cancel: there is no run 9");
  }

  @Test
  void detachedRunsAreRunByAWorker() {
    Cli.Result first = Cli.run("run", "examples/hello.yaml", "--detach", "--db", db());
    Cli.run("run", "examples/report.yaml", "--detach", "--db", db());

    Cli.Result worker = Cli.run("worker", "--until-idle", "--db", db());

    assertThat(first.out()).startsWith("Stored run 1 of hello in ");
    assertThat(worker.exitCode()).isZero();
    assertThat(worker.out())
        .contains("Run 1 of hello succeeded")
        .contains("Run 6 of daily-report succeeded");
    assertThat(Cli.run("runs", "list", "--db", db()).out()).doesNotContain("running");
  }

  @Test
  void retryingTheFailedPartRerunsItAndReusesWhatSucceeded() throws Exception {
    Path flaky = dir.resolve("flaky.yaml");
    java.nio.file.Files.writeString(
        flaky,
        """
        weft: 1
        name: flaky
        kind: tasks
        nodes:
          - {id: fetch, type: echo, with: {message: data}}
          - {id: load, type: fail, after: [fetch], with: {attempts: 1}}
          - {id: report, type: echo, after: [load]}
        """);
    assertThat(Cli.run("run", flaky.toString(), "--db", db()).exitCode()).isEqualTo(1);

    Cli.Result retry = Cli.run("runs", "retry", "1", "--failed", "--db", db());

    assertThat(retry.exitCode()).isZero();
    assertThat(retry.out())
        .startsWith("Run 1 of flaky: 2 tasks will run again")
        .containsPattern("load +fail +succeeded +2 attempts")
        .contains("Run 1 of flaky succeeded");
    assertThat(retry.out()).doesNotContain("] #2     fetch");
    assertThat(Cli.run("runs", "retry", "1", "--failed", "--db", db()).out())
        .isEqualTo("Run 1 of flaky is succeeded: nothing to retry\n");
  }

  @Test
  void aRetriedTaskGetsANewRoundOfItsRetryRule() throws Exception {
    String manifest =
        tasksManifest(
            "rounds",
            "  - {id: flaky, type: fail, with: {message: x, attempts: 4}, retry: {attempts: 3}}",
            "  - {id: stubborn, type: fail, with: {message: y, attempts: 9}, retry: {attempts: 3}}");
    Cli.run("run", manifest, "--db", db());

    Cli.Result retry = Cli.run("runs", "retry", "1", "--failed", "--db", db());

    assertThat(retry.out())
        .containsPattern("flaky +fail +succeeded +5 attempts ")
        .containsPattern(
            "stubborn +fail +failed +6 attempts .* y \\(attempt 6\\) \\(gave up after 3 of 3 attempts\\)")
        .doesNotContain("4 of 3");
  }

  @Test
  void tasksListFiltersByRunStatusAndUser() throws Exception {
    Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());
    Cli.run("run", "examples/hello.yaml", "--db", db());

    Cli.Result failed = Cli.run("tasks", "list", "--status", "upstream-failed", "--db", db());
    JsonNode hello =
        JSON.readTree(Cli.run("tasks", "list", "--run", "5", "--json", "--db", db()).out());

    assertThat(failed.out().lines().toList())
        .singleElement()
        .asString()
        .containsPattern("run 1 +#4 +after");
    assertThat(hello.get("tasks")).hasSize(4);
    assertThat(hello.get("total").asInt()).isEqualTo(4);
    assertThat(Cli.run("tasks", "list", "--user", "nobody", "--db", db()).out())
        .isEqualTo("No tasks match.\n");
    assertThat(Cli.run("tasks", "list", "--status", "done", "--db", db()).err())
        .contains("unknown status 'done'");
  }

  @Test
  void listsSayWhenTheyAreCutAndJsonPagesExplicitly() throws Exception {
    for (int i = 0; i < 3; i++) {
      Cli.run("run", "examples/hello.yaml", "--detach", "--db", db());
    }

    Cli.Result runs = Cli.run("runs", "list", "--limit", "2", "--db", db());
    Cli.Result all = Cli.run("runs", "list", "--db", db());
    Cli.Result tasks = Cli.run("tasks", "list", "--limit", "5", "--offset", "5", "--db", db());
    JsonNode page =
        JSON.readTree(
            Cli.run("runs", "list", "--limit", "2", "--offset", "2", "--json", "--db", db()).out());

    assertThat(runs.out().lines()).hasSize(3); // the header and two runs
    assertThat(runs.err()).isEqualTo("showing 2 of 3 (use --limit)\n");
    assertThat(all.err()).isEmpty();
    assertThat(tasks.out().lines()).hasSize(5);
    assertThat(tasks.err()).isEqualTo("showing 6-10 of 12 (use --limit and --offset)\n");
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertThat(page.get("offset").asInt()).isEqualTo(2);
    assertThat(page.get("limit").asInt()).isEqualTo(2);
    assertThat(page.get("runs"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("run").asLong()).isEqualTo(1));
    assertThat(Cli.run("runs", "list", "--limit", "0", "--db", db()).exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void schedulesAreAddedListedAndRemoved() throws Exception {
    Cli.Result add = Cli.run("schedules", "add", "examples/nightly.yaml", "--db", db());
    Cli.Result again =
        Cli.run(
            "schedules",
            "add",
            "examples/hello.yaml",
            "--cron",
            "*/15 * * * *",
            "--name",
            "greet",
            "--db",
            db());
    JsonNode list = JSON.readTree(Cli.run("schedules", "list", "--json", "--db", db()).out());
    Cli.Result remove = Cli.run("schedules", "remove", "greet", "--db", db());
    Cli.Result missing = Cli.run("schedules", "remove", "greet", "--db", db());

    assertThat(add.exitCode()).isZero();
    assertThat(add.out())
        .startsWith(
            "Schedule nightly-backup runs nightly-backup at 02:30 (Europe/Paris); next at ");
    assertThat(again.exitCode()).isZero();
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("greet");
    assertThat(list.get(0).get("cron").asText()).isEqualTo("*/15 * * * *");
    assertThat(list.get(1).get("zone").asText()).isEqualTo("Europe/Paris");
    assertThat(remove.out()).startsWith("Removed schedule greet");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no schedule 'greet'");
    assertThat(Cli.run("schedules", "list", "--db", db()).out())
        .containsPattern("nightly-backup +30 2 \\* \\* \\* +Europe/Paris ");
  }

  @Test
  void aScheduleNeedsAnExpressionThatParses() {
    Cli.Result none = Cli.run("schedules", "add", "examples/hello.yaml", "--db", db());
    Cli.Result bad =
        Cli.run("schedules", "add", "examples/hello.yaml", "--cron", "61 * * * *", "--db", db());

    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("the pipeline has no schedule: add 'schedule:");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("bad cron expression '61 * * * *': Value 61 not in range");
  }

  @Test
  void aBadZoneOrCronSaysWhatIsWrongInWeftWords() {
    Cli.Result mars = addDailyIn("Mars/Olympus");
    Cli.Result paris = addDailyIn("Europe/Pariss");
    Cli.Result bogus =
        Cli.run("schedules", "add", "examples/hello.yaml", "--cron", "bogus", "--db", db());

    assertThat(mars.exitCode()).isEqualTo(2);
    assertThat(mars.err())
        .startsWith(
            "unknown time zone 'Mars/Olympus'\n"
                + "  hint: use a region name such as UTC, Europe/Paris or America/New_York\n")
        .doesNotContain("minute hour");
    assertThat(paris.err()).contains("hint: did you mean 'Europe/Paris'?");
    assertThat(bogus.exitCode()).isEqualTo(2);
    assertThat(bogus.err())
        .startsWith(
            "bad cron expression 'bogus': it has 1 field, a cron expression has five\n"
                + "  hint: five fields: minute hour day-of-month month day-of-week, e.g. \"0 3 * *"
                + " *\" (03:00 daily)")
        .doesNotContain("parts but we expect");
  }

  private Cli.Result addDailyIn(String zone) {
    return Cli.run(
        "schedules",
        "add",
        "examples/hello.yaml",
        "--cron",
        "0 3 * * *",
        "--zone",
        zone,
        "--db",
        db());
  }

  @Test
  void aConfigFileSetsLimitsAndItsMistakesAreNamed() throws Exception {
    Path good = dir.resolve("good.yaml");
    java.nio.file.Files.writeString(good, "concurrency: 2\nlimits: { per-type: { echo: 1 } }\n");
    Path typo = dir.resolve("typo.yaml");
    java.nio.file.Files.writeString(typo, "limits: { per-usr: 2 }\n");
    Path broken = dir.resolve("broken.yaml");
    java.nio.file.Files.writeString(broken, "limits: [1\n");

    Cli.Result ok =
        Cli.run("run", "examples/hello.yaml", "--config", good.toString(), "--db", db());
    Cli.Result misspelt =
        Cli.run("run", "examples/hello.yaml", "--config", typo.toString(), "--db", db());
    Cli.Result unreadable = Cli.run("worker", "--until-idle", "--config", broken.toString());

    assertThat(ok.exitCode()).isZero();
    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err())
        .isEqualTo(
            "weft: "
                + typo
                + ": limits.per-usr is not a setting (did you mean 'per-user'?)"
                + System.lineSeparator());
    assertThat(unreadable.err())
        .startsWith(
            "weft: " + broken + ":1: not valid YAML: while parsing a flow sequence: expected");
  }

  @Test
  void tasksTreeDrawsTheRunWithStatusesAndDependencies() throws Exception {
    Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());

    Cli.Result tree = Cli.run("tasks", "tree", "1", "--db", db());
    JsonNode json = JSON.readTree(Cli.run("tasks", "tree", "1", "--json", "--db", db()).out());

    assertThat(tree.out().lines().toList())
        .hasSize(4)
        .first()
        .asString()
        .startsWith("✗ Run 1 failing  failed");
    assertThat(tree.out())
        .containsPattern("├─ ✗ #2 +broken +fail +failed +3 attempts")
        .containsPattern("└─ ↯ #4 +after +echo +upstream-failed .* after broken");
    assertThat(json.get("children")).hasSize(3);
    assertThat(json.get("children").get(2).get("after").get(0).asText()).isEqualTo("broken");
    assertThat(Cli.run("tasks", "tree", "99", "--db", db()).err()).contains("there is no task 99");
  }

  @Test
  void aCopyRerunsATaskAndItsDependentsLinkedToTheOriginals() throws Exception {
    Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());

    Cli.Result refused = Cli.run("tasks", "copy", "4", "--db", db());
    Cli.Result copy = Cli.run("tasks", "copy", "3", "--db", db());
    JsonNode copied = JSON.readTree(Cli.run("tasks", "show", "6", "--json", "--db", db()).out());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err())
        .contains("after (#4) needs broken (#2), which is failed: copy #2 as well");
    assertThat(copy.exitCode()).isZero();
    assertThat(copy.out())
        .startsWith("Copied 1 task of run 1 into run 5")
        .contains("Run 5 of failing succeeded");
    assertThat(copied.get("copyOf").asLong()).isEqualTo(3);
  }

  @Test
  void aCopyRefusedWithJsonIsAJsonErrorOnStdout() throws Exception {
    Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());

    Cli.Result refused = Cli.run("tasks", "copy", "4", "--json", "--db", db());
    Cli.Result detached = Cli.run("tasks", "copy", "3", "--detach", "--json", "--db", db());

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(refused.out()).get("error").asText())
        .isEqualTo("after (#4) needs broken (#2), which is failed: copy #2 as well");
    assertThat(refused.err()).isEmpty();
    assertThat(JSON.readTree(detached.out()).get("tasks").get(0).get("copyOf").asLong())
        .isEqualTo(3);
  }

  @Test
  void aCopyOfAnAlwaysRunTaskIsNotRefusedForWhatItWaitedOn() throws Exception {
    String manifest =
        tasksManifest(
            "cleanup",
            "  - { id: a, type: fail, with: { message: boom }, retry: { attempts: 1 } }",
            "  - { id: b, type: echo, after: [a], with: { message: hi } }",
            "  - { id: cleanup, type: echo, after: [b], always: true, with: { message: bye } }");
    Cli.run("run", manifest.toString(), "--db", db());

    Cli.Result copy = Cli.run("tasks", "copy", "4", "--mode", "full", "--db", db());

    assertThat(copy.exitCode()).as(copy.err()).isZero();
    assertThat(copy.out())
        .startsWith("Copied 1 task of run 1 into run 5")
        .contains("Run 5 of cleanup succeeded");
  }

  @Test
  void durationsPrintAsTheManifestWritesThem() throws Exception {
    String manifest =
        tasksManifest(
            "slow",
            "  - { id: a, type: fail, with: { message: boom },"
                + " retry: { attempts: 5, initial: 1m30s, max-time: 1m } }");

    Cli.Result r = Cli.run("run", manifest.toString(), "--db", db());

    assertThat(r.out())
        .contains("retrying would pass the max total time of 1m")
        .doesNotContainPattern("PT\\d");
  }

  @Test
  void tasksLogsShowWhatAShellTaskPrinted() throws Exception {
    Path manifest = dir.resolve("talk.yaml");
    java.nio.file.Files.writeString(
        manifest,
        "weft: 1\nname: talk\nkind: tasks\nnodes:\n"
            + "  - { id: talk, type: shell, with: { command: [sh, -c, 'echo hi; echo oh >&2'] } }\n");
    Cli.run("run", manifest.toString(), "--allow-shell", "--db", db());

    Cli.Result logs = Cli.run("tasks", "logs", "2", "--db", db());
    JsonNode json = JSON.readTree(Cli.run("tasks", "logs", "2", "--json", "--db", db()).out());

    assertThat(logs.out()).containsPattern("attempt 1 .* info +hi").containsPattern("warn +oh");
    assertThat(json).hasSize(2);
    assertThat(Cli.run("tasks", "logs", "1", "--db", db()).out())
        .startsWith("Task 1 logged nothing");
  }

  @Test
  void copyModesPickTheFailedPartTheWholeRunOrNamedNodes() {
    Cli.run("run", "weft-cli/src/test/resources/failing.yaml", "--db", db());

    Cli.Result minimal =
        Cli.run("tasks", "copy", "1", "--mode", "minimal", "--detach", "--db", db());
    Cli.Result full = Cli.run("tasks", "copy", "1", "--mode", "full", "--detach", "--db", db());
    Cli.Result custom =
        Cli.run(
            "tasks", "copy", "1", "--mode", "custom", "--ids", "side", "--detach", "--db", db());
    Cli.Result badReset =
        Cli.run("tasks", "copy", "1", "--mode", "full", "--reset", "colour", "--db", db());

    assertThat(minimal.out()).startsWith("Copied 2 tasks of run 1 into run 5"); // broken, after
    assertThat(full.out()).startsWith("Copied 3 tasks of run 1 into run 8");
    assertThat(custom.out()).startsWith("Copied 1 task of run 1 into run 12");
    assertThat(badReset.err()).contains("--reset colour: copies can reset inputs or priority");
  }

  @Test
  void cachedResultsAreReusedListedAndClearedAndNoCacheRunsEverything() throws Exception {
    Path manifest = dir.resolve("cached.yaml");
    java.nio.file.Files.writeString(
        manifest,
        "weft: 1\nname: cached\nkind: tasks\nnodes:\n"
            + "  - { id: fetch, type: echo, with: { message: hi }, cache: { key: auto } }\n");

    Cli.run("run", manifest.toString(), "--db", db());
    Cli.Result again = Cli.run("run", manifest.toString(), "--db", db());
    Cli.Result forced = Cli.run("run", manifest.toString(), "--no-cache", "--db", db());
    JsonNode list = JSON.readTree(Cli.run("cache", "list", "--json", "--db", db()).out());
    Cli.Result dry = Cli.run("run", manifest.toString(), "--dry-run", "--db", db());
    Cli.Result clear = Cli.run("cache", "clear", "--db", db());

    assertThat(again.out()).contains("Run 3 of cached succeeded: 1 cached");
    assertThat(forced.out()).contains("Run 5 of cached succeeded: 1 succeeded");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("node").asText()).isEqualTo("fetch");
    assertThat(clear.out()).startsWith("Cleared 1 kept result");
    assertThat(dry.out()).contains("Cache hit: fetch would reuse the result of task 2");
  }

  @Test
  void theConfigFileGivesTimeoutsToPipelinesThatSetNone() throws Exception {
    Path config = dir.resolve("config.yaml");
    java.nio.file.Files.writeString(config, "defaults: { timeout: 50ms }\n");
    Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(bad, "defaults: { timeout: soon }\n");
    Path manifest = dir.resolve("slow.yaml");
    java.nio.file.Files.writeString(
        manifest,
        "weft: 1\nname: slow\nkind: tasks\nnodes:\n"
            + "  - { id: nap, type: sleep, with: { duration: 1h } }\n");

    Cli.Result r = Cli.run("run", manifest.toString(), "--config", config.toString(), "--db", db());
    Cli.Result wrong =
        Cli.run("run", manifest.toString(), "--config", bad.toString(), "--db", db());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("nap +sleep +failed .* timed out after 50ms");
    assertThat(wrong.err()).contains("defaults.timeout is not a duration: soon");
  }

  @Test
  void theConfigFilesEventRetentionPrunesOlderEvents() throws Exception {
    Path config = dir.resolve("config.yaml");
    java.nio.file.Files.writeString(config, "event-retention: 1ms\n");
    Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(bad, "event-retention: forever\n");
    String manifest = tasksManifest("kept", "  - {id: a, type: echo, with: {message: hi}}");

    Cli.run("run", manifest, "--db", db());
    Cli.Result second = Cli.run("run", manifest, "--config", config.toString(), "--db", db());
    Cli.Result wrong = Cli.run("run", manifest, "--config", bad.toString(), "--db", db());

    assertThat(second.exitCode()).isZero();
    try (var store = dev.weft.tasks.store.sqlite.SqliteTaskStore.open(Path.of(db()))) {
      assertThat(store.events(new dev.weft.tasks.store.Event.Query(0, null, null, 100)))
          .as("the first run's events were pruned when the second's worker started")
          .isNotEmpty()
          .extracting(dev.weft.tasks.store.Event::runId)
          .doesNotContain(1L);
    }
    assertThat(wrong.err()).contains("event-retention is not a duration: forever");
  }

  @Test
  void retryOnTimeoutRetriesAttemptsThatTimedOut() throws Exception {
    String manifest =
        tasksManifest(
            "timeouts",
            "  - {id: t, type: sleep, with: {duration: 1h}, timeout: 20ms,"
                + " retry: {attempts: 3, on: [timeout]}}");

    Cli.Result r = Cli.run("run", manifest, "--db", db());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern(
            "t +sleep +failed +3 attempts .* timed out after 20ms \\(gave up after 3 of 3 attempts\\)");
  }

  @Test
  void aRunEndedByItsRunTimeoutSaysSoWhereverItsStatusIsShown() throws Exception {
    String manifest =
        tasksManifestWith(
            "slow-run",
            "defaults: {run-timeout: 100ms}\n",
            "  - {id: nap, type: sleep, with: {duration: 1h}}",
            "  - {id: later, type: sleep, with: {duration: 1h}}");
    String why = "the run timed out after 100ms";

    // One task at a time: nap runs, later waits.
    Cli.Result run = Cli.run("run", manifest, "--concurrency", "1", "--db", db());
    JsonNode runJson = JSON.readTree(Cli.run("run", manifest, "--json", "--db", db()).out());

    assertThat(run.out())
        .containsPattern("nap +sleep +cancelled .* cancelled while running: " + why)
        .containsPattern("later +sleep +cancelled .* cancelled: " + why)
        .contains("Run 1 of slow-run cancelled (" + why + "): 2 cancelled in ");
    assertThat(runJson.get("error").asText()).isEqualTo(why);
    assertThat(Cli.run("runs", "show", "1", "--db", db()).out())
        .startsWith("Run 1 of slow-run: cancelled (" + why + "), started ");
    assertThat(
            JSON.readTree(Cli.run("runs", "show", "1", "--json", "--db", db()).out())
                .get("error")
                .asText())
        .isEqualTo(why);
    assertThat(Cli.run("runs", "list", "--db", db()).out())
        .containsPattern(" 1 +slow-run +cancelled .* ms  " + why);
    assertThat(
            JSON.readTree(Cli.run("runs", "list", "--json", "--db", db()).out())
                .get("runs")
                .get(0)
                .get("error")
                .asText())
        .isEqualTo(why);
  }

  @Test
  void aSkippedTaskRanNoAttemptAndItsDependentsSayItWasSkipped() throws Exception {
    String manifest =
        tasksManifestWith(
            "skips",
            "params: {env: dev}\n",
            "  - {id: publish, type: noop, when: \"params.env == 'prod'\"}",
            "  - {id: announce, type: noop, after: [publish]}",
            "  - {id: thank, type: noop, after: [announce]}");

    Cli.Result r = Cli.run("run", manifest, "--db", db());

    assertThat(r.out())
        .containsPattern("publish +noop +skipped +0 attempts .* condition is false")
        .containsPattern("announce +noop +skipped +0 attempts .* publish was skipped")
        .containsPattern("thank +noop +skipped +0 attempts .* announce was skipped");
    assertThat(Cli.run("tasks", "show", "2", "--db", db()).out()).doesNotContain("attempt 1");
  }

  @Test
  void cancellingATaskThatEndedSaysSo() {
    Cli.run("run", "examples/hello.yaml", "--db", db());

    Cli.Result ended = Cli.run("tasks", "cancel", "2", "--db", db());
    Cli.Result missing = Cli.run("tasks", "cancel", "42", "--db", db());

    assertThat(ended.out())
        .isEqualTo("Task 2 (greet) has already ended: succeeded" + System.lineSeparator());
    assertThat(missing.exitCode()).isEqualTo(1);
  }

  @Test
  void cancellingAWaitingTaskCancelsWhatRequiresIt() {
    Cli.run("run", "examples/hello.yaml", "--detach", "--db", db());

    Cli.Result cancel = Cli.run("tasks", "cancel", "3", "--db", db());
    Cli.Result rest = Cli.run("worker", "--until-idle", "--db", db());

    assertThat(cancel.out())
        .isEqualTo(
            "Cancelled task 3 (shout) of run 1 and 1 task that required it"
                + System.lineSeparator());
    assertThat(rest.out()).contains("Run 1 of hello failed");
    assertThat(Cli.run("tasks", "tree", "1", "--db", db()).out())
        .containsPattern("⊘ #3 +shout +echo +cancelled")
        .containsPattern("⊘ #5 +done +noop +cancelled")
        .containsPattern("✓ #4 +whisper");
  }

  @Test
  void aStreamPipelineRunsToItsEndWithATableAndMetrics() throws Exception {
    Path metrics = dir.resolve("metrics.json");

    Cli.Result r = Cli.run("run", "examples/log-errors.yaml", "--metrics", metrics.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .startsWith("Running stream log-errors (4 nodes)")
        .containsPattern("errors +transform +1,200 +160 ")
        .containsPattern("Stream log-errors succeeded in ");
    assertThat(
            java.nio.file.Files.readAllLines(
                Cli.ROOT.resolve("examples/out/errors-per-minute.csv")))
        .hasSize(31)
        .startsWith("window,group,count,sum,avg", "2026-11-23T10:00,api,8,7886.0,985.75");
    JsonNode json = JSON.readTree(metrics.toFile());
    assertThat(json.get("status").asText()).isEqualTo("succeeded");
    assertThat(json.get("nodes")).hasSize(4);
    assertThat(json.get("nodes").get(1).get("out").asLong()).isEqualTo(160);
  }

  @Test
  void rowsAStreamNodeGivesUpOnGoToItsErrorsOutput() throws Exception {
    JsonNode json = JSON.readTree(Cli.run("run", "examples/orders.yaml", "--json").out());

    assertThat(json.get("status").asText()).isEqualTo("succeeded");
    assertThat(json.get("nodes").get(1).get("errors").asLong()).isEqualTo(5);
    assertThat(json.get("nodes").get(4).get("in").asLong()).isEqualTo(5);
  }

  @Test
  void streamManifestProblemsAreReportedWithTheirPositions() {
    Cli.Result r = Cli.run("validate", "weft-cli/src/test/resources/bad-stream.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out() + r.err())
        .contains("bad-stream.yaml:10:36: node 'odd': unknown edge policy 'drop-latest'")
        .contains(
            "bad-stream.yaml:11:19: node 'odd': bad expression in 'expr': the expression ends too soon at column 14");
  }

  @Test
  void everyExpressionOfAStreamIsCheckedAtValidationWithADidYouMean() {
    Cli.Result r = Cli.run("validate", "weft-cli/src/test/resources/bad-stream-expressions.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out() + r.err())
        .contains(
            "bad-stream-expressions.yaml:11:18: node 'priced': bad expression in 'set.total':"
                + " unknown function 'floot'; did you mean 'float'? at column 12")
        .contains(
            "node 'big': bad expression in 'expr': unknown function 'lenght'; did you mean 'len'?")
        .contains(
            "node 'per-minute': bad expression in 'key': unknown function 'substring'; did you mean"
                + " 'substr'?")
        .contains(
            "node 'paired': bad expression in 'key': unknown function 'uper'; did you mean 'upper'?")
        .contains("4 problems");
  }

  @Test
  void aParameterPassedToASubPipelineThatDoesNotDeclareItIsReported() throws Exception {
    Path dir = Files.createTempDirectory("weft-sub");
    Files.writeString(
        dir.resolve("part.yaml"),
        "weft: 1\nname: part\nkind: tasks\nparams: {region: eu}\nnodes:\n"
            + "  - {id: a, type: echo, with: {message: '${params.region}'}}\n");
    Files.writeString(
        dir.resolve("top.yaml"),
        "weft: 1\nname: top\nkind: tasks\nparams: {region: eu}\nnodes:\n"
            + "  - id: sub\n    type: pipeline\n"
            + "    with: {file: part.yaml, params: {regoin: '${params.region}', zone: '${params.zon}'}}\n");

    Cli.Result r = Cli.run("validate", dir.resolve("top.yaml").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out() + r.err())
        .contains("top.yaml:8:72: node 'sub': unknown run parameter 'zon'")
        .doesNotContain("Exception");
    Files.writeString(
        dir.resolve("top.yaml"),
        Files.readString(dir.resolve("top.yaml")).replace(", zone: '${params.zon}'", ""));
    Cli.Result typo = Cli.run("validate", dir.resolve("top.yaml").toString());
    assertThat(typo.out() + typo.err())
        .containsPattern(
            "part.yaml: node 'sub' of .*top.yaml passes regoin: the manifest has no parameter"
                + " 'regoin'")
        .contains("did you mean 'region'?");
  }

  @Test
  void readOnlyCommandsNeverCreateAStoreAndOtherFilesAreNotStores() throws Exception {
    Path dir = Files.createTempDirectory("weft-stores");
    Path missing = dir.resolve("no/such/dir/x.db");
    Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");

    for (String[] command :
        new String[][] {
          {"runs", "list"},
          {"runs", "show", "1"},
          {"tasks", "list"},
          {"tasks", "tree", "1"},
          {"schedules", "list"},
          {"cache", "list"}
        }) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 2);
      args[command.length] = "--db";
      args[command.length + 1] = missing.toString();
      Cli.Result r = Cli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(r.err()).contains("no task store at " + missing + ": nothing has run there yet");
    }
    assertThat(dir.resolve("no")).doesNotExist();

    Cli.Result notAStore = Cli.run("run", "examples/hello.yaml", "--db", passwd.toString());
    assertThat(notAStore.exitCode()).isEqualTo(3);
    assertThat(notAStore.err())
        .contains("not a Weft store (not a SQLite database)")
        .doesNotContain("WEFT_DEBUG")
        .doesNotContain("SQL State")
        .doesNotContain("----");
    assertThat(Files.readString(passwd)).startsWith("root:x");
  }

  @Test
  void onlyAndSkipRunASubsetAndSayWhatTheyPulledIn() {
    Cli.Result only =
        Cli.run(
            "run", "examples/release.yaml", "--only", "deploy", "--db", db(), "--concurrency", "4");
    Cli.Result bad = Cli.run("run", "examples/release.yaml", "--skip", "deplyo", "--db", db());

    assertThat(only.exitCode()).isZero();
    assertThat(only.err())
        .contains(
            "Selection: also running what the selection requires: unit-tests, integration-tests,"
                + " browser-tests, build");
    assertThat(only.out()).contains("(5 tasks)").doesNotContain("notify");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("no node or tag 'deplyo'; did you mean 'deploy'?");
  }

  @Test
  void selectionNotesGoToStderrSoThatJsonIsOneDocument() throws Exception {
    Cli.Result skip =
        Cli.run("run", "examples/release.yaml", "--skip", "unit-tests", "--json", "--db", db());
    Cli.Result dry =
        Cli.run("run", "examples/release.yaml", "--only", "deploy", "--dry-run", "--json");

    assertThat(skip.err()).contains("Selection: also skipping");
    assertThat(JSON.readTree(skip.out()).get("pipeline").asText()).isEqualTo("release");
    assertThat(dry.err()).contains("Selection: also running");
    assertThat(JSON.readTree(dry.out()).get("tasks").asInt()).isEqualTo(5);
  }

  @Test
  void withJsonARefusalIsAJsonErrorOnStdoutToo() throws Exception {
    Cli.run("run", "examples/hello.yaml", "--db", db());

    for (String[] args :
        List.of(
            new String[] {"tasks", "show", "99"},
            new String[] {"tasks", "tree", "99"},
            new String[] {"tasks", "logs", "99"},
            new String[] {"runs", "show", "99"})) {
      Cli.Result text = Cli.run(withDb(args));
      Cli.Result json = Cli.run(withDb(append(args, "--json")));
      String what = args[1].equals("show") && args[0].equals("runs") ? "run" : "task";
      assertThat(text.err()).endsWith(": there is no " + what + " 99 in " + db() + "\n");
      assertThat(json.exitCode()).isEqualTo(1);
      assertThat(JSON.readTree(json.out()).get("error").asText())
          .isEqualTo("there is no " + what + " 99 in " + db());
    }
    JsonNode invalid = JSON.readTree(Cli.run("run", "docs/broken.yaml", "--json").out());
    assertThat(invalid.get("valid").asBoolean()).isFalse();
    assertThat(invalid.get("problems")).hasSize(3);
  }

  private String[] withDb(String[] args) {
    return append(append(args, "--db"), db());
  }

  private static String[] append(String[] args, String arg) {
    String[] longer = java.util.Arrays.copyOf(args, args.length + 1);
    longer[args.length] = arg;
    return longer;
  }

  @Test
  void aDetachedRunWithJsonPrintsTheStoredRunAsJson() throws Exception {
    JsonNode json =
        JSON.readTree(
            Cli.run("run", "examples/hello.yaml", "--detach", "--json", "--db", db()).out());

    assertThat(json.get("run").asLong()).isEqualTo(1);
    assertThat(json.get("tasks")).hasSize(4);
  }

  @Test
  void aDryRunShowsThePlanAndStoresNothing() throws Exception {
    Cli.Result text = Cli.run("run", "examples/release.yaml", "--dry-run", "--db", db());
    JsonNode json =
        JSON.readTree(
            Cli.run("run", "examples/release.yaml", "--dry-run", "--json", "--set", "env=prod")
                .out());

    assertThat(text.exitCode()).isZero();
    assertThat(text.out())
        .startsWith("Dry run of release (8 tasks): nothing is stored or run.")
        .contains("  2: publish [skipped], deploy")
        .contains("publish: condition is false: params.env == 'prod'")
        .contains("Exclusive key deploy-staging (one at a time, across runs): deploy")
        .contains("Limiter test-runners (capacity 2 unless the config says otherwise)")
        .contains("Critical path (4 tasks): build -> unit-tests -> deploy -> notify");
    assertThat(java.nio.file.Files.exists(dir.resolve("weft.db"))).isFalse();
    assertThat(json.get("skipped")).isEmpty();
    assertThat(json.get("exclusive").has("deploy-prod")).isTrue();
  }

  @Test
  void resumeOfAnEndedRunJustReportsIt() {
    Cli.run("run", "examples/hello.yaml", "--db", db());

    Cli.Result r = Cli.run("run", "--resume", "1", "--db", db());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .startsWith("Resuming run 1 of hello (4 tasks)")
        .contains("Run 1 of hello succeeded");
  }

  @Test
  void runNeedsAFileOrAResumeButNotBoth() {
    assertThat(Cli.run("run").err()).isEqualTo("weft run: give a manifest FILE, or --resume RUN\n");
    assertThat(Cli.run("run", "examples/hello.yaml", "--resume", "1").exitCode()).isEqualTo(2);
  }

  @Test
  void runOfAnInvalidManifestRunsNothing() {
    Cli.Result r = Cli.run("run", "docs/broken.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).endsWith("docs/broken.yaml: 3 problems; nothing was run\n");
  }

  @Test
  void validateExitCodesFollowValidity() {
    assertThat(Cli.run("validate", "examples/hello.yaml").exitCode()).isZero();
    assertThat(Cli.run("validate", "examples/hello.yaml", "docs/broken.yaml").exitCode())
        .isEqualTo(1);
  }

  @Test
  void validateJsonListsProblemsWithPositions() throws Exception {
    Cli.Result r = Cli.run("validate", "docs/broken.yaml", "--json");

    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    JsonNode first = json.get("files").get(0).get("problems").get(0);
    assertThat(first.get("line").asInt()).isEqualTo(7);
    assertThat(first.get("column").asInt()).isEqualTo(11);
    assertThat(first.get("node").asText()).isEqualTo("greet");
    assertThat(first.get("message").asText()).isEqualTo("unknown node type 'ecko'");
    assertThat(first.get("hint").asText()).isEqualTo("did you mean 'echo'?");
  }

  @Test
  void aMissingFileIsOneClearLine() {
    Cli.Result r = Cli.run("validate", "nope.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith("nope.yaml: cannot read manifest: no such file");
  }

  @Test
  void graphDrawsLevelsInMermaidAndDot() {
    Cli.Result mermaid = Cli.run("graph", "examples/hello.yaml");
    Cli.Result dot = Cli.run("graph", "examples/hello.yaml", "--format", "dot");

    assertThat(mermaid.out())
        .startsWith("flowchart LR\n")
        .contains(
            "subgraph L1[\"level 1\"]\n    n1[\"shout<br/><small>echo</small>\"]\n    n2[\"whisper")
        .contains("n0 --> n1");
    assertThat(dot.out())
        .startsWith("digraph \"hello\" {")
        .contains("subgraph cluster_level2")
        .contains("\"shout\" -> \"done\";");
  }

  @Test
  void graphOfAnInvalidManifestShowsTheProblems() {
    Cli.Result r = Cli.run("graph", "docs/broken.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("unknown node type 'ecko'").contains("fix them to draw the graph");
  }

  @Test
  void badUsageNamesTheProblem() {
    Cli.Result unknown = Cli.run("launch");
    Cli.Result badFormat = Cli.run("graph", "examples/hello.yaml", "--format", "png");
    Cli.Result badSet = Cli.run("run", "examples/hello.yaml", "--set", "name");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument at index 0: 'launch'");
    assertThat(badFormat.err())
        .contains("Invalid value for option '--format'")
        .contains("mermaid, dot");
    assertThat(badSet.err()).contains("Value for option option '--set'");
  }

  @Test
  void helpAndVersionReadWell() {
    Cli.Result help = Cli.run("--help");
    Cli.Result version = Cli.run("--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("run ", "validate ", "graph ", "types ", "Examples:");
    assertThat(version.out()).startsWith("weft ").contains("Java 25");
  }

  @Test
  void typesListsBuiltInsWithTheirConfig() {
    assertThat(Cli.run("types").out()).contains("echo").contains("message").contains("noop");
  }

  @Test
  void typesSaysWhichRuntimesHaveEachType() throws Exception {
    Path types = Files.createDirectories(dir.resolve("py-types"));
    Files.writeString(
        types.resolve("nodes.py"),
        """
        import weft

        @weft.node("filter")
        def keep(message):
            \"\"\"passes every message on, in Python\"\"\"
            return message

        @weft.node("py.only")
        def only(message):
            \"\"\"a type only Python has\"\"\"
            return message
        """);
    System.setProperty("weft.python.path", Cli.ROOT.resolve("python").toString());
    System.setProperty("weft.python.types", types.toString());
    try {
      String out = Cli.run("types").out();

      assertThat(out)
          .containsPattern("(?m)^filter .*\\[stream\\]  runtimes: java, python$")
          .containsPattern("(?m)^py.only +a type only Python has  \\[stream\\]  runtimes: python$")
          .containsPattern("(?m)^noop .*runtimes: java$");
    } finally {
      System.clearProperty("weft.python.path");
      System.clearProperty("weft.python.types");
    }
  }
}
