package com.example.release;

import dev.weft.tasks.code.DependsOn;
import dev.weft.tasks.code.Exclusive;
import dev.weft.tasks.code.Module;
import dev.weft.tasks.code.ModuleContext;
import dev.weft.tasks.code.RunIf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies the jar into the repository folder {@code PROJECT/repo}: only when the run's {@code
 * publish} parameter is true, and one publication at a time across every worker.
 */
@DependsOn(Package.class)
@RunIf(expr = "params.publish == 'true'")
@Exclusive("publish")
public final class Publish implements Module<Publish.Published> {

  /** Where the jar went. */
  public record Published(String location, String sha256) {}

  @Override
  public Published run(ModuleContext ctx) throws Exception {
    Package.Artifact artifact = ctx.result(Package.class);
    Path repo = Files.createDirectories(Path.of(ctx.param("project"), "repo"));
    Path target = repo.resolve(Path.of(artifact.path()).getFileName());
    Files.copy(Path.of(artifact.path()), target, StandardCopyOption.REPLACE_EXISTING);
    return new Published(target.toString(), artifact.sha256());
  }
}
