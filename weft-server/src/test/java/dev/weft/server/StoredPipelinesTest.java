package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.tasks.store.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's stored pipelines through POST /rpc: pipelines.list and pipelines.get, and a name
 * that is not stored answered with the closest one.
 */
class StoredPipelinesTest {

  @TempDir Path dir;

  private Served served;

  @BeforeEach
  void start() throws Exception {
    Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
    Files.writeString(pipelines.resolve("nightly.yaml"), McpHttpTest.HELLO);
    Files.writeString(pipelines.resolve("report.json"), "{\"weft\": 1}");
    Files.writeString(pipelines.resolve("notes.txt"), "not a pipeline");
    served =
        new Served(
            StoreFixture.Kind.SQLITE,
            dir,
            ServerConfig.defaults().withWork(false).withPipelines(pipelines));
  }

  @AfterEach
  void stop() {
    served.close();
  }

  @Test
  void listAndGetGiveTheStoredFilesAsTheyAre() {
    JsonNode list = served.result("pipelines.list", "{}");
    assertThat(list.findValuesAsText("name")).containsExactly("nightly", "report");
    assertThat(list.findValuesAsText("file")).containsExactly("nightly.yaml", "report.json");

    JsonNode nightly = served.result("pipelines.get", "{\"name\": \"nightly\"}");
    assertThat(nightly.get("format").asText()).isEqualTo("yaml");
    assertThat(nightly.get("manifest").asText()).isEqualTo(McpHttpTest.HELLO);
    assertThat(served.result("pipelines.get", "[\"report\"]").get("format").asText())
        .isEqualTo("json");
  }

  @Test
  void anUnknownNameGetsADidYouMeanAndABadOneNamesTheField() {
    JsonNode get = served.call("pipelines.get", "{\"name\": \"nightli\"}").get("error");
    assertThat(get.get("code").asInt()).isEqualTo(-32004);
    assertThat(get.get("message").asText())
        .isEqualTo("No stored pipeline nightli; did you mean 'nightly'?");
    assertThat(get.at("/data/hint").asText()).isEqualTo("did you mean 'nightly'?");

    JsonNode submit = served.call("runs.submit", "{\"pipeline\": \"zzz\"}").get("error");
    assertThat(submit.get("code").asInt()).isEqualTo(-32004);
    assertThat(submit.get("message").asText()).contains("stored pipelines: nightly, report");

    JsonNode bad = served.call("pipelines.get", "{\"name\": \"../etc/passwd\"}").get("error");
    assertThat(bad.get("code").asInt()).isEqualTo(-32602);
    assertThat(bad.at("/data/field").asText()).isEqualTo("name");
  }
}
