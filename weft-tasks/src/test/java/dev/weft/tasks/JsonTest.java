package dev.weft.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.CacheSpec;
import dev.weft.core.Defaults;
import dev.weft.core.Dependency;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.RunLimits;
import dev.weft.core.Schedule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void aStoredPipelineReadsBackEqualDefaultsAndZeroConfigValuesIncluded() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("count", 0L);
    config.put("flag", false);
    config.put("empty", List.of());
    config.put("nothing", null);
    Pipeline pipeline =
        Pipeline.builder("round-trip")
            .param("env", "")
            .defaults(new Defaults(RetrySpec.immediate(2), Duration.ofSeconds(3)))
            .schedule(Schedule.utc("@daily"))
            .limits(new RunLimits(2, Map.of("echo", 1)))
            .node("plain", "noop")
            .node(
                "full",
                "echo",
                n ->
                    n.after("plain")
                        .after(Dependency.optional("plain2"))
                        .with(config)
                        .retry(
                            RetrySpec.exponential(4, Duration.ofMillis(5), Duration.ofSeconds(1)))
                        .tasks(t -> t.timeout(Duration.ofMillis(1500)))
                        .tasks(t -> t.priority(-3))
                        .tasks(t -> t.user("ada"))
                        .tasks(t -> t.when("true"))
                        .tasks(t -> t.exclusive("deploy"))
                        .tasks(t -> t.limit("gpu"))
                        .tasks(t -> t.cache(new CacheSpec("auto", Duration.ofDays(1))))
                        .tasks(t -> t.continueOnFailure(true))
                        .tasks(t -> t.always(true))
                        .tags("a", "b"))
            .node("plain2", "noop")
            .build();

    String json = Json.writePipeline(pipeline);

    assertThat(Json.pipeline(json)).isEqualTo(pipeline);
    assertThat(json)
        .doesNotContain("\"tags\":[]")
        .contains("\"count\":0")
        .contains("\"nothing\":null");
  }
}
