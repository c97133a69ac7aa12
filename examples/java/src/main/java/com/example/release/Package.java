package com.example.release;

import dev.weft.tasks.code.DependsOn;
import dev.weft.tasks.code.Module;
import dev.weft.tasks.code.ModuleContext;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Puts the tested classes into {@code PROJECT/out/app-VERSION.jar}. */
@DependsOn({Compile.class, RunChecks.class})
public final class Package implements Module<Package.Artifact> {

  /** The jar made. */
  public record Artifact(String path, long bytes, String sha256) {}

  @Override
  public Artifact run(ModuleContext ctx) throws Exception {
    Path classes = Path.of(ctx.result(Compile.class).dir());
    Path jar = Path.of(ctx.param("project"), "out", "app-" + ctx.param("version") + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    byte[] bytes = Files.readAllBytes(jar);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return new Artifact(jar.toString(), bytes.length, sha);
  }

  /** The class names in a jar, for checks. */
  static List<String> entries(Path jar) throws Exception {
    try (var in = new java.util.jar.JarFile(jar.toFile())) {
      return in.stream().map(JarEntry::getName).toList();
    }
  }
}
