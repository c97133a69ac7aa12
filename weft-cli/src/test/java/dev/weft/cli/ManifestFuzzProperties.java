package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad input never crashes the validator: every example manifest, mutated as a person's editing
 * mistakes would (cut lines, junk or wrongly typed scalars, deleted, duplicated or swapped lines,
 * odd indentation, YAML anchors, aliases and tags), makes {@code weft validate} and {@code weft run
 * --dry-run} list problems and exit 0 or 1, never end in an internal error.
 */
class ManifestFuzzProperties {

  /** The value of a {@code key: value} line, or else of a {@code - value} list item. */
  private static final List<Pattern> SCALAR =
      List.of(
          Pattern.compile("^([^#]*?:\\s+)([^\\s#][^#]*)$"),
          Pattern.compile("^(\\s*-\\s+)([^\\s#][^#]*)$"));

  private static final List<String> JUNK =
      List.of(
          "\"\"",
          "-1",
          "0",
          "~",
          "[",
          "]",
          "{",
          "{a: b}",
          "[1, [2]]",
          "true",
          "99999999999999d",
          "1e999",
          "0x1F",
          "!!binary aGVsbG8=",
          "!!int x",
          "!custom thing",
          "*nowhere",
          "&a value",
          "\"unclosed",
          "'",
          "${params.",
          "${params.nope}",
          "${}",
          "@",
          "`",
          "? complex",
          "- item",
          "|",
          ">-",
          "null",
          "\t",
          "é\u0000");

  private static Path examples;
  private static Path work;

  @BeforeContainer
  static void copyExamples() throws IOException {
    examples = Cli.ROOT.resolve("examples");
    work = Files.createTempDirectory("weft-fuzz");
    try (Stream<Path> files = Files.walk(examples)) {
      for (Path f : files.toList()) {
        Path target = work.resolve(examples.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @AfterContainer
  static void removeCopy() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  /** One editing mistake, applied to a manifest's lines. */
  record Mutation(int kind, int line, int other, int junk) {
    List<String> apply(List<String> lines) {
      List<String> out = new ArrayList<>(lines);
      if (out.isEmpty()) {
        return out;
      }
      int i = Math.floorMod(line, out.size());
      int j = Math.floorMod(other, out.size());
      String text = out.get(i);
      String junkText = JUNK.get(Math.floorMod(junk, JUNK.size()));
      switch (kind) {
        case 0 -> out.set(i, text.substring(0, Math.floorMod(other, text.length() + 1)));
        case 1 -> out.remove(i);
        case 2 -> out.add(i, text);
        case 3 -> {
          out.set(i, out.get(j));
          out.set(j, text);
        }
        case 4 -> out.set(i, " ".repeat(1 + Math.floorMod(other, 4)) + text);
        case 5 -> out.set(i, text.stripLeading());
        case 6 -> out.set(i, replaceScalar(text, junkText));
        case 7 ->
            out.set(i, replaceScalar(text, "&x" + Math.floorMod(other, 3) + " " + scalar(text)));
        case 8 -> out.set(i, replaceScalar(text, "*x" + Math.floorMod(other, 3)));
        case 9 -> out.set(i, replaceScalar(text, "!!str " + scalar(text)));
        case 10 -> out.add(i, text.replaceAll("\\S.*", "<<: *x" + Math.floorMod(other, 3)));
        case 11 -> out.set(i, "\t" + text);
        default -> out.set(i, replaceScalar(text, "").stripTrailing()); // the value left out
      }
      return out;
    }

    private static String replaceScalar(String text, String value) {
      Matcher m = scalarIn(text);
      return m != null ? text.substring(0, m.start(2)) + value : text + " " + value;
    }

    private static String scalar(String text) {
      Matcher m = scalarIn(text);
      return m != null ? m.group(2) : "x";
    }

    private static Matcher scalarIn(String text) {
      for (Pattern p : SCALAR) {
        Matcher m = p.matcher(text);
        if (m.find()) {
          return m;
        }
      }
      return null;
    }
  }

  @Provide
  Arbitrary<Mutation> mutation() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 12),
            Arbitraries.integers().between(0, 200),
            Arbitraries.integers().between(0, 200),
            Arbitraries.integers().between(0, JUNK.size() - 1))
        .as(Mutation::new);
  }

  @Provide
  Arbitrary<String> manifest() {
    try (Stream<Path> files = Files.walk(examples)) {
      return Arbitraries.of(
          files
              .filter(f -> f.toString().endsWith(".yaml"))
              .map(f -> examples.relativize(f).toString())
              .sorted()
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 400, seed = "20261201")
  void validateOnlyListsProblems(
      @ForAll("manifest") String name,
      @ForAll @Size(min = 1, max = 4) List<@From("mutation") Mutation> mutations)
      throws IOException {
    Path file = mutate(name, mutations);
    Cli.Result r = Cli.run("validate", file.toString());
    assertNoCrash(r, name, mutations, file);
  }

  @Property(tries = 150, seed = "20261201")
  void dryRunOnlyListsProblems(
      @ForAll("manifest") String name,
      @ForAll @Size(min = 1, max = 4) List<@From("mutation") Mutation> mutations)
      throws IOException {
    Path file = mutate(name, mutations);
    Cli.Result r =
        Cli.run("run", file.toString(), "--dry-run", "--db", work.resolve("none.db").toString());
    if (r.exitCode() == 2) { // a usage error, not a crash: the mutation made it a stream
      assertThat(r.err()).contains("--dry-run is for tasks pipelines");
      return;
    }
    assertNoCrash(r, name, mutations, file);
    assertThat(work.resolve("none.db")).as("a dry run stores nothing").doesNotExist();
  }

  private static Path mutate(String name, List<Mutation> mutations) throws IOException {
    List<String> lines = Files.readAllLines(examples.resolve(name));
    for (Mutation m : mutations) {
      lines = m.apply(lines);
    }
    // Beside the original, so that the paths it names still resolve; the original stays intact.
    Path original = work.resolve(name);
    Path file = original.resolveSibling("fuzzed-" + original.getFileName());
    Files.write(file, lines);
    return file;
  }

  private static void assertNoCrash(Cli.Result r, String name, List<Mutation> mutations, Path file)
      throws IOException {
    String what =
        "%s after %s:%n%s%n--- out:%n%s--- err:%n%s"
            .formatted(name, mutations, Files.readString(file), r.out(), r.err());
    assertThat(r.exitCode()).as(what).isIn(0, 1);
    assertThat(r.err()).as(what).doesNotContain("WEFT_DEBUG").doesNotContain("Exception");
    assertThat(r.out()).as(what).doesNotContain("Exception");
  }
}
