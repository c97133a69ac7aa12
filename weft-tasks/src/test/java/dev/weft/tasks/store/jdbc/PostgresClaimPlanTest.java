package dev.weft.tasks.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.tasks.postgres.PostgresTest;
import dev.weft.tasks.store.ClaimedTask;
import dev.weft.tasks.store.Limits;
import dev.weft.tasks.store.Outcome;
import dev.weft.tasks.store.RunPlan;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.WorkQueue;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How PostgreSQL runs the claim of a worker on a new database, whose tables have no statistics yet
 * (as when a large run has just been stored): it must walk the ready index in claim order and stop
 * at the first tasks, not read every ready task and sort them. Read every time, a claim costs as
 * much as the whole run still ready, and the index entries of the tasks claimed before are never
 * cleared: a burn-down of 100,000 tasks then ran ten times slower. Looked at through the store's
 * own connections, with their session settings, as cached plans (generic) and as first ones
 * (custom).
 */
@PostgresTest
class PostgresClaimPlanTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int TASKS = 3000;
  private static final int DONE = 2000;

  private StoreFixture database;
  private TaskStore store;

  @BeforeEach
  void openStore() {
    database = StoreFixture.postgres();
    store = database.open();
  }

  @AfterEach
  void closeStore() {
    store.close();
    database.close();
  }

  @ParameterizedTest(name = "labels [{0}], {1} plan")
  @CsvSource({", force_generic_plan", ", force_custom_plan", "gpu, force_generic_plan"})
  void aClaimReadsTheFirstReadyTasksInClaimOrder(String labels, String planMode) throws Exception {
    storeRunAndClaimSome();

    JsonNode plan = explainClaim(labels == null ? List.of() : List.of(labels), planMode, false);

    List<String> nodes = new ArrayList<>();
    collect(plan, nodes);
    assertThat(nodes)
        .as("the claim's plan: %s", plan)
        .doesNotContain("Sort", "Bitmap Heap Scan", "Seq Scan")
        .contains("Index Scan");
    assertOnlyTheFirstTasksRead(plan);
  }

  /**
   * The same of the statement an idle worker's claim runs: the ready-task query picks, in a {@code
   * WITH}, the tasks the statement then starts.
   */
  @ParameterizedTest(name = "labels [{0}], {1} plan")
  @CsvSource({", force_generic_plan", ", force_custom_plan", "gpu, force_generic_plan"})
  void theStatementThatPicksAndStartsReadsTheFirstReadyTasksInClaimOrder(
      String labels, String planMode) throws Exception {
    storeRunAndClaimSome();

    JsonNode statement = explainClaim(labels == null ? List.of() : List.of(labels), planMode, true);
    JsonNode picked = subplan(statement, "CTE picked");

    assertThat(picked).as("the statement's plan: %s", statement).isNotNull();
    List<String> nodes = new ArrayList<>();
    collect(picked, nodes);
    assertThat(nodes)
        .as("the plan of the tasks picked: %s", picked)
        .doesNotContain("Sort", "Bitmap Heap Scan")
        .contains("Index Scan");
    assertThat(scansOfTasks(picked))
        .as("how tasks are read: %s", picked)
        .containsOnly("Index Scan");
    assertOnlyTheFirstTasksRead(picked);
  }

  private void storeRunAndClaimSome() {
    List<RunPlan.Task> tasks =
        IntStream.range(0, TASKS)
            .mapToObj(
                i -> new RunPlan.Task("t" + i, "noop", 0, null, new int[] {}, new boolean[] {}))
            .toList();
    store.createRun(new RunPlan("wide", "{}", tasks), T0);
    // Claimed and finished as a worker does, 64 at a time: 2,000 tasks no longer ready.
    List<Outcome> ended = new ArrayList<>();
    for (int done = 0; done < DONE; ) {
      WorkQueue.Step step =
          store.finishAndClaim(
              ended,
              "w",
              null,
              Math.min(64, DONE - done),
              T0,
              T0.plusSeconds(60),
              Limits.NONE,
              root -> true);
      ended = new ArrayList<>();
      for (ClaimedTask claim : step.claimed()) {
        ended.add(new Outcome.Succeeded(claim, "{}"));
      }
      done += step.claimed().size();
    }
    store.finishAndClaim(ended, "w", null, 0, T0, T0.plusSeconds(60), Limits.NONE, root -> true);
  }

  private static void assertOnlyTheFirstTasksRead(JsonNode plan) {
    assertThat(plan.get("Actual Rows").asInt()).isEqualTo(64);
    // The index entries of the 2,000 tasks claimed before were cleared by those claims' own scans:
    // the next one reads the pages of the tasks it takes (77 here), not those of every task
    // claimed so far (one or more each).
    assertThat(plan.get("Shared Hit Blocks").asInt() + plan.get("Shared Read Blocks").asInt())
        .as("pages read by the claim: %s", plan)
        .isLessThan(DONE / 2);
  }

  /**
   * EXPLAIN ANALYZE of the ready-task query a claim runs, or of the whole statement that picks and
   * starts tasks, on one of the store's connections.
   */
  private JsonNode explainClaim(List<String> labels, String planMode, boolean whole) {
    JdbcDb db = ((JdbcTaskStore) store).db();
    LabelMatch match = LabelMatch.of(labels);
    String query =
        whole
            ? Claimer.pickAndStartStatement(db.dialect(), false, match.condition())
            : db.dialect().readyTasks("id", false, match.condition());
    // PREPARE takes $n placeholders; the statement is executed with the values a claim binds.
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char c : query.toCharArray()) {
      numbered.append(c == '?' ? "$" + ++n : String.valueOf(c));
    }
    // The values a claim binds, in order: the time, the subsets of the worker's labels (at most
    // one label here, so its only subset) twice, the time, limit and offset. EXECUTE takes them
    // written out: a utility statement has no bound parameters.
    long now = T0.toEpochMilli();
    List<String> values = new ArrayList<>(List.of(Long.toString(now)));
    for (int pass = 0; pass < 2; pass++) {
      labels.forEach(label -> values.add("'" + label + "'"));
    }
    values.addAll(List.of(Long.toString(now), "64", "0"));
    if (whole) {
      // The update's worker, lease and times, then the attempts' worker and time.
      String lease = Long.toString(now + 60_000);
      String at = Long.toString(now);
      values.addAll(List.of("'w'", lease, at, at, "'w'", at));
    }
    assertThat(values).as("one value per placeholder of %s", query).hasSize(n);
    String json =
        db.transaction(
            "explaining a claim",
            () -> {
              db.execute("SET LOCAL plan_cache_mode = " + planMode);
              db.execute("PREPARE claim_plan AS " + numbered);
              String result;
              try (PreparedStatement explain =
                      db.prepare(
                          "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE claim_plan("
                              + String.join(", ", values)
                              + ")");
                  ResultSet r = explain.executeQuery()) {
                r.next();
                result = r.getString(1);
              }
              db.execute("DEALLOCATE claim_plan");
              return result;
            });
    try {
      return new ObjectMapper().readTree(json).get(0).get("Plan");
    } catch (Exception e) {
      throw new AssertionError("EXPLAIN said: " + json, e);
    }
  }

  /** The node of {@code plan} (or under it) named {@code name}, or {@code null}. */
  private static JsonNode subplan(JsonNode plan, String name) {
    if (name.equals(plan.path("Subplan Name").asText())) {
      return plan;
    }
    for (JsonNode child : plan.path("Plans")) {
      JsonNode found = subplan(child, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** How the nodes of {@code plan} read the tasks table. */
  private static List<String> scansOfTasks(JsonNode plan) {
    List<String> scans = new ArrayList<>();
    if ("tasks".equals(plan.path("Relation Name").asText())) {
      scans.add(plan.get("Node Type").asText());
    }
    plan.path("Plans").forEach(child -> scans.addAll(scansOfTasks(child)));
    return scans;
  }

  private static void collect(JsonNode plan, List<String> nodes) {
    nodes.add(plan.get("Node Type").asText());
    if (plan.has("Plans")) {
      plan.get("Plans").forEach(child -> collect(child, nodes));
    }
  }
}
