package dev.weft.server;

import static dev.weft.server.Schemas.arrayOf;
import static dev.weft.server.Schemas.integer;
import static dev.weft.server.Schemas.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the JSON-RPC 2.0 specification's examples section, through a real HTTP client,
 * against a server that also serves the specification's example methods.
 */
class JsonRpcSpecTest {

  @TempDir Path dir;

  private Served served;
  private final List<String> notified = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    List<RpcMethod> examples = new ArrayList<>();
    examples.add(
        new RpcMethod(
            "subtract",
            "minuend - subtrahend",
            Scope.READ,
            object("", "!minuend", integer(null), "!subtrahend", integer(null)),
            integer(null),
            call ->
                IntNode.valueOf(
                    call.params().get("minuend").asInt()
                        - call.params().get("subtrahend").asInt())));
    examples.add(
        new RpcMethod(
            "sum",
            "the sum",
            Scope.READ,
            object("", "a", integer(null), "b", integer(null), "c", integer(null)),
            integer(null),
            call ->
                IntNode.valueOf(
                    call.params().path("a").asInt()
                        + call.params().path("b").asInt()
                        + call.params().path("c").asInt())));
    for (String name : List.of("update", "notify_hello", "notify_sum", "foobar")) {
      examples.add(
          new RpcMethod(
              name,
              "remembers it was called",
              Scope.READ,
              object(
                  "",
                  "a",
                  integer(null),
                  "b",
                  integer(null),
                  "c",
                  integer(null),
                  "d",
                  integer(null),
                  "e",
                  integer(null)),
              Schemas.type("null", null),
              call -> {
                notified.add(name);
                return null;
              }));
    }
    examples.add(
        new RpcMethod(
            "explode",
            "fails inside",
            Scope.READ,
            object(""),
            Schemas.type("null", null),
            call -> {
              throw new IllegalStateException("a secret detail at dev.weft.Somewhere");
            }));
    examples.add(
        new RpcMethod(
            "get_data",
            "data",
            Scope.READ,
            object(""),
            arrayOf(Schemas.type("string", null), null),
            call -> Jsons.array().add("hello").add(5)));
    served =
        new Served(
            StoreFixture.Kind.SQLITE, dir, ServerConfig.defaults().withWork(false), examples);
  }

  @AfterEach
  void stop() {
    served.close();
  }

  private JsonNode json(String text) throws Exception {
    return Jsons.MAPPER.readTree(text);
  }

  private void exchange(String request, String expected) throws Exception {
    Served.Reply reply = served.post(request);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(withoutData(reply.body())).isEqualTo(json(expected));
  }

  /** Errors carry a data object of Weft's; the examples show none. */
  private static JsonNode withoutData(JsonNode response) {
    JsonNode copy = response.deepCopy();
    if (copy.isArray()) {
      copy.forEach(r -> {
        if (r.has("error")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("error")).remove("data");
        }
      });
    } else if (copy.has("error")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("error")).remove("data");
    }
    return copy;
  }

  @Test
  void callWithPositionalParameters() throws Exception {
    exchange(
        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42, 23], \"id\": 1}",
        "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 1}");
    exchange(
        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [23, 42], \"id\": 2}",
        "{\"jsonrpc\": \"2.0\", \"result\": -19, \"id\": 2}");
  }

  @Test
  void callWithNamedParameters() throws Exception {
    exchange(
        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"subtrahend\": 23, \"minuend\": 42}, \"id\": 3}",
        "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 3}");
    exchange(
        "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"minuend\": 42, \"subtrahend\": 23}, \"id\": 4}",
        "{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 4}");
  }

  @Test
  void notificationsGetNoResponse() {
    Served.Reply update =
        served.post("{\"jsonrpc\": \"2.0\", \"method\": \"update\", \"params\": [1,2,3,4,5]}");
    Served.Reply foobar = served.post("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\"}");

    assertThat(update.status()).isEqualTo(204);
    assertThat(update.text()).isEmpty();
    assertThat(foobar.status()).isEqualTo(204);
    assertThat(foobar.text()).isEmpty();
    assertThat(notified).containsExactly("update", "foobar");
  }

  @Test
  void callOfANonExistentMethod() throws Exception {
    exchange(
        "{\"jsonrpc\": \"2.0\", \"method\": \"foobarbaz\", \"id\": \"1\"}",
        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601, \"message\": \"Method not found\"}, \"id\": \"1\"}");
  }

  @Test
  void callWithInvalidJson() throws Exception {
    exchange(
        "{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]",
        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}");
  }

  @Test
  void callWithAnInvalidRequestObject() throws Exception {
    exchange(
        "{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}",
        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}");
  }

  @Test
  void batchWithInvalidJson() throws Exception {
    exchange(
        "[\n  {\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"},\n  {\"jsonrpc\": \"2.0\", \"method\"\n]",
        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700, \"message\": \"Parse error\"}, \"id\": null}");
  }

  @Test
  void anEmptyBatch() throws Exception {
    exchange(
        "[]",
        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}");
  }

  @Test
  void anInvalidBatchOfOne() throws Exception {
    exchange(
        "[1]",
        "[{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}]");
  }

  @Test
  void anInvalidBatch() throws Exception {
    String invalid =
        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}";
    exchange("[1,2,3]", "[" + invalid + "," + invalid + "," + invalid + "]");
  }

  @Test
  void aBatch() throws Exception {
    Served.Reply reply =
        served.post(
            "[\n"
                + "  {\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"},\n"
                + "  {\"jsonrpc\": \"2.0\", \"method\": \"notify_hello\", \"params\": [7]},\n"
                + "  {\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42,23], \"id\": \"2\"},\n"
                + "  {\"foo\": \"boo\"},\n"
                + "  {\"jsonrpc\": \"2.0\", \"method\": \"foo.get\", \"params\": {\"name\": \"myself\"}, \"id\": \"5\"},\n"
                + "  {\"jsonrpc\": \"2.0\", \"method\": \"get_data\",  \"id\": \"9\"}\n"
                + "]");

    assertThat(reply.status()).isEqualTo(200);
    // The specification lets the responses come in any order: compare them by id.
    Map<String, JsonNode> byId = new TreeMap<>();
    int nulls = 0;
    for (JsonNode r : withoutData(reply.body())) {
      byId.put(r.get("id").isNull() ? "null" + nulls++ : r.get("id").asText(), r);
    }
    assertThat(byId)
        .isEqualTo(
            Map.of(
                "1", json("{\"jsonrpc\": \"2.0\", \"result\": 7, \"id\": \"1\"}"),
                "2", json("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": \"2\"}"),
                "null0",
                    json(
                        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600, \"message\": \"Invalid Request\"}, \"id\": null}"),
                "5",
                    json(
                        "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601, \"message\": \"Method not found\"}, \"id\": \"5\"}"),
                "9", json("{\"jsonrpc\": \"2.0\", \"result\": [\"hello\", 5], \"id\": \"9\"}")));
    assertThat(notified).containsExactly("notify_hello");
  }

  @Test
  void aBatchOfNotificationsOnly() {
    Served.Reply reply =
        served.post(
            "[\n"
                + "  {\"jsonrpc\": \"2.0\", \"method\": \"notify_sum\", \"params\": [1,2,4]},\n"
                + "  {\"jsonrpc\": \"2.0\", \"method\": \"notify_hello\", \"params\": [7]}\n"
                + "]");

    assertThat(reply.status()).isEqualTo(204);
    assertThat(reply.text()).isEmpty();
    assertThat(notified).containsExactly("notify_sum", "notify_hello");
  }

  @Test
  void anInternalErrorHasAnIdThatIsInTheLogAndNoStackTrace() {
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(JsonRpc.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      JsonNode reply = served.call("explode", "{}");

      assertThat(reply.at("/error/code").asInt()).isEqualTo(-32603);
      String id = reply.at("/error/data/error_id").asText();
      assertThat(id).hasSize(12);
      assertThat(reply.toString()).doesNotContain("secret", "IllegalStateException", "at dev.weft");
      assertThat(lines.list)
          .anySatisfy(e -> {
            assertThat(e.getFormattedMessage()).contains(id);
            assertThat(e.getThrowableProxy().getMessage()).contains("secret detail");
          });
    } finally {
      log.detachAppender(lines);
    }
  }

  @Test
  void invalidParamsNameTheFieldAndWhy() {
    JsonNode reply = served.call("subtract", "{\"minuend\": \"x\", \"subtrahend\": 1}");

    assertThat(reply.at("/error/code").asInt()).isEqualTo(-32602);
    assertThat(reply.at("/error/data/field").asText()).isEqualTo("minuend");
    assertThat(reply.at("/error/data/reason").asText())
        .isEqualTo("must be an integer, not a string");
    assertThat(served.call("subtract", "{\"minuend\": 1}").at("/error/data").toString())
        .contains("subtrahend", "is required");
    assertThat(served.call("subtract", "[1, 2, 3]").at("/error/code").asInt()).isEqualTo(-32602);
  }
}
