package dev.weft.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.core.IoErrors;
import dev.weft.core.Node;
import dev.weft.core.Pipeline;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.Position;
import dev.weft.core.validate.Problem;
import dev.weft.core.validate.Validator;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Loads manifests: the entry point of weft-core for files.
 *
 * <pre>{@code
 * Checked checked = Manifests.load(Path.of("hello.yaml"), Map.of("env", "prod"), NodeTypes.load());
 * checked.problems().forEach(p -> System.err.println(p.format()));
 * Pipeline pipeline = checked.orThrow();
 * }</pre>
 *
 * A file ending in {@code .json} is read as JSON, anything else as YAML.
 */
public final class Manifests {

  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = yamlFactory();
  private static final Pattern FROM_LINE = Pattern.compile("^ in '.*', line (\\d+)");

  private Manifests() {}

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE); // large generated manifests are legitimate
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  /**
   * Reads, checks and validates the manifest at {@code file}.
   *
   * @param params run parameters given with {@code --set}
   */
  public static Checked load(Path file, Map<String, String> params, NodeTypes types) {
    return load(file, params, "--set", types);
  }

  /**
   * Reads, checks and validates the manifest at {@code file}, with run parameters given by someone
   * other than {@code --set}.
   *
   * @param givenBy who gives {@code params}, as problems name it, e.g. {@code node 'load' passes}
   */
  public static Checked load(
      Path file, Map<String, String> params, String givenBy, NodeTypes types) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return Checked.unreadable(List.of(unreadable(file, e)));
    }
    Checked checked =
        parse(text, file.toString(), file.toAbsolutePath().getParent(), params, givenBy, types);
    return checked.valid()
        ? new Checked(
            resolvePaths(checked.pipeline(), file.toAbsolutePath().getParent(), types),
            List.of(),
            checked.order())
        : checked;
  }

  /**
   * The pipeline with every config value of type {@link ConfigSchema.Type#PATH} made absolute
   * against {@code dir}, so a manifest's files are found wherever it is run from.
   */
  public static Pipeline resolvePaths(Pipeline pipeline, Path dir, NodeTypes types) {
    List<Node> nodes = new ArrayList<>(pipeline.nodes().size());
    for (Node node : pipeline.nodes()) {
      Map<String, Object> with =
          types
              .find(node.type())
              .map(t -> t.schema().resolvePaths(node.with(), dir))
              .orElse(node.with());
      nodes.add(with != node.with() ? node.copy(node.id(), node.after(), with) : node);
    }
    return pipeline.withNodes(nodes);
  }

  /**
   * Reads, checks and validates manifest text.
   *
   * @param fileName the name used in problems; ending in {@code .json} selects JSON
   */
  public static Checked parse(
      String text, String fileName, Map<String, String> params, NodeTypes types) {
    return parse(text, fileName, Path.of(""), params, "--set", types);
  }

  /**
   * Reads, checks and validates manifest text whose run parameters {@code givenBy} gives (problems
   * name it: {@code --set}, {@code param}).
   */
  public static Checked parse(
      String text, String fileName, Map<String, String> params, String givenBy, NodeTypes types) {
    return parse(text, fileName, Path.of(""), params, givenBy, types);
  }

  /**
   * @param dir the folder the files that configs name are relative to
   */
  private static Checked parse(
      String text,
      String fileName,
      Path dir,
      Map<String, String> params,
      String givenBy,
      NodeTypes types) {
    List<Problem> problems = new ArrayList<>();
    Tree root;
    try (JsonParser parser = (fileName.endsWith(".json") ? JSON : YAML).createParser(text)) {
      root =
          new TreeReader(
                  parser,
                  (at, key) ->
                      problems.add(
                          new Problem(
                              new Position(fileName, at[0], at[1]),
                              null,
                              "duplicate key '" + key + "'",
                              "each key may appear once in a map; the later value is ignored")))
              .read();
    } catch (JsonProcessingException e) {
      return Checked.unreadable(List.of(syntaxError(fileName, e)));
    } catch (IOException e) {
      return Checked.unreadable(
          List.of(new Problem(new Position(fileName, 0, 0), null, e.getMessage(), null)));
    }
    if (root == null) {
      return Checked.unreadable(
          List.of(
              new Problem(
                  new Position(fileName, 1, 1),
                  null,
                  "the manifest is empty",
                  "start with: weft: 1, name: ..., kind: tasks, nodes: [...]")));
    }
    Pipeline pipeline = new ManifestReader(fileName, params, givenBy, problems).read(root);
    if (pipeline == null) {
      return Checked.unreadable(problems);
    }
    return new Validator(types, dir)
        .validate(pipeline, new TreeSourceMap(fileName, root), problems);
  }

  private static Problem syntaxError(String file, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String message = readable(e.getOriginalMessage());
    return new Problem(
        new Position(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr()),
        null,
        "syntax error: " + message,
        file.endsWith(".json")
            ? "check commas, quotes and brackets near this point"
            : "check indentation and that every 'key: value' has a space after the colon");
  }

  /**
   * SnakeYAML's messages span lines, with source excerpts; keep the sentences, and say where the
   * enclosing construct started.
   */
  private static String readable(String message) {
    List<String> parts = new ArrayList<>();
    for (String line : message.lines().toList()) {
      Matcher from = FROM_LINE.matcher(line);
      if (from.find()) {
        if (!parts.isEmpty() && parts.getLast().startsWith("while")) {
          parts.set(parts.size() - 1, parts.getLast() + " (from line " + from.group(1) + ")");
        }
      } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        parts.add(line.strip());
      }
    }
    return parts.isEmpty() ? "syntax error" : String.join(": ", parts);
  }

  private static Problem unreadable(Path file, IOException e) {
    return new Problem(
        new Position(file.toString(), 0, 0),
        null,
        "cannot read manifest: " + IoErrors.reason(e),
        switch (e) {
          case MalformedInputException encoding -> "save the manifest as UTF-8";
          case AccessDeniedException denied -> "check the file's permissions";
          default ->
              Files.isDirectory(file) ? "name a manifest file, not a directory" : "check the path";
        });
  }
}
