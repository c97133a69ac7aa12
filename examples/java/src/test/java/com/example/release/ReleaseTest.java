package com.example.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.code.RunResult;
import dev.weft.tasks.code.Weft;
import dev.weft.tasks.code.WeftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release pipeline on the sample project, in an embedded Weft. */
class ReleaseTest {

  @TempDir Path dir;

  private Path project() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project/src"));
    Files.copy(Path.of("sample/src/Greeter.java"), project.resolve("Greeter.java"));
    return project.getParent();
  }

  @Test
  void buildsTestsPackagesAndPublishes() throws Exception {
    Path project = project();
    try (Weft weft =
        Weft.embedded(WeftConfig.sqlite(dir.resolve("weft.db")).register(Release.PIPELINE))) {
      RunResult run =
          weft.run(
              Release.PIPELINE,
              Map.of("project", project.toString(), "version", "2.1.0", "publish", "true"));

      assertThat(run.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(run.result(RunChecks.class).orElseThrow().passed())
          .containsExactly("Greeter.checkGreeting");
      Package.Artifact jar = run.result(Package.class).orElseThrow();
      assertThat(Package.entries(Path.of(jar.path()))).contains("Greeter.class");
      Publish.Published published = run.result(Publish.class).orElseThrow();
      assertThat(Path.of(published.location())).exists().hasFileName("app-2.1.0.jar");
      assertThat(published.sha256()).isEqualTo(jar.sha256());
      assertThat(run.result(Release.SUMMARY)).contains("published " + published.location());
      assertThat(weft.store().runs(5)).extracting(r -> r.nodeId()).containsExactly("release");
    }
  }

  @Test
  void withoutPublishThePublicationIsSkippedAndTheSummaryStillRuns() throws Exception {
    Path project = project();
    try (Weft weft =
        Weft.embedded(WeftConfig.sqlite(dir.resolve("weft.db")).register(Release.PIPELINE))) {
      RunResult run = weft.run(Release.PIPELINE, Map.of("project", project.toString()));
      assertThat(run.status(Release.PIPELINE.handle(Publish.class)))
          .isEqualTo(TaskStatus.SKIPPED);
      assertThat(run.result(Release.SUMMARY).orElseThrow()).startsWith("built ");
    }
  }

  @Test
  void aFailingCheckFailsTheTestsAndNothingIsPackaged() throws Exception {
    Path project = project();
    Path source = project.resolve("src/Greeter.java");
    Files.writeString(
        source, Files.readString(source).replace("\"Hello, \" + name", "\"Hi, \" + name"));
    try (Weft weft =
        Weft.embedded(WeftConfig.sqlite(dir.resolve("weft.db")).register(Release.PIPELINE))) {
      RunResult run = weft.run(Release.PIPELINE, Map.of("project", project.toString()));
      assertThat(run.status()).isEqualTo(TaskStatus.FAILED);
      var tests = run.task(Release.PIPELINE.handle(RunChecks.class));
      assertThat(tests.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(tests.attempt()).isEqualTo(2); // @Retry(attempts = 2)
      assertThat(run.status(Release.PIPELINE.handle(Package.class)))
          .isEqualTo(TaskStatus.UPSTREAM_FAILED);
      assertThat(run.result(Release.SUMMARY)).contains("nothing built");
    }
  }
}
