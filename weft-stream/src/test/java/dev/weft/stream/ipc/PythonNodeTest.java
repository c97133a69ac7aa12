package dev.weft.stream.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.core.Pipeline;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.stream.StreamPipelines;
import dev.weft.stream.StreamResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes of type python: the machine's python3 running the repository's host. */
class PythonNodeTest {

  private static final String HEAD = "weft: 1\nname: py\nkind: stream\nnodes:\n";
  private static final long ME = ProcessHandle.current().pid();

  @TempDir Path dir;

  @BeforeAll
  static void python3() throws InterruptedException {
    boolean found;
    try {
      found = new ProcessBuilder("python3", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      found = false;
    }
    assumeTrue(found, "python3 is not on PATH: the python node tests are skipped");
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessIsolationTest.channelFiles(ME)).isEmpty();
  }

  private StreamResult run(String script, String nodes) throws Exception {
    Files.writeString(dir.resolve("node.py"), script);
    Path file = dir.resolve("stream.yaml");
    Files.writeString(file, HEAD + nodes);
    NodeTypes types = NodeTypes.load();
    Pipeline pipeline = Manifests.load(file, Map.of(), types).orThrow();
    return StreamPipelines.graph(pipeline, types).start().await();
  }

  private List<String> lines() throws IOException {
    return Files.readAllLines(dir.resolve("out.jsonl"));
  }

