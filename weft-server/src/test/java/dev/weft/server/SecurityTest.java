package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.tasks.store.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Auth and limits, through a real HTTP client: tokens and their scopes, JWTs, other users' tasks,
 * oversized, deep and malformed bodies, and hostile strings in fields, on each database.
 */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class SecurityTest {

  static final String SECRET = "a-test-secret-of-at-least-32-characters!";
  static final String ADA = "ada-token-0123456789";
  static final String BOB = "bob-token-0123456789";
  static final String READER = "reader-token-0123456789";
  static final String ROOT = "admin-token-0123456789";

  @Parameter StoreFixture.Kind kind;

  @TempDir Path dir;

  private Served served;

  @BeforeEach
  void start() {
    ServerConfig config =
        ServerConfig.defaults()
            .withWork(false)
            .withAuth(
                List.of(
                    new ServerConfig.Token(ADA, "ada", Set.of("submit")),
                    new ServerConfig.Token(BOB, "bob", Set.of("submit")),
                    new ServerConfig.Token(READER, "ada", Set.of("read")),
                    new ServerConfig.Token(ROOT, "root", Set.of("admin"))),
                SECRET)
            .withLimits(64 * 1024, 10, Duration.ofSeconds(30));
    served = new Served(kind, dir, config);
  }

  @AfterEach
  void stop() {
    served.close();
  }

  static String jwt(String secret, String claims) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String head =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String body = b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig =
        b64.encodeToString(mac.doFinal((head + "." + body).getBytes(StandardCharsets.US_ASCII)));
    return head + "." + body + "." + sig;
  }

  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"method\":\"tasks.list\",\"id\":1}";

  private void unauthorized(Served.Reply reply) {
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body().at("/error/code").asInt()).isEqualTo(-32001);
    assertThat(reply.body().get("id").isNull()).isTrue();
  }

  @Test
  void noTokenWrongTokenAndBadJwtsGet401AndMinus32001() throws Exception {
    unauthorized(served.post(LIST, null));
    unauthorized(served.post(LIST, "not-a-token-at-all"));
    unauthorized(served.post(LIST, ADA + "x"));
    long past = Instant.now().minusSeconds(60).getEpochSecond();
    unauthorized(served.post(LIST, jwt(SECRET, "{\"sub\":\"ada\",\"exp\":" + past + "}")));
    unauthorized(
        served.post(LIST, jwt("another-secret-of-at-least-32-characters", "{\"sub\":\"ada\"}")));
    unauthorized(served.post(LIST, jwt(SECRET, "{\"exp\":9999999999}")));
    String none =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"sub\":\"root\",\"roles\":[\"admin\"]}".getBytes(StandardCharsets.UTF_8))
            + ".";
    unauthorized(served.post(LIST, none));
    assertThat(served.get("/metrics", null).status()).isEqualTo(401);
    assertThat(served.get("/health", null).status()).isEqualTo(200);
    assertThat(served.get("/openrpc.json", null).status()).isEqualTo(200);
  }

  @Test
  void aValidJwtNamesTheUser() throws Exception {
    String token =
        jwt(
            SECRET,
            "{\"sub\":\"ada\",\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}");
    JsonNode tree = served.result("tasks.create", "{\"name\": \"noop\"}", token);
    assertThat(tree.get("user_id").asText()).isEqualTo("ada");
    assertThat(
            served
                .result("tasks.get", "{\"task_id\": \"" + tree.get("id").asText() + "\"}", ADA)
                .isNull())
        .isFalse();
    assertThat(served.get("/metrics", token).status()).isEqualTo(200);
  }

  @Test
  void aUserSeesOnlyTheirOwnTasksUnlessAdmin() {
    JsonNode tree = served.result("tasks.create", "{\"name\": \"noop\"}", ADA);
    String run = tree.get("id").asText();
    String task = tree.get("children").get(0).get("id").asText();

    assertThat(served.result("tasks.get", "{\"task_id\": \"" + task + "\"}", BOB).isNull())
        .isTrue();
    assertThat(
            served
                .call("tasks.tree", "{\"task_id\": \"" + task + "\"}", BOB)
                .at("/error/code")
                .asInt())
        .isEqualTo(-32004);
    assertThat(
            served
                .call("tasks.execute", "{\"task_id\": \"" + run + "\"}", BOB)
                .at("/error/code")
                .asInt())
        .isEqualTo(-32004);
    assertThat(
            served
                .call("tasks.delete", "{\"task_id\": \"" + task + "\"}", BOB)
                .at("/error/code")
                .asInt())
        .isEqualTo(-32004);
    assertThat(
            served
                .call("tasks.update", "{\"task_id\": \"" + task + "\", \"priority\": 0}", BOB)
                .at("/error/code")
                .asInt())
        .isEqualTo(-32004);
    assertThat(served.call("runs.get", "{\"run_id\": " + run + "}", BOB).at("/error/code").asInt())
        .isEqualTo(-32004);
    assertThat(
            served
                .result("tasks.cancel", "{\"task_ids\": [\"" + task + "\"]}", BOB)
                .get(0)
                .get("status")
                .asText())
        .isEqualTo("not_found");
    assertThat(served.result("tasks.list", "{}", BOB)).isEmpty();
    assertThat(served.result("tasks.list", "{}", ADA)).hasSize(1);
    assertThat(served.result("runs.list", "{}", BOB).get("total").asInt()).isZero();
    assertThat(served.call("tasks.list", "{\"user_id\": \"ada\"}", BOB).at("/error/code").asInt())
        .isEqualTo(-32003);
    assertThat(
            served
                .call("tasks.create", "{\"name\": \"noop\", \"user_id\": \"ada\"}", BOB)
                .at("/error/code")
                .asInt())
        .isEqualTo(-32003);

    assertThat(
            served
                .result("tasks.get", "{\"task_id\": \"" + task + "\"}", ROOT)
                .get("user_id")
                .asText())
        .isEqualTo("ada");
    assertThat(served.result("tasks.list", "{\"user_id\": \"ada\"}", ROOT)).hasSize(1);
  }

  @Test
  void runsBelongToWhoSubmitsThem() {
    String manifest = Jsons.text(Jsons.tree(TaskApiTest.HELLO));
    JsonNode mine =
        served.result("runs.submit", "{\"manifest\": " + manifest + ", \"at\": \"1h\"}", ADA);
    assertThat(mine.get("user").asText()).isEqualTo("ada");
    assertThat(
            served
                .call("runs.submit", "{\"manifest\": " + manifest + ", \"user\": \"bob\"}", ADA)
                .at("/error/code")
                .asInt())
        .isEqualTo(-32003);
    JsonNode forBob =
        served.result(
            "runs.submit",
            "{\"manifest\": " + manifest + ", \"user\": \"bob\", \"at\": \"1h\"}",
            ROOT);
    assertThat(forBob.get("user").asText()).isEqualTo("bob");

    assertThat(served.result("runs.list", "{}", ADA).get("total").asInt()).isEqualTo(1);
    assertThat(served.result("runs.list", "{}", ROOT).get("total").asInt()).isEqualTo(2);
    assertThat(
            served
                .call("runs.cancel", "{\"run_id\": " + forBob.get("id").asLong() + "}", ADA)
                .at("/error/code")
                .asInt())
        .isEqualTo(-32004);
    assertThat(
            served
                .result("runs.cancel", "{\"run_id\": " + mine.get("id").asLong() + "}", ADA)
                .get("status")
                .asText())
        .isEqualTo("cancelled");
  }

  @Test
  void scopesLimitWhatATokenDoes() {
    assertThat(served.result("tasks.list", "{}", READER)).isEmpty();
    JsonNode refused = served.call("tasks.create", "{\"name\": \"noop\"}", READER);
    assertThat(refused.at("/error/code").asInt()).isEqualTo(-32003);
    assertThat(refused.at("/error/data/needs").asText()).isEqualTo("submit");
    assertThat(served.call("cache.clear", "{}", ADA).at("/error/code").asInt()).isEqualTo(-32003);
    assertThat(
            served.call("workers.drain", "{\"worker_id\": \"x\"}", ADA).at("/error/code").asInt())
        .isEqualTo(-32003);
    assertThat(served.result("cache.clear", "{}", ROOT).get("cleared").asInt()).isZero();
  }

  @Test
  void oversizedBodiesAndBatchesAreRefused() {
    String big =
        "{\"jsonrpc\":\"2.0\",\"method\":\"tasks.list\",\"params\":{\"user_id\":\""
            + "x".repeat(70_000)
            + "\"},\"id\":1}";
    // on the same kept-alive connections, each refusal heard by its sender
    for (int i = 0; i < 10; i++) {
      Served.Reply reply = served.post(big + " ".repeat(i * 5000), ADA);
      assertThat(reply.status()).isEqualTo(413);
      assertThat(reply.body().at("/error/code").asInt()).isEqualTo(-32600);
    }

    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 11; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"jsonrpc\":\"2.0\",\"method\":\"tasks.list\",\"id\":")
          .append(i)
          .append('}');
    }
    JsonNode tooMany = served.post(batch.append(']').toString(), ADA).body();
    assertThat(tooMany.at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(tooMany.at("/error/data/reason").asText()).contains("at most 10");
  }

  @Test
  void deepNestingAndMalformedUtf8AreParseErrors() {
    String deep =
        "{\"jsonrpc\":\"2.0\",\"method\":\"tasks.list\",\"params\":{\"user_id\":"
            + "[".repeat(5000)
            + "]".repeat(5000)
            + "},\"id\":1}";
    Served.Reply nested = served.post(deep, ADA);
    assertThat(nested.status()).isEqualTo(200);
    assertThat(nested.body().at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(nested.body().at("/error/data/reason").asText()).contains("nested deeper");

    byte[] malformed =
        "{\"jsonrpc\":\"2.0\",\"method\":\"tasks.list\",\"params\":{\"user_id\":\"XX\"},\"id\":1}"
            .getBytes(StandardCharsets.UTF_8);
    int at = new String(malformed, StandardCharsets.UTF_8).indexOf("XX");
    malformed[at] = (byte) 0xC3;
    malformed[at + 1] = (byte) 0x28; // not a continuation byte
    JsonNode bad = served.post(malformed, ADA).body();
    assertThat(bad.at("/error/code").asInt()).isEqualTo(-32700);
    assertThat(bad.at("/error/data/reason").asText()).contains("UTF-8");
  }

  @Test
  void sqlAndPathLookingStringsAreOnlyText() {
    String sql = "x'); DROP TABLE tasks; --";
    String path = "../../../../etc/passwd";
    JsonNode tree =
        served.result(
            "tasks.create",
            "[{\"id\": "
                + Jsons.text(Jsons.tree(sql))
                + ", \"name\": "
                + Jsons.text(Jsons.tree(path))
                + ", \"schemas\": {\"method\": \"echo\"}, \"inputs\": {\"message\": "
                + Jsons.text(Jsons.tree(sql))
                + "}},"
                + " {\"id\": "
                + Jsons.text(Jsons.tree(path))
                + ", \"name\": "
                + Jsons.text(Jsons.tree(sql))
                + ", \"parent_id\": "
                + Jsons.text(Jsons.tree(sql))
                + ", \"schemas\": {\"method\": \"noop\"}, \"dependencies\": [{\"id\": "
                + Jsons.text(Jsons.tree(sql))
                + "}]}]",
            ADA);
    JsonNode first = tree.get("children").get(0);
    assertThat(first.get("name").asText()).isEqualTo(path);
    assertThat(first.get("inputs").get("message").asText()).isEqualTo(sql);
    assertThat(first.get("children").get(0).get("name").asText()).isEqualTo(sql);

    for (String hostile : List.of(sql, path)) {
      String text = Jsons.text(Jsons.tree(hostile));
      assertThat(
              served
                  .call("tasks.get", "{\"task_id\": " + text + "}", ADA)
                  .at("/error/data/field")
                  .asText())
          .isEqualTo("task_id");
      assertThat(
              served.result("tasks.list", "{\"user_id\": \"ada\", \"status\": \"pending\"}", ADA))
          .hasSize(2);
      assertThat(
              served
                  .call("tasks.list", "{\"status\": " + text + "}", ADA)
                  .at("/error/data/field")
                  .asText())
          .isEqualTo("status");
      assertThat(
              served
                  .call("runs.submit", "{\"pipeline\": " + text + "}", ADA)
                  .at("/error/data/field")
                  .asText())
          .isEqualTo("pipeline");
      assertThat(
              served
                  .call("schedules.remove", "{\"name\": " + text + "}", ROOT)
                  .at("/error/code")
                  .asInt())
          .isEqualTo(-32004);
      assertThat(
              served
                  .call("workers.drain", "{\"worker_id\": " + text + "}", ROOT)
                  .at("/error/code")
                  .asInt())
          .isEqualTo(-32004);
      assertThat(served.result("tasks.list", "{\"user_id\": " + text + "}", ROOT)).isEmpty();
    }
    assertThat(served.result("tasks.list", "{}", ROOT)).hasSize(2);
  }

  @Test
  void shellAndFilesAreRefusedThroughTheApi() {
    JsonNode shell =
        served.call(
            "tasks.create",
            "{\"name\": \"x\", \"schemas\": {\"method\": \"shell\"}, \"inputs\": {\"command\": [\"id\"]}}",
            ADA);
    assertThat(shell.at("/error/code").asInt()).isEqualTo(-32007);
    assertThat(shell.at("/error/data/setting").asText()).isEqualTo("server.allow-shell");
    String manifest =
        "weft: 1\nname: p\nkind: tasks\nnodes:\n  - id: sub\n    type: pipeline\n    with: {file: /etc/passwd}\n";
    JsonNode sub =
        served.call("runs.submit", "{\"manifest\": " + Jsons.text(Jsons.tree(manifest)) + "}", ADA);
    assertThat(sub.at("/error/code").asInt()).as("%s", sub).isIn(-32006, -32007);
    String stream =
        "weft: 1\nname: p\nkind: tasks\nnodes:\n  - id: s\n    type: stream\n    with: {file: ../x.yaml}\n";
    JsonNode streamed =
        served.call(
            "tasks.create",
            "{\"name\": \"s\", \"schemas\": {\"method\": \"stream\"}, \"inputs\": {\"file\": \"/etc/passwd\"}}",
            ADA);
    assertThat(streamed.at("/error/code").asInt()).isEqualTo(-32007);
    assertThat(
            served
                .call("runs.submit", "{\"manifest\": " + Jsons.text(Jsons.tree(stream)) + "}", ADA)
                .at("/error/code")
                .asInt())
        .isIn(-32006, -32007);
  }

  @Test
  void anotherAddressNeedsAuth() {
    assertThatThrownBy(() -> ServerConfig.defaults().withBind("0.0.0.0").check())
        .hasMessageContaining("without auth");
    ServerConfig.defaults().withBind("0.0.0.0").withAuth(List.of(), SECRET).check();
  }

  @Test
  void anInternalErrorGivesAnIdAndNoStackTrace() {
    // A store closed under the server: every call fails inside it.
    served.store.close();
    JsonNode reply = served.call("tasks.list", "{}", ADA);
    assertThat(reply.at("/error/code").asInt()).isIn(-32603, -32009);
    assertThat(reply.at("/error/data/error_id").asText()).hasSize(12);
    assertThat(reply.toString()).doesNotContain("at dev.weft", "Exception");
    Served.Reply ready = served.get("/health/ready", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.body().get("database").asText()).isEqualTo("down");
  }
}
