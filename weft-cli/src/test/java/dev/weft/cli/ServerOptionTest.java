package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.client.WeftClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run and task commands with {@code --server URL --token T}: against a real {@code weft server}
 * process, they show what {@code --db} shows of the same store, change runs through the server, see
 * only what the token may, and say clearly what went wrong.
 */
class ServerOptionTest {

  static final String ADA = "ada-token-0123456789";
  static final String BOB = "bob-token-0123456789";

  static final String FLAKY =
      """
      weft: 1
      name: flaky
      kind: tasks
      nodes:
        - id: a
          type: echo
          with: {message: hi}
        - id: b
          type: fail
          after: [a]
          retry: {attempts: 1}
          with: {attempts: 1, message: not yet}
      """;

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Process server;
  private String url;
  private String db;

  @BeforeEach
  void start() throws Exception {
    db = dir.resolve("weft.db").toString();
    ProcessBuilder builder =
        Cli.process("server", "--port", "0", "--db", db).redirectErrorStream(true);
    builder.environment().put("WEFT_TOKENS", "ada:read+submit:" + ADA + ",bob:read+submit:" + BOB);
    builder.environment().remove("WEFT_SERVER");
    server = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(String.valueOf(first));
    assertThat(m.find()).as("the server's first line: %s", first).isTrue();
    url = m.group(1);
  }

  @AfterEach
  void stop() throws Exception {
    server.toHandle().destroy();
    if (!server.waitFor(60, TimeUnit.SECONDS)) {
      server.destroyForcibly();
    }
  }

  private Cli.Result weft(String token, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = url;
    all[args.length + 2] = "--token";
    all[args.length + 3] = token;
    return Cli.run(all);
  }

  private long submit(String manifest) throws Exception {
    ObjectNode params = WeftClient.params().put("manifest", manifest);
    return client().call("runs.submit", params).path("id").asLong();
  }

  private WeftClient client() {
    return WeftClient.of(url, ADA, Duration.ofSeconds(30));
  }

  private String status(long run) throws Exception {
    return client()
        .call("runs.get", WeftClient.params().put("run_id", run))
        .path("status")
        .asText();
  }

  @Test
  void showsWhatTheStoreShowsAndRetriesThroughTheServer() throws Exception {
    long run = submit(FLAKY);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status(run).equals("failed"));