  @Test
  void aPythonFunctionTransformsEveryMessageInOrderInItsOwnProcess() throws Exception {
    StreamResult result =
        run(
            """
            import os
            def process(message):
                return {"n": message["n"], "double": message["n"] * 2, "pid": os.getpid()}
            """,
            """
              - { id: gen, type: generate, with: { count: 300 } }
              - { id: py, type: python, after: [gen], with: { script: node.py } }
              - { id: save, type: write, after: [py], with: { file: out.jsonl } }
            """);
    assertThat(result.status()).as(result.toString()).isEqualTo(StreamResult.Status.SUCCEEDED);
    List<String> lines = lines();
    assertThat(lines).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(lines.get(i))
          .startsWith("{\"n\":" + i + ",\"double\":" + 2 * i + ",")
          .doesNotContain("\"pid\":" + ME);
    }
  }

  @Test
  void aRegisteredClassIsSetUpWithItsConfigAndMayYieldSeveralMessages() throws Exception {
    StreamResult result =
        run(
            """
            import weft

            @weft.node("repeat")
            class Repeat:
                def setup(self, config):
                    weft.progress(0.5, "warming up")
                    self.times = config["config"]["times"]

                def process(self, message):
                    for k in range(self.times):
                        yield {"n": message["n"], "k": k}
            """,
            """
              - { id: gen, type: generate, with: { count: 10 } }
              - { id: py, type: python, after: [gen],
                  with: { script: node.py, node: repeat, config: { times: 3 } } }
              - { id: save, type: write, after: [py], with: { file: out.jsonl } }
            """);
    assertThat(result.status()).as(result.toString()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(lines()).hasSize(30).startsWith("{\"n\":0,\"k\":0}", "{\"n\":0,\"k\":1}");
  }

  @Test
  void aUserCodecCarriesItsTypeBothWaysWithTheJavaCodecOfTheSameKind() throws Exception {
    StreamResult result =
        run(
            """
            import struct
            import weft

            class Point:
                def __init__(self, x, y):
                    self.x, self.y = x, y

            weft.codec(300, Point, encode=lambda p: [struct.pack("<dd", p.x, p.y)],
                       decode=lambda view: Point(*struct.unpack_from("<dd", view)))

            def process(point):
                assert isinstance(point, Point), type(point)
                return Point(point.x * 2, point.y - 0.5)
            """,
            """
              - { id: points, type: test.points, with: { count: 50 } }
              - { id: py, type: python, after: [points], with: { script: node.py } }
              - { id: save, type: write, after: [py], with: { file: out.jsonl } }
            """);
    assertThat(result.status()).as(result.toString()).isEqualTo(StreamResult.Status.SUCCEEDED);
    List<String> lines = lines();
    assertThat(lines).hasSize(50);
    assertThat(lines.get(7)).isEqualTo("{\"x\":14.0,\"y\":-7.5}");
  }

  @Test
  void aKindWithoutAPythonCodecFailsTheRunNamingTheKindAndTheFix() throws Exception {
    StreamResult result =
        run(
            "def process(message):\n    return message\n",
            """
              - { id: points, type: test.points, with: { count: 5 } }
              - { id: py, type: python, after: [points], with: { script: node.py } }
              - { id: save, type: write, after: [py], with: { file: out.jsonl } }
            """);
    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.error())
        .contains("message 0 is of kind 300, for which no codec is registered")
        .contains("hint: weft.codec(kind, type, encode, decode)");
  }

  @Test
  void sixteenMibMessagesCrossToPythonAndBackWhole() throws Exception {
    int size = 16 << 20;
    Files.writeString(
        dir.resolve("crc.py"),
        """
        import zlib
        def process(message):
            return {"size": len(message), "crc": zlib.crc32(message)}
        """);
    StreamResult result =
        run(
            "def process(message):\n    return message\n", // back to Java: Python writes 16 MiB
            """
              - { id: blobs, type: test.blobs, with: { count: 3, size: SIZE } }
              - { id: echo, type: python, after: [blobs], with: { script: node.py } }
              - { id: crc, type: python, after: [echo], with: { script: crc.py } }
              - { id: save, type: write, after: [crc], with: { file: out.jsonl } }
            """
                .replace("SIZE", "" + size));
    assertThat(result.status()).as(result.toString()).isEqualTo(StreamResult.Status.SUCCEEDED);
    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    for (int i = 0; i < 3; i++) {
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(TestTypes.blob(i, size));
      assertThat(lines.get(i)).isEqualTo("{\"size\":" + size + ",\"crc\":" + crc.getValue() + "}");
    }
  }

  @Test
  void aMessageOverTheChannelIsRefusedNamingTheNodeAndTheSize() throws Exception {
    StreamResult result =
        run(
            "def process(message):\n    return None\n",
            """
              - { id: blobs, type: test.blobs, with: { count: 1, size: 41943040 } }
              - { id: py, type: python, after: [blobs], with: { script: node.py } }
            """);
    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("py");
    assertThat(result.error())
        .startsWith("a message of 41,943,040 bytes does not fit channel weft-")
        .contains("-py-in.shm, whose largest message is 33,554,432 bytes");
  }

  @Test
  void aPythonSourceAndAPythonSinkWork() throws Exception {
    Path sunk = dir.resolve("sunk.txt");
    StreamResult result =
        run(
            """
            import os
            seen = []
            def run():
                for i in range(20):
                    yield "line %d" % i
            def process(message):
                seen.append(message)
            def close():
                if seen:
                    with open(os.environ.get("SUNK", "SUNK_FILE"), "w") as f:
                        f.write("\\n".join(seen))
            """
                .replace("SUNK_FILE", sunk.toString()),
            """
              - { id: src, type: python, with: { script: node.py } }
              - { id: sink, type: python, after: [src], with: { script: node.py } }
            """);
    assertThat(result.status()).as(result.toString()).isEqualTo(StreamResult.Status.SUCCEEDED);
    assertThat(Files.readAllLines(sunk)).hasSize(20).startsWith("line 0").endsWith("line 19");
  }

  @Test
  void aPythonExceptionFailsTheRunWithItsTraceback() throws Exception {
    StreamResult result =
        run(
            """
            def process(message):
                return message["n"] / (message["n"] - 5)
            """,
            """
              - { id: gen, type: generate, with: { count: 10 } }
              - { id: py, type: python, after: [gen], with: { script: node.py } }
              - { id: save, type: write, after: [py], with: { file: out.jsonl } }
            """);
    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.failedNode()).isEqualTo("py");
    assertThat(result.error())
        .contains("exited with code 1")
        .contains("ZeroDivisionError: division by zero");
  }

  @Test
  void aScriptWithoutProcessIsRefusedSayingWhatToDefine() throws Exception {
    StreamResult result =
        run(
            "x = 1\n",
            """
              - { id: gen, type: generate, with: { count: 10 } }
              - { id: py, type: python, after: [gen], with: { script: node.py } }
              - { id: save, type: write, after: [py], with: { file: out.jsonl } }
            """);
    assertThat(result.status()).isEqualTo(StreamResult.Status.FAILED);
    assertThat(result.error()).contains("has no process(message) function; define one");
  }
}
