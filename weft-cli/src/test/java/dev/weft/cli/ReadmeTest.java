package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every {@code ./weft} command in README.md runs, shown output matches what it prints, and each
 * command that takes {@code --json} prints exactly one JSON document on stdout with it.
 */
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
        // A command sent to the background is a server: ServerCommandTest runs the README's.
        if (command.startsWith("./weft ") && !command.endsWith("&")) {
          tests.add(DynamicTest.dynamicTest(command, () -> check(command)));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(5);
    return tests;
  }

  private static void check(String command) throws IOException {
    String[] args = expand(command.substring("./weft ".length()).split(" +"));
    Cli.Result r = Cli.run(args);
    int expected = command.contains("broken") ? 1 : 0;
    assertThat(r.exitCode()).as("%s%n%s%s", command, r.out(), r.err()).isEqualTo(expected);
    assertThat(r.out() + r.err())
        .as("durations print as manifests write them")
        .doesNotContainPattern("\\bPT\\d");
    if (List.of(args).contains("--json")) {
      assertOneJsonDocument(command, r);
    } else if (takesJson(args)) {
      String[] withJson = Arrays.copyOf(args, args.length + 1);
      withJson[args.length] = "--json";
      Cli.Result json = Cli.run(withJson);
      assertThat(json.exitCode()).as("%s --json%n%s", command, json.err()).isEqualTo(expected);
      assertOneJsonDocument(command + " --json", json);
    }
  }

  /** Whether the (sub)command the arguments name has a {@code --json} option. */
  private static boolean takesJson(String[] args) {
    CommandLine command = Weft.commandLine();
    for (String arg : args) {
      CommandLine sub = command.getSubcommands().get(arg);
      if (sub == null) {
        break;
      }
      command = sub;
    }
    return command.getCommandSpec().findOption("--json") != null;
  }

  /** Standard output is exactly one JSON document: notes and progress go to stderr. */
  private static void assertOneJsonDocument(String command, Cli.Result r) {
    assertThatCode(() -> STRICT_JSON.readTree(r.out()))
        .as("%s prints one JSON document on stdout:%n%s", command, r.out())
        .doesNotThrowAnyException();
    assertThat(r.out()).as(command).isNotBlank();
  }

  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
