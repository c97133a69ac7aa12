package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Pipeline;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream manifests through the built-in node types, on real files. */
class StreamPipelinesTest {

  @TempDir Path dir;

  private StreamResult run(String manifest) throws Exception {
    Path file = dir.resolve("stream.yaml");
    Files.writeString(file, manifest);
    NodeTypes types = NodeTypes.load();
    Pipeline pipeline = Manifests.load(file, Map.of(), types).orThrow();
    return StreamPipelines.graph(pipeline, types).start().await();
  }

  @Test
  void aJoinWithoutAKeyPairsTheNthMessageOfEachInput() throws Exception {
    StreamResult result =
        run(
            """
            weft: 1
            name: zip
            kind: stream
            nodes:
              - { id: a, type: generate, with: { count: 5 } }
              - { id: b, type: generate, with: { count: 5 } }
              - { id: sq, type: map, after: [b], with: { set: { sq: "n * n" } } }
              - { id: pair, type: join, after: [a, sq] }
              - { id: save, type: write, after: [pair], with: { file: pairs.jsonl } }
            """);

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(Files.readAllLines(dir.resolve("pairs.jsonl")))
        .hasSize(5)
        .contains("{\"a\":{\"n\":3},\"sq\":{\"n\":3,\"sq\":9}}");
  }

  @Test
  void aJoinWithAKeyPairsMessagesWithEqualKeys() throws Exception {
    Files.writeString(dir.resolve("users.csv"), "user,name\n1,Ada\n2,Grace\n3,Linus\n");
    Files.writeString(dir.resolve("orders.csv"), "user,total\n3,30\n1,10\n");

    StreamResult result =
        run(
            """
            weft: 1
            name: join
            kind: stream
            nodes:
              - { id: users, type: read, with: { file: users.csv } }
              - { id: orders, type: read, with: { file: orders.csv } }
              - { id: match, type: join, after: [users, orders], with: { key: user } }
              - { id: save, type: write, after: [match], with: { file: matched.jsonl } }
            """);

    assertThat(result.node("match").out()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve("matched.jsonl")))
        .containsExactlyInAnyOrder(
            "{\"key\":\"1\",\"users\":{\"user\":\"1\",\"name\":\"Ada\"},\"orders\":{\"user\":\"1\",\"total\":\"10\"}}",
            "{\"key\":\"3\",\"users\":{\"user\":\"3\",\"name\":\"Linus\"},\"orders\":{\"user\":\"3\",\"total\":\"30\"}}");
  }

  @Test
  void aBreakerFromTheManifestStopsTryingAndSendsMessagesToTheErrorsReader() throws Exception {
    StreamResult result =
        run(
            """
            weft: 1
            name: breaker
            kind: stream
            nodes:
              - { id: gen, type: generate, with: { count: 20 } }
              - id: divide
                type: map
                after: [gen]
                with: { expr: "n / 0" }
                breaker: { failures: 3, open: 1h }
              - { id: dead, type: write, after: [{ id: divide, output: errors }], with: { file: dead.jsonl } }
            """);

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    List<String> dead = Files.readAllLines(dir.resolve("dead.jsonl"));
    assertThat(dead).hasSize(20);
    assertThat(dead.get(2)).contains("division by zero");
    assertThat(dead.get(3)).contains("the circuit breaker of divide is open");
  }
}
