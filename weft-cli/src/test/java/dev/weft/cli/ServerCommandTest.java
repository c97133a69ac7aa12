package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft server} as a process: it serves, works what is submitted (the README's example), and
 * stops cleanly on SIGTERM; it refuses another address without auth.
 */
class ServerCommandTest {

  @TempDir Path dir;

  @Test
  void theReadmeExampleRunsAndSigtermStopsTheServerCleanly() throws Exception {
    String readme = Files.readString(Cli.ROOT.resolve("README.md"));
    Matcher example =
        Pattern.compile("curl -s localhost:8080/rpc -d '(.*?)'\\n", Pattern.DOTALL).matcher(readme);
    assertThat(example.find()).as("README shows a curl call of weft server").isTrue();
    // The shell passes the single-quoted body as it is.
    String body = example.group(1);

    Process server =
        Cli.process("server", "--port", "0", "--db", dir.resolve("weft.db").toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).startsWith("Weft server on http://127.0.0.1:").contains("working tasks");
      Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(first);
      assertThat(url.find()).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> submitted =
          http.send(
              HttpRequest.newBuilder(URI.create(url.group(1) + "/rpc"))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).isEqualTo(200);
      assertThat(submitted.body()).contains("\"pipeline\":\"hi\"");
      String get = "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"runs.get\", \"params\": [1]}";
      String status =
          org.awaitility.Awaitility.await()
              .atMost(java.time.Duration.ofSeconds(30))
              .until(
                  () ->
                      http.send(
                              HttpRequest.newBuilder(URI.create(url.group(1) + "/rpc"))
                                  .POST(HttpRequest.BodyPublishers.ofString(get))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body(),
                  reply -> reply.contains("\"status\":\"succeeded\""));
      assertThat(status).contains("\"status\":\"succeeded\"", "\"result\":\"hi\"");

      server.toHandle().destroy(); // SIGTERM
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String rest = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(rest).contains("Stopping", "Stopped");
      assertThat(server.exitValue()).isIn(0, 143);
    } finally {
      server.destroyForcibly();
    }
    Cli.Result workers = Cli.run("workers", "list", "--db", dir.resolve("weft.db").toString());
    assertThat(workers.out()).as("the server's worker left the store").startsWith("No workers");
  }

  @Test
  void anotherAddressWithoutAuthIsRefused() {
    Cli.Result r =
        Cli.run(
            "server", "--bind", "0.0.0.0", "--port", "0", "--db", dir.resolve("w.db").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("refusing to listen on 0.0.0.0 without auth");
  }

  @Test
  void theConformanceProfileTakesOnlyAnA2aVersion() {
    Cli.Result r =
        Cli.run(
            "server",
            "--a2a-tck-profile=2.0",
            "--port",
            "0",
            "--db",
            dir.resolve("w.db").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--a2a-tck-profile: 1.0 or 0.3, not 2.0");
  }
}
