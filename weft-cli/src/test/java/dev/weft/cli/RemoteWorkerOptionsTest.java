package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft worker --server}: what it says when its options or its server are wrong. */
class RemoteWorkerOptionsTest {

  @TempDir Path dir;

  @Test
  void serverAndDbExcludeEachOther() {
    Cli.Result r =
        Cli.run(
            "worker", "--server", "http://127.0.0.1:8080", "--db", dir.resolve("w.db").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("--server and --db exclude each other")
        .doesNotContain("Exception");
  }

  @Test
  void aTokenNeedsAServer() {
    Cli.Result r = Cli.run("worker", "--token", "t", "--db", dir.resolve("w.db").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--token goes with --server");
  }

  @Test
  void aServerThatIsNotAnHttpUrlIsRefused() {
    Cli.Result r = Cli.run("worker", "--server", "ftp://weft-host");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--server: 'ftp://weft-host' is not an http(s) URL");
  }

  @Test
  void aServerOutOfReachAtStartIsOneClearLine() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    Cli.Result r = Cli.run("worker", "--server", "http://127.0.0.1:" + port);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "weft: cannot reach the Weft server at http://127.0.0.1:"
                + port
                + ": connection refused (is 'weft server' running there?)\n");
  }
}
