package com.example.release;

import dev.weft.tasks.code.CodePipeline;
import dev.weft.tasks.code.Handle;
import dev.weft.tasks.code.RunResult;
import dev.weft.tasks.code.Weft;
import dev.weft.tasks.code.WeftConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The release pipeline: compile, test, package and publish, and a summary that runs however they
 * ended. {@code java com.example.release.Release PROJECT [VERSION] [publish]} runs it on the store
 * {@code .weft/weft.db}, where {@code weft runs list} shows it.
 */
public final class Release {

  /** The summary module's handle, for reading its result. */
  public static final Handle<String> SUMMARY;

  /** The pipeline. */
  public static final CodePipeline PIPELINE;

  static {
    CodePipeline.Builder b =
        CodePipeline.builder("release")
            .param("project", null)
            .param("version", "1.0.0")
            .param("publish", "false");
    b.add(new Compile());
    b.add(new RunChecks());
    Handle<Package.Artifact> jar = b.add(new Package());
    Handle<Publish.Published> published = b.add(new Publish());
    SUMMARY =
        b.add(
            "summary",
            String.class,
            ctx ->
                ctx.optional(published)
                    .map(p -> "published " + p.location())
                    .orElseGet(() ->
                        ctx.optional(jar).map(a -> "built " + a.path()).orElse("nothing built")),
            m -> m.optional(jar).optional(published).always());
    PIPELINE = b.build();
  }

  private Release() {}

  /** Runs the pipeline on {@code args[0]} and prints how it ended. */
  public static void main(String[] args) throws Exception {
    Map<String, String> params =
        Map.of(
            "project", args[0],
            "version", args.length > 1 ? args[1] : "1.0.0",
            "publish", String.valueOf(args.length > 2 && args[2].equals("publish")));
    try (Weft weft =
        Weft.embedded(WeftConfig.sqlite(Path.of(".weft/weft.db")).register(PIPELINE))) {
      RunResult run = weft.run(PIPELINE, params);
      System.out.println(run + ": " + run.result(SUMMARY).orElse("-"));
      System.exit(run.succeeded() ? 0 : 1);
    }
  }
}
