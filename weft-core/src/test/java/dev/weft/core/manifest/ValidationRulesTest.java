package dev.weft.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Schedule;
import dev.weft.core.TestTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One bad manifest per validation rule (under src/test/resources/invalid), each asserting the exact
 * message, node and position.
 */
class ValidationRulesTest {

  private static List<String> problems(String name) {
    return problems(name, Map.of());
  }

  private static List<String> problems(String name, Map<String, String> params) {
    Checked checked = Manifests.load(resource(name), params, TestTypes.ALL);
    assertThat(checked.valid()).as("%s should be invalid", name).isFalse();
    return checked.problems().stream().map(ValidationRulesTest::line).toList();
  }

  /** The problem as one line, the file reduced to its name. */
  private static String line(Problem p) {
    String file = Path.of(p.position().file()).getFileName().toString();
    String where =
        p.position().known()
            ? file + ":" + p.position().line() + ":" + p.position().column()
            : file;
    return where
        + (p.nodeId() == null ? "" : " [" + p.nodeId() + "]")
        + " "
        + p.message()
        + (p.hint() == null ? "" : " | " + p.hint());
  }

  static Path resource(String name) {
    try {
      return Path.of(ValidationRulesTest.class.getResource("/invalid/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test manifest " + name, e);
    }
  }

  @Test
  void yamlSyntaxErrorGivesPositionAndWhatWasExpected() {
    assertThat(problems("syntax-error.yaml"))
        .containsExactly(
            "syntax-error.yaml:6:4 syntax error: while parsing a block collection (from line 4):"
                + " expected <block end>, but found '<block mapping start>'"
                + " | check indentation and that every 'key: value' has a space after the colon");
  }

  @Test
  void jsonSyntaxErrorGivesPosition() {
    assertThat(problems("syntax-error.json"))
        .containsExactly(
            "syntax-error.json:5:16 syntax error: Unexpected character ('\"' (code 34)):"
                + " was expecting comma to separate Object entries"
                + " | check commas, quotes and brackets near this point");
  }

  @Test
  void unknownNodeFieldSuggestsTheClosestOne() {
    assertThat(problems("unknown-field.yaml"))
        .containsExactly(
            "unknown-field.yaml:7:5 [a] unknown node field 'afer' | did you mean 'after'?");
  }

  @Test
  void unknownTopLevelFieldSuggestsTheClosestOne() {
    assertThat(problems("unknown-top-field.yaml"))
        .containsExactly(
            "unknown-top-field.yaml:1:1 missing field 'kind' | add kind: tasks or kind: stream",
            "unknown-top-field.yaml:3:1 unknown manifest field 'knd' | did you mean 'kind'?");
  }

  @Test
  void unknownTypeSuggestsTheClosestOne() {
    assertThat(problems("unknown-type.yaml"))
        .containsExactly(
            "unknown-type.yaml:6:11 [greet] unknown node type 'ecko' | did you mean 'echo'?");
  }

  @Test
  void unknownTypeWithNothingCloseListsTheKnownOnes() {
    assertThat(problems("unknown-type-far.yaml"))
        .containsExactly(
            "unknown-type-far.yaml:6:11 [a] unknown node type 'transmogrify'"
                + " | known types: echo, map, needs-count, noop");
  }

  @Test
  void typeOfTheOtherRuntimeIsRejected() {
    assertThat(problems("wrong-kind.yaml"))
        .containsExactly(
            "wrong-kind.yaml:6:11 [a] node type 'map' does not run in tasks pipelines"
                + " | types for tasks: echo, needs-count, noop");
  }

  @Test
  void duplicateIdPointsAtTheFirstDefinition() {
    assertThat(problems("duplicate-id.yaml"))
        .containsExactly(
            "duplicate-id.yaml:7:9 [a] duplicate id 'a' | ids must be unique; first defined at line 5");
  }

  @Test
  void missingIdAndTypeAreReported() {
    assertThat(problems("missing-id.yaml"))
        .containsExactly(
            "missing-id.yaml:5:5 node has no id | add id: NAME; ids are unique within the pipeline",
            "missing-id.yaml:6:5 [b] node has no type | add type: one of noop, echo, needs-count, map");
  }

  @Test
  void unknownDependencySuggestsTheClosestId() {
    assertThat(problems("unknown-dependency.yaml"))
        .containsExactly(
            "unknown-dependency.yaml:9:13 [shout] unknown node 'gret' in after | did you mean 'greet'?");
  }

  @Test
  void aDependencyListedTwiceIsReported() {
    assertThat(problems("duplicate-dependency.yaml"))
        .containsExactly(
            "duplicate-dependency.yaml:9:16 [b] 'a' is listed twice in after | remove one");
  }

  @Test
  void cycleIsPrintedAsAPathAndNodesBehindItAreUnreachable() {
    assertThat(problems("cycle.yaml"))
        .containsExactly(
            "cycle.yaml:9:20 [a] cycle: a -> b -> c -> a"
                + " | a pipeline must not loop back on itself; remove one of these dependencies",
            "cycle.yaml:16:5 [tail] can never start: it waits on a cycle"
                + " | break the cycle reported for this pipeline");
  }

  @Test
  void selfDependencyIsACycle() {
    assertThat(problems("self-cycle.yaml"))
        .containsExactly(
            "self-cycle.yaml:7:13 [a] cycle: a -> a"
                + " | a pipeline must not loop back on itself; remove one of these dependencies");
  }

  @Test
  void badDurationShowsTheAcceptedForms() {
    assertThat(problems("bad-duration.yaml"))
        .containsExactly(
            "bad-duration.yaml:7:14 [a] bad duration '5 seconds' for timeout"
                + " | write a number and a unit, e.g. 100ms, 5s, 2m, 1h, 1d or 1m30s");
  }

  @Test
  void aDurationOrMultiplierThatWouldOverflowNamesTheLargestAllowed() {
    String longest = " | the longest duration allowed is 106751d23h47m16s854ms (about 292 years)";
    assertThat(problems("too-long-duration.yaml"))
        .containsExactly(
            "too-long-duration.yaml:7:14 [a] too long a duration '99999999999999d' for timeout"
                + longest,
            "too-long-duration.yaml:8:74 [a] multiplier must be a finite number of at least 1"
                + " | 2 doubles each delay; the largest allowed is 1.7976931348623157E308",
            "too-long-duration.yaml:8:86 [a] too long a duration '99999999999999d' for max"
                + longest,
            "too-long-duration.yaml:12:29 [b] too long a duration '106751d23h47m16s855ms' for ttl"
                + longest);
  }

  @Test
  void configIsCheckedAgainstTheTypeSchema() {
    assertThat(problems("wrong-config-type.yaml"))
        .containsExactly(
            "wrong-config-type.yaml:8:14 [a] config 'count' must be a whole number, got 'many' | how many",
            "wrong-config-type.yaml:9:14 [a] config 'pause' must be a duration such as 5s, got 'later'"
                + " | write a number and a unit, e.g. 100ms, 5s, 2m, 1h, 1d or 1m30s",
            "wrong-config-type.yaml:10:15 [a] unknown config key 'colour' | known keys: count, pause");
  }

  @Test
  void missingRequiredConfigIsReported() {
    assertThat(problems("missing-config.yaml"))
        .containsExactly(
            "missing-config.yaml:5:5 [a] missing required config 'count'"
                + " | add 'count' (a whole number) under with:");
  }

  @Test
  void modelFieldsOfTheWrongTypeAreReported() {
    assertThat(problems("wrong-field-type.yaml"))
        .containsExactly(
            "wrong-field-type.yaml:7:15 [a] priority must be a whole number, not the string 'high'",
            "wrong-field-type.yaml:8:13 [a] always must be true or false, not the string 'yes please'");
  }

  @Test
  void badCronExpressionsAndLimitsAreReported() {
    assertThat(problems("bad-schedule.yaml"))
        .containsExactly(
            "bad-schedule.yaml:4:11 bad cron expression '0 25 * * *': Value 25 not in range [0, 23]"
                + " | "
                + Schedule.HINT,
            "bad-schedule.yaml:5:20 running must be at least 1 | leave it out for no cap",
            "bad-schedule.yaml:5:41 http must be a whole number, not the string 'two'",
            "bad-schedule.yaml:5:48 unknown limits field 'perr-type' | did you mean 'per-type'?");
  }

  @Test
  void conditionsWithTypeErrorsAreReportedBeforeTheyRun() {
    String hint =
        " | run parameters and statuses are text: compare with int(params.n) > 3,"
            + " or params.env == 'prod'";
    assertThat(problems("bad-condition.yaml"))
        .containsExactly(
            "bad-condition.yaml:8:11 [a] type error in condition: cannot compare text and a number"
                + " with > (column 14)"
                + hint,
            "bad-condition.yaml:11:11 [b] type error in condition: the value is text, not true or"
                + " false (column 1)"
                + hint);
  }

  @Test
  void unknownTimeZoneIsReported() {
    assertThat(problems("bad-zone.yaml"))
        .containsExactly(
            "bad-zone.yaml:4:35 unknown time zone 'Mars/Olympus'"
                + " | use a region name such as UTC, Europe/Paris or America/New_York");
  }

  @Test
  void unknownRunParameterIsReportedWhereItIsUsed() {
    assertThat(problems("unknown-param.yaml"))
        .containsExactly(
            "unknown-param.yaml:10:16 [a] unknown run parameter 'nme'"
                + " | did you mean 'name'? Otherwise declare it under params: (e.g. params: {nme: default}) or pass --set nme=VALUE;"
                + " known parameters: name");
  }

  @Test
  void aConditionOnAnUndeclaredParameterIsReportedNotSilentlyFalse() {
    assertThat(problems("condition-unknown-param.yaml"))
        .containsExactly(
            "condition-unknown-param.yaml:12:11 [deploy] unknown run parameter 'enviroment' in the"
                + " condition (column 3) | did you mean 'env'? Otherwise declare it under params:"
                + " or pass --set enviroment=VALUE",
            "condition-unknown-param.yaml:16:11 [announce] unknown run parameter 'evn' in the"
                + " condition (column 1) | did you mean 'env'? Otherwise declare it under params:"
                + " or pass --set evn=VALUE");
  }

  @Test
  void aConditionReadsOnlyTheResultsAndStatusesOfItsDependencies() {
    assertThat(problems("condition-unknown-node.yaml"))
        .containsExactly(
            "condition-unknown-node.yaml:12:11 [deploy] unknown node 'biuld' in the condition"
                + " (column 1) | did you mean 'build'?",
            "condition-unknown-node.yaml:12:11 [deploy] 'lint' in the condition (column 32) is not"
                + " a dependency of this node | a condition sees only the nodes in after:; add"
                + " 'lint' there (as {id: lint, required: false} to run whatever it does)");
  }

  @Test
  void aConditionComparingWithAnUnknownStatusIsReported() {
    assertThat(problems("condition-unknown-status.yaml"))
        .containsExactly(
            "condition-unknown-status.yaml:10:11 [deploy] unknown status 'sucess' in the condition"
                + " (column 17) | did you mean 'succeeded'?");
  }

  @Test
  void parametersInExclusiveLimiterCacheAndRateKeysAreChecked() {
    String hint =
        " | did you mean 'env'? Otherwise declare it under params: (e.g. params: {evn: default})"
            + " or pass --set evn=VALUE; known parameters: env";
    assertThat(problems("keys-unknown-param.yaml"))
        .containsExactly(
            "keys-unknown-param.yaml:9:16 [a] unknown run parameter 'evn'" + hint,
            "keys-unknown-param.yaml:10:12 [a] unknown run parameter 'evn'" + hint,
            "keys-unknown-param.yaml:11:19 [a] unknown run parameter 'evn' in the cache key"
                + " (column 1) | did you mean 'env'? Otherwise declare it under params: or pass"
                + " --set evn=VALUE",
            "keys-unknown-param.yaml:12:18 [a] unknown run parameter 'evn'" + hint,
            "keys-unknown-param.yaml:15:19 [b] unknown run parameter 'envv'"
                + hint.replace("evn", "envv"));
  }

  @Test
  void nodesWithEmptyMissingOrNonTextIdsAreProblemsNotCrashes() {
    assertThat(problems("empty-id.yaml"))
        .contains(
            "empty-id.yaml:5:5 node has no id | add id: NAME; ids are unique within the pipeline",
            "empty-id.yaml:7:5 node has no id | add id: NAME; ids are unique within the pipeline",
            "empty-id.yaml:9:9 id must be a string, not the number -1 | quote it: id: \"-1\"",
            "empty-id.yaml:13:13 [a] unknown node '' in after | node ids: a");
  }

  @Test
  void setOfAnUndeclaredParameterIsATypo() {
    assertThat(problems("unknown-param.yaml", Map.of("nam", "Ada")))
        .contains(
            "unknown-param.yaml --set nam: the manifest has no parameter 'nam' | did you mean 'name'?");
  }

  @Test
  void everyProblemIsReportedAtOnceInFileOrder() {
    assertThat(problems("many-problems.yaml"))
        .containsExactly(
            "many-problems.yaml:6:11 [greet] unknown node type 'ecko' | did you mean 'echo'?",
            "many-problems.yaml:9:13 [shout] unknown node 'gret' in after | did you mean 'greet'?",
            "many-problems.yaml:10:14 [shout] bad duration 'soon' for timeout"
                + " | write a number and a unit, e.g. 100ms, 5s, 2m, 1h, 1d or 1m30s",
            "many-problems.yaml:11:9 [greet] duplicate id 'greet' | ids must be unique; first defined at line 5",
            "many-problems.yaml:13:5 [greet] unknown node field 'colour'"
                + " | known fields: after, always, breaker, cache, continue-on-failure, description, exclusive,"
                + " id, isolation, limit, prefer, priority, rate, require, retry, runtime, tags, timeout,"
                + " type, user, ... (22 in all)");
  }

  @Test
  void badRoutingNamesTheLabelAndShowsTheShape() {
    assertThat(problems("bad-routing.yaml"))
        .containsExactly(
            "bad-routing.yaml:7:14 [a] bad label 'g p u' in require"
                + " | labels are letters, digits and - _ . : (e.g. gpu, region:eu)",
            "bad-routing.yaml:10:13 [b] prefer needs labels"
                + " | write prefer: [warm-model], or prefer: {labels: [warm-model], wait: 5s}",
            "bad-routing.yaml:10:15 [b] unknown prefer field 'label' | did you mean 'labels'?");
  }

  @Test
  void routingIsRefusedInAStream() {
    assertThat(problems("routing-in-stream.yaml"))
        .containsExactly(
            "routing-in-stream.yaml:7:14 [a] require is an option of tasks pipelines"
                + " | remove it from this stream");
  }

  @Test
  void aBadIsolationNamesTheFieldAndShowsTheShape() {
    assertThat(problems("bad-isolation.yaml"))
        .containsExactly(
            "bad-isolation.yaml:7:16 [a] unknown isolation 'container'"
                + " | write isolation: process, or isolation: {mode: process, ready-timeout: 1m,"
                + " heartbeat: 10s, restart: {attempts: 3, backoff: 1s}}",
            "bad-isolation.yaml:11:42 [b] restart must be a map"
                + " | e.g. restart: {attempts: 3, backoff: 1s}",
            "bad-isolation.yaml:11:45 [b] unknown isolation field 'memory'"
                + " | known fields: heartbeat, mode, ready-timeout, restart");
  }

  @Test
  void isolationIsAnOptionOfStreamNodes() {
    assertThat(problems("isolation-in-tasks.yaml"))
        .containsExactly(
            "isolation-in-tasks.yaml:7:16 [a] isolation is an option of stream nodes"
                + " | remove it from this tasks pipeline");
  }

  @Test
  void duplicateKeyInAMapIsReported() {
    assertThat(problems("duplicate-key.yaml"))
        .containsExactly(
            "duplicate-key.yaml:7:5 duplicate key 'type'"
                + " | each key may appear once in a map; the later value is ignored");
  }

  @Test
  void nodesOfTheWrongShapeAreOneProblem() {
    assertThat(problems("nodes-not-a-list.yaml"))
        .containsExactly(
            "nodes-not-a-list.yaml:4:8 nodes must be a list | write each node as an item: - id: ...");
  }

  @Test
  void emptyFileSaysHowToStart() {
    assertThat(problems("empty.yaml"))
        .containsExactly(
            "empty.yaml:1:1 the manifest is empty | start with: weft: 1, name: ..., kind: tasks, nodes: [...]");
  }

  @Test
  void missingFileIsAProblemNotAnException() {
    Checked checked = Manifests.load(Path.of("no/such/file.yaml"), Map.of(), TestTypes.ALL);
    assertThat(checked.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.position().file()).isEqualTo("no/such/file.yaml");
          assertThat(p.message()).isEqualTo("cannot read manifest: no such file");
        });
  }

  @Test
  void unsupportedVersionAndUnknownKindAreReported() {
    assertThat(problems("bad-version-kind.yaml"))
        .containsExactly(
            "bad-version-kind.yaml:1:7 unsupported manifest version the number 2 | write weft: 1",
            "bad-version-kind.yaml:3:7 unknown kind 'batch' | use one of: tasks, stream");
  }
}
