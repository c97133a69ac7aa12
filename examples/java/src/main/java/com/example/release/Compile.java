package com.example.release;

import dev.weft.tasks.code.Module;
import dev.weft.tasks.code.ModuleContext;
import dev.weft.tasks.code.Timeout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles the project's sources ({@code PROJECT/src/*.java}) into {@code PROJECT/out/classes}. */
@Timeout("2m")
public final class Compile implements Module<Compile.Classes> {

  /** What compiling made. */
  public record Classes(String dir, List<String> names) {}

  @Override
  public Classes run(ModuleContext ctx) throws Exception {
    Path project = Path.of(ctx.param("project"));
    Path out = project.resolve("out/classes");
    Files.createDirectories(out);
    List<String> sources;
    try (Stream<Path> files = Files.list(project.resolve("src"))) {
      sources = files.map(Path::toString).filter(f -> f.endsWith(".java")).sorted().toList();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String[] args =
        Stream.concat(Stream.of("-d", out.toString()), sources.stream()).toArray(String[]::new);
    if (javac.run(null, null, null, args) != 0) {
      throw new IllegalStateException("javac failed on " + sources);
    }
    ctx.log("compiled " + sources.size() + " source file(s)");
    List<String> names =
        sources.stream()
            .map(s -> Path.of(s).getFileName().toString().replace(".java", ""))
            .toList();
    return new Classes(out.toString(), names);
  }
}
