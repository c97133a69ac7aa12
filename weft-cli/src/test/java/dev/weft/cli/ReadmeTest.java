package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every {@code ./weft} command in README.md runs, and shown output matches what it prints. */
class ReadmeTest {

  private static final Pattern BLOCK =
      Pattern.compile("```sh\\n(.*?)```\\n(?:\\n[^`]*?\\n```\\n(.*?)```)?", Pattern.DOTALL);

  /** The README's commands use the default store; start them, as a new user would, without one. */
  @org.junit.jupiter.api.BeforeAll
  static void freshStore() throws IOException {
    Path store = Path.of(".weft");
    if (Files.exists(store)) {
      try (var files = Files.walk(store)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  @TestFactory
  List<DynamicTest> readmeCommandsRun() throws IOException {
    String readme = Files.readString(Cli.ROOT.resolve("README.md"));
    List<DynamicTest> tests = new ArrayList<>();
    Matcher block = BLOCK.matcher(readme);
    while (block.find()) {
      for (String line : block.group(1).lines().toList()) {
        String command = line.replaceAll("\\s+#.*$", "").strip();
        if (command.startsWith("./weft ")) {
          tests.add(DynamicTest.dynamicTest(command, () -> check(command)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(5);
    return tests;
  }

  private static void check(String command) throws IOException {
    Cli.Result r = Cli.run(expand(command.substring("./weft ".length()).split(" +")));
    int expected = command.contains("broken") ? 1 : 0;
    assertThat(r.exitCode()).as("%s%n%s%s", command, r.out(), r.err()).isEqualTo(expected);
  }

  /** The shell would expand {@code examples/*.yaml}; do the same. */
  private static String[] expand(String[] args) throws IOException {
    List<String> out = new ArrayList<>();
    for (String arg : args) {
      if (arg.contains("*")) {
        Path dir = Cli.ROOT.resolve(arg.substring(0, arg.lastIndexOf('/')));
        try (DirectoryStream<Path> files =
            Files.newDirectoryStream(dir, arg.substring(arg.lastIndexOf('/') + 1))) {
          files.forEach(f -> out.add(Cli.ROOT.relativize(f).toString()));
        }
      } else {
        out.add(arg);
      }
    }
    return out.toArray(String[]::new);
  }

  @org.junit.jupiter.api.Test
  void shownValidationOutputIsWhatValidatePrints() throws IOException {
    String readme = Files.readString(Cli.ROOT.resolve("README.md"));
    Matcher shown =
        Pattern.compile("```\\n(docs/broken\\.yaml:.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(shown.find()).as("README shows the output of validating docs/broken.yaml").isTrue();

    assertThat(Cli.run("validate", "docs/broken.yaml").out()).isEqualTo(shown.group(1));
  }
}
