package dev.weft.stream.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Problem;
import dev.weft.stream.StreamPipelines;
import dev.weft.stream.StreamResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runtime: auto|java|python}: types registered with {@code @weft.node} in a folder of Python
 * modules, beside the Java types of the class path ({@code test.whoami} exists in both).
 */
class PythonRuntimeTest {

  private static final String HEAD = "weft: 1\nname: rt\nkind: stream\nnodes:\n";
  private static final long ME = ProcessHandle.current().pid();

  @TempDir Path dir;

  @BeforeEach
  void pythonTypes() throws Exception {
    PythonNodeTest.python3();
    Path types = Files.createDirectories(dir.resolve("types"));
    Files.writeString(
        types.resolve("nodes.py"),
        """
        import os
        import weft

        @weft.node("test.whoami")
        class WhoAmI:
            \"\"\"adds the pid, in Python\"\"\"
            def setup(self, config):
                self.tag = config.get("tag", "python")
            def process(self, message):
                return {"n": message["n"], "pid": os.getpid(), "runtime": self.tag}

        @weft.node("py.square")
        def square(message):
            \"\"\"squares n\"\"\"
            return {"n": message["n"] ** 2}
        """);
    System.setProperty("weft.python.types", types.toString());
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    System.clearProperty("weft.python.types");
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessIsolationTest.channelFiles(ME)).isEmpty();
  }

  private Checked check(String nodes) throws IOException {
    Path file = dir.resolve("stream.yaml");
    Files.writeString(file, HEAD + nodes);
    return Manifests.load(file, Map.of(), NodeTypes.load());
  }

  private List<String> run(String node) throws Exception {
    Checked checked =
        check(
            """
              - { id: gen, type: generate, with: { count: 5 } }
            NODE
              - { id: save, type: write, after: [it], with: { file: out.jsonl } }
            """
                .replace("NODE", node));
    StreamResult result =
        StreamPipelines.graph(checked.orThrow(), NodeTypes.load()).start().await();
    assertThat(result.status()).as(result.toString()).isEqualTo(StreamResult.Status.SUCCEEDED);
    return Files.readAllLines(dir.resolve("out.jsonl"));
  }

  @Test
  void withoutRuntimeATypeJavaHasRunsInJavaAsBefore() throws Exception {
    List<String> lines = run("  - { id: it, type: test.whoami, after: [gen] }");

    assertThat(lines).hasSize(5).allMatch(l -> l.contains("\"pid\":" + ME + "}"));
  }

  @Test
  void runtimePythonRunsThePythonTypeOfTheSameNameWithItsWithAsConfig() throws Exception {
    List<String> lines =
        run("  - { id: it, type: test.whoami, after: [gen], runtime: python, with: {tag: py} }");

    assertThat(lines).hasSize(5);
    assertThat(lines.getFirst()).startsWith("{\"n\":0,").endsWith("\"runtime\":\"py\"}");
    assertThat(lines).noneMatch(l -> l.contains("\"pid\":" + ME + ","));
  }

  @Test
  void autoFallsBackToPythonWhenOnlyPythonHasTheType() throws Exception {
    List<String> lines = run("  - { id: it, type: py.square, after: [gen], runtime: auto }");

    assertThat(lines)
        .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":4}", "{\"n\":9}", "{\"n\":16}");
  }

  @Test
  void aRuntimeWithoutTheTypeIsAProblemWithAHint() throws Exception {
    Checked checked =
        check(
            """
              - { id: gen, type: generate, with: { count: 5 } }
              - { id: sq, type: py.square, after: [gen], runtime: java }
              - { id: even, type: filter, after: [sq], runtime: python, with: { expr: "true" } }
              - { id: odd, type: filter, after: [sq], runtime: rust, with: { expr: "true" } }
            """);

    assertThat(checked.problems())
        .extracting(Problem::nodeId, Problem::message, Problem::hint)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "sq",
                "node type 'py.square' has no java implementation",
                "it has: python; write runtime: python"),
            org.assertj.core.groups.Tuple.tuple(
                "even",
                "node type 'filter' has no python implementation",
                "it has: java; write runtime: java"),
            org.assertj.core.groups.Tuple.tuple(
                "odd",
                "unknown runtime 'rust'",
                "write runtime: auto (Java first), or one of java, python"));
    assertThat(checked.problems().getFirst().position().line()).isEqualTo(6);
  }

  @Test
  void theRuntimesOfEachTypeAreKnown() {
    NodeTypes types = NodeTypes.load();

    assertThat(types.runtimes("test.whoami")).containsExactly("java", "python");
    assertThat(types.runtimes("py.square")).containsExactly("python");
    assertThat(types.runtimes("filter")).containsExactly("java");
    assertThat(types.find("py.square").orElseThrow().description()).isEqualTo("squares n");
  }

  @Test
  void aPythonThatCannotListItsTypesIsNamedInTheHint() throws Exception {
    System.setProperty("weft.python.types", dir.resolve("missing").toString());

    Checked checked =
        check(
            """
              - { id: gen, type: generate, with: { count: 5 } }
              - { id: sq, type: test.whoami, after: [gen], runtime: python }
              - { id: save, type: write, after: [sq], with: { file: out.jsonl } }
            """);

    assertThat(checked.problems()).hasSize(1);
    assertThat(checked.problems().getFirst().hint())
        .startsWith("it has: java; write runtime: java (python types: ")
        .endsWith(
            "failed: ValueError: no folder " + dir.resolve("missing") + " of Python node types)");
  }
}
