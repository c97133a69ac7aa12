package dev.weft.server;

import dev.weft.core.validate.Suggestions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's folder of stored pipelines: {@code NAME.yaml}, {@code NAME.yml} or {@code .json}.
 */
final class StoredPipelines {

  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

  private final Path dir;

  /** The pipelines of {@code dir}, or none when it is null. */
  StoredPipelines(Path dir) {
    this.dir = dir;
  }

  /**
   * The file of the pipeline {@code name}; -32602 for a name no file can have, -32004 (with a
   * did-you-mean) when there is none. {@code field} is the param that names it.
   */
  Path file(String name, String field) {
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw RpcException.invalidParams(
          field, "a stored pipeline's name has letters, digits, '_', '-' and '.' only");
    }
    if (dir == null) {
      throw RpcException.of(
          Errors.NOT_FOUND, "This server keeps no pipelines (server.pipelines)", field, name);
    }
    for (String ext : EXTENSIONS) {
      Path file = dir.resolve(name + ext).normalize();
      if (file.startsWith(dir.normalize()) && Files.isRegularFile(file)) {
        return file;
      }
    }
    String hint = Suggestions.didYouMean(name, all().keySet(), "stored pipelines");
    throw RpcException.of(
        Errors.NOT_FOUND, "No stored pipeline " + name + "; " + hint, field, name, "hint", hint);
  }

  /** Every stored pipeline by name, sorted, with its file. */
  Map<String, Path> all() {
    Map<String, Path> found = new TreeMap<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return found;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(Files::isRegularFile)
          .forEach(f -> {
            String file = f.getFileName().toString();
            for (String ext : EXTENSIONS) {
              String name = file.substring(0, Math.max(0, file.length() - ext.length()));
              if (file.endsWith(ext) && NAME.matcher(name).matches()) {
                found.putIfAbsent(name, f);
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }
}
