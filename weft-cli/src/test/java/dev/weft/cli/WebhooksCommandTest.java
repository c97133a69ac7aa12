package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's webhook called by a {@code weft server} process (its secret from WEFT_WEBHOOK_SECRET) on
 * a receiver that always fails, and {@code weft webhooks list} showing the failure.
 */
class WebhooksCommandTest {

  @TempDir Path dir;

  @Test
  void aFailedDeliveryIsListedWithItsTries() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          calls.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    receiver.start();
    String db = dir.resolve("weft.db").toString();
    ProcessBuilder builder =
        Cli.process("server", "--port", "0", "--db", db).redirectErrorStream(true);
    builder.environment().put("WEFT_WEBHOOK_SECRET", "a-webhook-secret-of-the-test");
    Process server = builder.start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(out.readLine());
      assertThat(url.find()).isTrue();
      assertThat(Cli.run("webhooks", "list", "--db", db).out())
          .startsWith("No webhook deliveries on");
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      String submit =
          "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"runs.submit\", \"params\": {\"manifest\":"
              + " \"weft: 1\\nname: hi\\nkind: tasks\\nnodes:\\n  - {id: a, type: echo, with:"
              + " {message: hi}}\\n\", \"webhook\": {\"url\": \""
              + hook
              + "\", \"max_retries\": 1}}}";
      HttpResponse<String> submitted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url.group(1) + "/rpc"))
                      .POST(HttpRequest.BodyPublishers.ofString(submit))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.body()).contains("\"result\"");

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              Cli.run("webhooks", "list", "--failed", "--db", db)
                  .out()
                  .matches("(?s).*failed +2/2.*"));
      Cli.Result table = Cli.run("webhooks", "list", "--failed", "--db", db);
      JsonNode json =
          new ObjectMapper()
              .readTree(Cli.run("webhooks", "list", "--json", "--db", db).out())
              .get("deliveries")
              .get(0);

      assertThat(table.exitCode()).isZero();
      assertThat(table.out())
          .startsWith("ID     RUN    EVENT")
          .containsPattern("1 +1 +run.succeeded +failed +2/2 +HTTP 500 +" + Pattern.quote(hook));
      assertThat(json.get("state").asText()).isEqualTo("failed");
      assertThat(json.get("tries").findValuesAsText("status_code")).containsExactly("500", "500");
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      server.destroy();
      server.waitFor(60, TimeUnit.SECONDS);
      receiver.stop(0);
    }
  }
}