    Cli.Result list = weft(ADA, "runs", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("flaky", "failed");

    // what the server shows of the run is what the store itself shows
    for (String[] command :
        new String[][] {
          {"runs", "show", String.valueOf(run), "--json"},
          {"tasks", "tree", String.valueOf(run), "--json"},
          {"tasks", "list", "--run", String.valueOf(run), "--json"},
          {"runs", "list", "--json"}
        }) {
      JsonNode viaServer = JSON.readTree(weft(ADA, command).out());
      String[] local = java.util.Arrays.copyOf(command, command.length + 2);
      local[command.length] = "--db";
      local[command.length + 1] = db;
      JsonNode viaStore = JSON.readTree(Cli.run(local).out());
      assertThat(viaServer).as(String.join(" ", command)).isEqualTo(viaStore);
    }

    long b =
        JSON.readTree(weft(ADA, "runs", "show", String.valueOf(run), "--json").out())
            .path("tasks")
            .path(1)
            .path("id")
            .asLong();
    Cli.Result shown = weft(ADA, "tasks", "show", String.valueOf(b));
    assertThat(shown.out()).contains("attempt 1  failed", "not yet (attempt 1)");

    Cli.Result retry = weft(ADA, "runs", "retry", String.valueOf(run), "--failed");
    assertThat(retry.exitCode()).isZero();
    assertThat(retry.out())
        .contains("1 tasks will run again", "The server's workers run it: 'weft runs show " + run);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status(run).equals("succeeded"));
    assertThat(weft(ADA, "tasks", "show", String.valueOf(b)).out())
        .contains("attempt 2  succeeded");
  }

  @Test
  void cancelsAndCopiesThroughTheServer() throws Exception {
    long run =
        submit(
            """
            weft: 1
            name: slow
            kind: tasks
            nodes:
              - id: wait
                type: sleep
                with: {duration: 60s}
              - id: after
                type: echo
                after: [wait]
                with: {message: late}
            """);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> weft(ADA, "runs", "show", String.valueOf(run)).out().contains("running"));

    Cli.Result cancel = weft(ADA, "runs", "cancel", String.valueOf(run));
    assertThat(cancel.exitCode()).isZero();
    assertThat(cancel.out())
        .containsPattern(
            "Cancelled run " + run + " of slow: \\d waiting tasks cancelled, \\d running tasks");
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status(run).equals("cancelled"));

    Cli.Result copy = weft(ADA, "tasks", "copy", String.valueOf(run), "--mode", "full");
    assertThat(copy.exitCode()).as(copy.err()).isZero();
    assertThat(copy.out()).containsPattern("Copied 2 tasks of run " + run + " into run \\d+");
  }

  @Test
  void runSendsAManifestToTheServerAndFollowsItThere() throws Exception {
    Path hello = Cli.ROOT.resolve("examples/hello.yaml");
    Cli.Result ran = weft(ADA, "run", hello.toString(), "--set", "name=Ada");
    assertThat(ran.exitCode()).as(ran.err()).isZero();
    assertThat(ran.out())
        .contains("Started run 1 of hello (4 tasks) on the server at " + url)
        .contains("[4/4]", "Hello, Ada!")
        .containsPattern("Run 1 of hello succeeded: 4 succeeded in \\d+ ms");
    assertThat(
            JSON.readTree(weft(ADA, "runs", "show", "1", "--json").out()).path("status").asText())
        .as("the server stored and ran it, as ada's")
        .isEqualTo("succeeded");
    assertThat(weft(BOB, "runs", "list").out()).startsWith("No runs");

    Path flaky = dir.resolve("flaky.yaml");
    java.nio.file.Files.writeString(flaky, FLAKY);
    Cli.Result failed = weft(ADA, "run", flaky.toString(), "--json");
    assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(JSON.readTree(failed.out()).path("status").asText()).isEqualTo("failed");

    Cli.Result detached = weft(ADA, "run", hello.toString(), "--detach");
    assertThat(detached.exitCode()).isZero();
    assertThat(detached.out()).containsPattern("^Stored run \\d+ of hello on the server at " + url);

    Cli.Result resume = weft(ADA, "run", "--resume", "1");
    assertThat(resume.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(resume.err()).contains("--resume, --only, --skip and --no-cache work on a store");
    Cli.Result stream = weft(ADA, "run", Cli.ROOT.resolve("examples/log-errors.yaml").toString());
    assertThat(stream.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(stream.err())
        .contains("a stream pipeline runs in this process, not through --server");
  }

  @Test
  void aTokenSeesOnlyItsOwnRuns() throws Exception {
    long run = submit(FLAKY);

    Cli.Result list = weft(BOB, "runs", "list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).startsWith("No runs in the server at " + url);

    Cli.Result show = weft(BOB, "runs", "show", String.valueOf(run));
    assertThat(show.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(show.err()).contains("there is no run " + run + " in the server at " + url);
  }

  @Test
  void badTokensBadUrlsAndNoServerAreSaidInOneLine() throws Exception {
    Cli.Result wrong = weft("wrong-token-0123456789", "runs", "list");
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(wrong.err()).startsWith("weft: Unauthorized").doesNotContain("Exception", "\tat ");

    Cli.Result both = Cli.run("runs", "list", "--db", db, "--server", url);
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("--db and --server name two places");

    Cli.Result notUrl = Cli.run("runs", "list", "--server", "localhost:8080");
    assertThat(notUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(notUrl.err()).contains("--server: 'localhost:8080' is not an http(s) URL");

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Cli.Result nobody = Cli.run("runs", "list", "--server", "http://127.0.0.1:" + port);
    assertThat(nobody.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
    assertThat(nobody.err())
        .isEqualTo(
            "weft: cannot reach the Weft server at http://127.0.0.1:"
                + port
                + ": connection refused (is 'weft server' running there?)\n");
  }
}
