package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.core.BreakerSpec;
import dev.weft.core.CacheSpec;
import dev.weft.core.Kind;
import dev.weft.core.Pipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pipelines stored by an older version, with flat node options, still read. */
class StoredPipelinesTest {

  @Test
  void aPipelineStoredWithFlatOptionsReadsIntoSections() throws Exception {
    Pipeline pipeline =
        Pipeline.builder("old")
            .node(
                "a",
                "echo",
                n ->
                    n.tasks(t ->
                        t.priority(3)
                            .when("params.x == 'y'")
                            .timeout(Duration.ofSeconds(5))
                            .cache(new CacheSpec("auto", Duration.ofDays(1)))
                            .always(true)))
            .node("b", "noop", n -> n.after("a"))
            .build();
    Pipeline streamed =
        Pipeline.builder("old-stream")
            .kind(Kind.STREAM)
            .node(
                "s",
                "map",
                n -> n.stream(s -> s.withBreaker(new BreakerSpec(5, Duration.ofSeconds(30)))))
            .build();

    for (Pipeline p : new Pipeline[] {pipeline, streamed}) {
      String flat = flatten(Json.writePipeline(p));
      assertThat(flat).doesNotContain("\"tasks\"").doesNotContain("\"stream\"");
      assertThat(Json.pipeline(flat)).isEqualTo(p);
    }
  }

  /** The JSON as the older version wrote it: each section's fields on the node itself. */
  private static String flatten(String json) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = (ObjectNode) mapper.readTree(json);
    for (var node : root.path("nodes")) {
      ObjectNode fields = (ObjectNode) node;
      for (String section : new String[] {"tasks", "stream"}) {
        if (fields.remove(section) instanceof ObjectNode options) {
          options.properties().forEach(e -> fields.set(e.getKey(), e.getValue()));
        }
      }
    }
    return mapper.writeValueAsString(root);
  }
}
