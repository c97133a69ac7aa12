package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import dev.weft.tasks.store.StoreFixture;
import dev.weft.tasks.store.TaskRecord;
import dev.weft.tasks.store.TaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
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

@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class SubPipelinesTest {

  @Parameter StoreFixture.Kind kind;
  private StoreFixture database;

  @BeforeEach
  void createDatabase() {
    database = kind.create(dir);
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @TempDir Path dir;

  private final NodeTypes types = NodeTypes.load();

  private void write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
  }

  private Checked expand(String name) {
    Checked loaded = dev.weft.core.manifest.Manifests.load(dir.resolve(name), Map.of(), types);
    assertThat(loaded.problems()).isEmpty();
    return SubPipelines.expand(loaded.pipeline(), dir, dir.resolve(name).toString(), types);
  }

  @Test
  void nestedSubPipelinesBecomeSubtreesThatRunInOrder() throws Exception {
    write(
        "top.yaml",
        """
        weft: 1
        name: top
        kind: tasks
        nodes:
          - { id: first, type: echo, with: { message: 1 } }
          - { id: mid, type: pipeline, after: [first], with: { file: parts/mid.yaml, params: { n: 7 } } }
          - { id: last, type: echo, after: [mid] }
        """);
    write(
        "parts/mid.yaml",
        """
        weft: 1
        name: mid
        kind: tasks
        params: { n: 0 }
        nodes:
          - { id: a, type: echo, with: { message: "${params.n}" } }
          - { id: inner, type: pipeline, after: [a], with: { file: leaf.yaml } }
        """);
    write(
        "parts/leaf.yaml",
        """
        weft: 1
        name: leaf
        kind: tasks
        nodes:
          - { id: x, type: echo, with: { message: leaf } }
        """);

    Pipeline expanded = expand("top.yaml").orThrow();
    assertThat(expanded.nodesById().keySet())
        .containsExactly("first", "mid/a", "mid/inner/x", "mid/inner", "mid", "last");
    assertThat(expanded.node("mid/a").orElseThrow().afterIds()).containsExactly("first");
    assertThat(expanded.node("mid/inner/x").orElseThrow().afterIds()).containsExactly("mid/a");

    try (TaskStore store = database.open();
        TaskEngine engine = new TaskEngine(store, types, EngineOptions.defaults())) {
      TaskRecord run = engine.run(engine.submit(expanded), RunListener.NONE);
      Map<String, TaskRecord> tasks =
          store.tasks(run.id()).stream()
              .collect(Collectors.toMap(TaskRecord::nodeId, Function.identity()));

      assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(tasks.get("mid/a").parentId()).isEqualTo(tasks.get("mid").id());
      assertThat(tasks.get("mid/inner/x").parentId()).isEqualTo(tasks.get("mid/inner").id());
      assertThat(tasks.get("mid/inner").parentId()).isEqualTo(tasks.get("mid").id());
      assertThat(tasks.get("last").parentId()).isEqualTo(run.id());
      assertThat(tasks.get("mid").resultJson()).isEqualTo("{\"a\":7,\"inner\":{\"x\":\"leaf\"}}");
      assertThat(tasks.get("mid/inner/x").startedAt())
          .isAfterOrEqualTo(tasks.get("first").finishedAt());
    }
  }

  @Test
  void problemsOfASubPipelineAreReportedInItsFileAndSelfInclusionIsRefused() throws Exception {
    write(
        "top.yaml",
        """
        weft: 1
        name: top
        kind: tasks
        nodes:
          - { id: broken, type: pipeline, with: { file: broken.yaml } }
          - { id: again, type: pipeline, with: { file: top.yaml } }
        """);
    write(
        "broken.yaml",
        """
        weft: 1
        name: broken
        kind: tasks
        nodes:
          - { id: a, type: ecko }
        """);

    Checked checked = expand("top.yaml");

    assertThat(checked.problems())
        .hasSize(2)
        .extracting(Problem::toString)
        .anySatisfy(
            p -> assertThat(p).contains("broken.yaml:5:20").contains("unknown node type 'ecko'"))
        .anySatisfy(p ->
            assertThat(p)
                .contains("nodeId=again, message=sub-pipeline")
                .contains("includes itself"));
  }
}
