package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft run} of stream manifests: how a run that cannot go on says why. */
class StreamCommandTest {

  @TempDir Path dir;

  private Path manifest(String nodes) throws Exception {
    Path file = dir.resolve("stream.yaml");
    Files.writeString(file, "weft: 1\nname: files\nkind: stream\nnodes:\n" + nodes);
    return file;
  }

  @Test
  void aMissingInputFileIsNamedAsMissing() throws Exception {
    Path manifest =
        manifest(
            """
              - { id: read-orders, type: read, with: { file: no/orders.csv } }
              - { id: save, type: write, after: [read-orders], with: { file: out.jsonl } }
            """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("node read-orders: no such file: " + dir.resolve("no/orders.csv"));
  }

  @Test
  void anOutputFolderThatIsAFileIsNamed() throws Exception {
    Files.writeString(dir.resolve("out"), "a file where a folder should be");
    Path manifest =
        manifest(
            """
              - { id: gen, type: generate, with: { count: 3 } }
              - { id: save, type: write, after: [gen], with: { file: out/n.jsonl } }
            """);

    Cli.Result r = Cli.run("run", manifest.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("node save: not a folder: " + dir.resolve("out"));
  }
}
