package dev.weft.tasks.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.TaskStatus;
import dev.weft.tasks.store.StoreFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A module's typed result survives its process: the application is killed with SIGKILL while a
 * dependent runs; started again with the same pipeline, it resumes the run and the dependent reads
 * the result, as its own type, from the store. The module that produced it does not run again.
 */
@ParameterizedClass
@EnumSource(StoreFixture.Kind.class)
class ModuleCrashTest {

  @Parameter StoreFixture.Kind kind;
  @TempDir Path dir;
  private StoreFixture database;

  @BeforeEach
  void open() {
    database = kind.create(dir);
  }

  @AfterEach
  void close() {
    database.close();
  }

  /** What the first module makes. */
  public record Measurements(String station, List<Double> values) {}

  /** Counts its runs in a file, so the test sees it ran once across both processes. */
  public static final class Measure implements Module<Measurements> {
    @Override
    public Measurements run(ModuleContext ctx) throws Exception {
      Files.writeString(
          Path.of(ctx.param("dir"), "measure-runs"),
          "x",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return new Measurements("north", List.of(1.5, 2.5, 4.0));
    }
  }

  /** In the first process, blocks until killed; afterwards, averages what Measure made. */
  @DependsOn(Measure.class)
  public static final class Average implements Module<Double> {
    @Override
    public Double run(ModuleContext ctx) throws Exception {
      Measurements m = ctx.result(Measure.class);
      if (Boolean.getBoolean("crash.block")) {
        System.out.println("averaging");
        System.out.flush();
        new CountDownLatch(1).await();
      }
      return m.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
  }

  static CodePipeline pipeline() {
    CodePipeline.Builder b = CodePipeline.builder("weather").param("dir", null);
    b.add(new Measure());
    b.add(new Average());
    return b.build();
  }

  /** The application of the first process: submits a run, says its id, and works on it. */
  public static final class App {
    public static void main(String[] args) throws Exception {
      CodePipeline pipeline = pipeline();
      try (Weft weft = Weft.embedded(WeftConfig.store(args[0]).register(pipeline))) {
        long run = weft.submit(pipeline, java.util.Map.of("dir", args[1]));
        System.out.println("run " + run);
        System.out.flush();
        weft.await(run);
      }
    }
  }

  @Test
  void aResultIsReadAsItsTypeAfterTheProcessWasKilled() throws Exception {
    Process first =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dcrash.block=true",
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                App.class.getName(),
                database.location(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long run;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).startsWith("run ");
      run = Long.parseLong(line.substring(4));
      assertThat(out.readLine()).isEqualTo("averaging");
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
      first.waitFor();
    }

    CodePipeline pipeline = pipeline();
    try (Weft weft = Weft.embedded(WeftConfig.store(database.location()).register(pipeline))) {
      RunResult result = weft.await(run);
      assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(result.result(Average.class)).contains(8.0 / 3);
      assertThat(result.task(pipeline.handle(Average.class)).attempt()).isEqualTo(2);
      assertThat(result.result(Measure.class))
          .contains(new Measurements("north", List.of(1.5, 2.5, 4.0)));
    }
    assertThat(Files.readString(dir.resolve("measure-runs"))).isEqualTo("x");
  }
}
