package dev.weft.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.core.CacheSpec;
import dev.weft.core.Defaults;
import dev.weft.core.Dependency;
import dev.weft.core.Kind;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.RoutingSpec;
import dev.weft.core.RunLimits;
import dev.weft.core.Schedule;
import dev.weft.core.TestTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.InvalidPipelineException;
import dev.weft.core.validate.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestsTest {

  private static final String RELEASE =
      """
      weft: 1
      name: release
      kind: tasks
      params:
        env: dev
        count: 1
      defaults:
        retry: { attempts: 3, backoff: exponential, initial: 100ms, max: 5s }
        timeout: 2m
      schedule: { cron: "0 3 * * 1-5", zone: Europe/Paris }
      limits: { running: 4, per-type: { echo: 2 } }
      nodes:
        - id: build
          type: needs-count
          with: { count: "${params.count}", pause: 5s }
          priority: 5
          user: ada
          tags: [release]
          require: [gpu, linux]
        - id: lint
          type: noop
        - id: publish
          type: echo
          after: [build, { id: lint, required: false }]
          with: { message: "to ${params.env}" }
          when: ${params.env} == "prod"
          exclusive: deploy-prod
          prefer: { labels: [warm], wait: 5s }
          limit: { key: gpu }
          cache: { key: auto, ttl: 1d }
          continue-on-failure: true
          retry: { attempts: 5, backoff: fixed, initial: 1s, on: [IOException] }
          timeout: 30s
        - id: cleanup
          type: noop
          after: [publish]
          always: true
      """;

  private static Pipeline load(String yaml, Map<String, String> params) {
    return Manifests.parse(yaml, "release.yaml", params, TestTypes.ALL).orThrow();
  }

  @Test
  void aManifestAndTheJavaBuilderGiveTheSameModel() {
    Pipeline built =
        Pipeline.builder("release")
            .kind(Kind.TASKS)
            .param("env", "prod")
            .param("count", "3")
            .defaults(
                new Defaults(
                    RetrySpec.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(5)),
                    Duration.ofMinutes(2)))
            .schedule(new Schedule("0 3 * * 1-5", "Europe/Paris"))
            .limits(new RunLimits(4, Map.of("echo", 2)))
            .node(
                "build",
                "needs-count",
                n ->
                    n.with(Map.of("count", 3L, "pause", "5s"))
                        .tasks(t -> t.priority(5))
                        .tasks(t -> t.user("ada"))
                        .tags("release")
                        .tasks(t ->
                            t.routing(new RoutingSpec(List.of("linux", "gpu"), List.of(), null))))
            .node("lint", "noop")
            .node(
                "publish",
                "echo",
                n ->
                    n.after("build")
                        .after(Dependency.optional("lint"))
                        .with("message", "to prod")
                        .tasks(t -> t.when("${params.env} == \"prod\""))
                        .tasks(t -> t.exclusive("deploy-prod"))
                        .tasks(t ->
                            t.routing(
                                new RoutingSpec(List.of(), List.of("warm"), Duration.ofSeconds(5))))
                        .tasks(t -> t.limit("gpu"))
                        .tasks(t -> t.cache(new CacheSpec("auto", Duration.ofDays(1))))
                        .tasks(t -> t.continueOnFailure(true))
                        .retry(
                            new RetrySpec(
                                5,
                                RetrySpec.BackoffKind.FIXED,
                                Duration.ofSeconds(1),
                                null,
                                2.0,
                                0,
                                null,
                                List.of("IOException")))
                        .tasks(t -> t.timeout(Duration.ofSeconds(30))))
            .node("cleanup", "noop", n -> n.after("publish").tasks(t -> t.always(true)))
            .build();

    Pipeline loaded = load(RELEASE, Map.of("env", "prod", "count", "3"));

    assertThat(loaded).isEqualTo(built);
    assertThat(new Validator(TestTypes.ALL).validate(built).valid()).isTrue();
  }

  @Test
  void aWholeStringReferenceTakesTheTypeOfItsValue() {
    Pipeline loaded = load(RELEASE, Map.of("count", "42"));

    assertThat(loaded.node("build").orElseThrow().with().get("count")).isEqualTo(42L);
    assertThat(loaded.node("publish").orElseThrow().with().get("message")).isEqualTo("to dev");
  }

  @Test
  void conditionsAreKeptAsWrittenForTheRuntime() {
    assertThat(load(RELEASE, Map.of()).node("publish").orElseThrow().tasks().when())
        .isEqualTo("${params.env} == \"prod\"");
  }

  @Test
  void jsonManifestsReadTheSameAsYaml() {
    String json =
        """
        {"weft": 1, "name": "j", "kind": "tasks",
         "nodes": [{"id": "a", "type": "noop"}, {"id": "b", "type": "echo", "after": ["a"], "with": {"message": "hi"}}]}
        """;
    String yaml =
        """
        weft: 1
        name: j
        kind: tasks
        nodes:
          - {id: a, type: noop}
          - {id: b, type: echo, after: [a], with: {message: hi}}
        """;

    Checked fromJson = Manifests.parse(json, "j.json", Map.of(), TestTypes.ALL);
    Checked fromYaml = Manifests.parse(yaml, "j.yaml", Map.of(), TestTypes.ALL);

    assertThat(fromJson.problems()).isEmpty();
    assertThat(fromJson.pipeline()).isEqualTo(fromYaml.pipeline());
  }

  @Test
  void dollarDollarWritesALiteralReference() {
    String yaml =
        """
        weft: 1
        name: literal
        kind: tasks
        nodes:
          - {id: a, type: echo, with: {message: "costs $${price}"}}
        """;
    assertThat(load(yaml, Map.of()).node("a").orElseThrow().with())
        .containsEntry("message", "costs ${price}");
  }

  @Test
  void referencesToUpstreamResultsAreLeftForTheRuntime() {
    String yaml =
        """
        weft: 1
        name: refs
        kind: tasks
        nodes:
          - {id: a, type: echo}
          - {id: b, type: echo, after: [a], with: {message: "got ${nodes.a.result}"}}
        """;
    assertThat(load(yaml, Map.of()).node("b").orElseThrow().with())
        .containsEntry("message", "got ${nodes.a.result}");
  }

  @Test
  void orThrowListsEveryProblem() {
    String yaml =
        """
        weft: 1
        name: bad
        kind: tasks
        nodes:
          - {id: a, type: nope}
          - {id: b, type: noop, after: [zz]}
        """;
    assertThatThrownBy(() -> load(yaml, Map.of()))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("2 problem(s):")
        .hasMessageContaining("release.yaml:5:19: node 'a': unknown node type 'nope'")
        .hasMessageContaining("release.yaml:6:33: node 'b': unknown node 'zz' in after");
  }

  @Test
  void builderPipelinesAreValidatedWithoutPositions() {
    Pipeline p = Pipeline.builder("b").node("a", "noop", n -> n.after("a")).build();

    Checked checked = new Validator(TestTypes.ALL).validate(p);

    assertThat(checked.problems())
        .singleElement()
        .satisfies(problem ->
            assertThat(problem.format()).startsWith("<pipeline>: node 'a': cycle: a -> a"));
  }
}
