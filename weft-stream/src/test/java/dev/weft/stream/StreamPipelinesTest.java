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

  /** The head of a manifest, before its nodes. */
  private static final String HEAD = "weft: 1\nname: csv\nkind: stream\nnodes:\n";

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

  @Test
  void csvRowsThatDoNotFitTheHeaderGoToTheErrorsOutputWithFileAndLine() throws Exception {
    Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n3,4,5\n6\n\n7,\"8\n8\"\n");

    StreamResult result = run(readInto("file: in.csv", true));

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(Files.readAllLines(dir.resolve("rows.jsonl")))
        .containsExactly("{\"a\":\"1\",\"b\":\"2\"}", "{\"a\":\"7\",\"b\":\"8\\n8\"}");
    List<String> dead = Files.readAllLines(dir.resolve("dead.jsonl"));
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0))
        .contains("\"message\":[\"3\",\"4\",\"5\"]")
        .contains(dir.resolve("in.csv") + ":3: 3 fields, the header has 2 (a,b)");
    assertThat(dead.get(1)).contains("in.csv:4: 1 field, the header has 2 (a,b)");
    assertThat(result.node("read").errors()).isEqualTo(2);
  }

  @Test
  void aCsvRowThatDoesNotFitFailsTheRunWhenThereIsNoErrorsOutput() throws Exception {
    Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n3,4,5\n");

    StreamResult result = run(readInto("file: in.csv", false));

    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("read");
    assertThat(result.error()).endsWith("in.csv:3: 3 fields, the header has 2 (a,b)");
  }

  @Test
  void anUnclosedCsvQuoteIsReportedWithItsLineNotSwallowed() throws Exception {
    assertTheReadingStopsAtLine3(
        "a,b\n1,2\n3,\"x\n4,5\n",
        "",
        "in.csv:3: a quoted value in the row starting on this line is never closed;"
            + " the rest of the file was not read");
  }

  @Test
  void aCsvValueOverMaxLineIsRejectedWithItsLine() throws Exception {
    assertTheReadingStopsAtLine3(
        "a,b\n1,2\n3,\"" + "x".repeat(200) + "\"\n4,5\n",
        ", max-line: 100",
        "in.csv:3: a value is longer than max-line (100 characters); the rest of the file was"
            + " not read; raise max-line under with: to read it");
  }

  /** Reads {@code csv} (after one good row): one reject, with {@code reason}, ends the reading. */
  private void assertTheReadingStopsAtLine3(String csv, String config, String reason)
      throws Exception {
    Files.writeString(dir.resolve("in.csv"), csv);

    StreamResult result = run(readInto("file: in.csv" + config, true));

    assertThat(Files.readAllLines(dir.resolve("rows.jsonl"))).hasSize(1);
    assertThat(Files.readString(dir.resolve("dead.jsonl"))).contains(reason);
    assertThat(result.node("read").errors()).isEqualTo(1);
  }

  /** read with {@code with} -> write rows.jsonl; with {@code dead}, its rejects to dead.jsonl. */
  private static String readInto(String with, boolean dead) {
    return HEAD
        + "  - { id: read, type: read, with: { "
        + with
        + " } }\n"
        + "  - { id: rows, type: write, after: [read], with: { file: rows.jsonl } }\n"
        + (dead
            ? "  - { id: dead, type: write, after: [{ id: read, output: errors }],"
                + " with: { file: dead.jsonl } }\n"
            : "");
  }

  @Test
  void csvMessagesThatDoNotFitTheColumnsGoToTheErrorsOutput() throws Exception {
    Files.writeString(
        dir.resolve("in.jsonl"), "{\"a\":1}\n{\"a\":2,\"b\":3}\n5\n{\"a\":{\"x\":1}}\n{}\n");

    StreamResult result = run(jsonlIntoCsv(""));

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(Files.readAllLines(dir.resolve("out.csv"))).containsExactly("a", "1", "\"\"");
    List<String> dead = Files.readAllLines(dir.resolve("dead.jsonl"));
    assertThat(dead).hasSize(3);
    assertThat(dead.get(0))
        .contains(
            "field 'b' is not a column of the file (a, from the first message);"
                + " declare every column in columns:");
    assertThat(dead.get(1)).contains("a CSV row is an object of fields, not the number 5");
    assertThat(dead.get(2)).contains("field 'a' is an object; a CSV cell holds one value");
  }

  @Test
  void declaredCsvColumnsMakeTheHeaderAndMissingFieldsEmptyCells() throws Exception {
    Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n{\"b\":\"x,y\",\"a\":2}\n{\"c\":3}\n");

    StreamResult result = run(jsonlIntoCsv(", columns: [a, b]"));

    assertThat(Files.readAllLines(dir.resolve("out.csv")))
        .containsExactly("a,b", "1,", "2,\"x,y\"");
    assertThat(Files.readString(dir.resolve("dead.jsonl")))
        .contains("field 'c' is not a column of the file (a,b); add it to columns:");
    assertThat(result.node("out").errors()).isEqualTo(1);
  }

  @Test
  void aCsvMessageThatDoesNotFitFailsTheRunWhenThereIsNoErrorsOutput() throws Exception {
    Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n[1,2]\n");

    StreamResult result =
        run(
            HEAD
                + """
                  - { id: read, type: read, with: { file: in.jsonl } }
                  - { id: out, type: write, after: [read], with: { file: out.csv } }
                """);

    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("out");
    assertThat(result.error()).isEqualTo("a CSV row is an object of fields, not a list");
  }

  /** read in.jsonl -> write out.csv (with {@code config} added), its rejects to dead.jsonl. */
  private static String jsonlIntoCsv(String config) {
    return HEAD
        + """
          - { id: read, type: read, with: { file: in.jsonl } }
          - { id: out, type: write, after: [read], with: { file: out.csv%s } }
          - { id: dead, type: write, after: [{ id: out, output: errors }], with: { file: dead.jsonl } }
        """
            .formatted(config);
  }

  @Test
  void aLineOverMaxLineAndALineThatIsNotJsonAreRejectedWithFileAndLine() throws Exception {
    String longLine = "{\"s\":\"" + "x".repeat(200) + "\"}";
    Files.writeString(
        dir.resolve("in.jsonl"), "{\"a\":1}\n" + longLine + "\n{\"a\":2}\nnot json\n");

    StreamResult result = run(readInto("file: in.jsonl, max-line: 100", true));

    assertThat(result.status()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(Files.readAllLines(dir.resolve("rows.jsonl")))
        .containsExactly("{\"a\":1}", "{\"a\":2}");
    List<String> dead = Files.readAllLines(dir.resolve("dead.jsonl"));
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0))
        .contains(
            dir.resolve("in.jsonl")
                + ":2: the line is 208 characters long, over max-line (100), and was not read;"
                + " raise max-line under with: to read it")
        .contains("\"message\":\"{\\\"s\\\":\\\"xxxx");
    assertThat(dead.get(1)).contains("in.jsonl:4: not JSON: ");
  }

  @Test
  void aLineOverMaxLineFailsTheRunWhenThereIsNoErrorsOutput() throws Exception {
    Files.writeString(dir.resolve("in.jsonl"), "{\"a\":1}\n" + "[" + "1,".repeat(100) + "1]\n");

    StreamResult result = run(readInto("file: in.jsonl, max-line: 100", false));

    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("read");
    assertThat(result.error())
        .contains("in.jsonl:2: the line is 203 characters long, over max-line");
  }

  @Test
  void linesEndAtNewlinesCarriageReturnsOrBoth() throws Exception {
    Files.writeString(dir.resolve("in.txt"), "a\r\nb\rc\n\nd");

    run(
        HEAD
            + """
              - { id: read, type: read, with: { file: in.txt } }
              - { id: rows, type: write, after: [read], with: { file: out.txt } }
            """);

    assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("a", "b", "c", "", "d");
  }
}
