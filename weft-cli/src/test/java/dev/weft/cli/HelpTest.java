package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command's help reads well at 80 columns; usage errors and exit codes are as documented. */
class HelpTest {

  @TestFactory
  List<DynamicTest> everyHelpFitsEightyColumnsWithoutRaggedLines() {
    List<DynamicTest> tests = new ArrayList<>();
    walk(Weft.commandLine(), tests);
    assertThat(tests).hasSizeGreaterThan(20);
    return tests;
  }

  private static void walk(CommandLine command, List<DynamicTest> tests) {
    String name = command.getCommandSpec().qualifiedName();
    tests.add(DynamicTest.dynamicTest(name + " --help", () -> checkHelp(command, name)));
    command.getSubcommands().values().stream()
        .filter(sub -> !sub.getCommandName().equals("help"))
        .forEach(sub -> walk(sub, tests));
  }

  private static void checkHelp(CommandLine command, String name) {
    String[] args =
        Stream.concat(Arrays.stream(name.split(" ")).skip(1), Stream.of("--help"))
            .toArray(String[]::new);
    Cli.Result help = Cli.run(args);
    assertThat(help.exitCode()).isZero();
    assertThat(help.out().lines()).as(help.out()).allMatch(line -> line.length() <= 80);
    assertThat(help.out())
        .as("no word is broken at a dot (.weft/weft.|db)")
        .doesNotContainPattern("[A-Za-z]\\.\\n {6,}[a-z]");
    // Text given as several lines is printed as given: each must fit, or picocli breaks it
    // again and leaves a short line after every long one.
    // An option or parameter that takes an enum lists every value of it.
    String words = help.out().replaceAll("\\s+", " ");
    List<CommandLine.Model.ArgSpec> takes = new ArrayList<>(command.getCommandSpec().options());
    takes.addAll(command.getCommandSpec().positionalParameters());
    for (CommandLine.Model.ArgSpec arg : takes) {
      if (arg.type().isEnum()) {
        for (Object value : arg.type().getEnumConstants()) {
          String shown = value instanceof TaskStatus s ? s.display() : value.toString();
          assertThat(words).as("%s lists %s", name, shown).contains(shown);
        }
      }
    }
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    for (String[] lines : List.of(usage.description(), usage.footer())) {
      if (lines.length > 1) {
        assertThat(lines).as(name).allMatch(line -> line.length() <= 78);
      }
    }
  }

  @Test
  void completionScriptsCompleteCommandsAndStatuses() throws Exception {
    Cli.Result bash = Cli.run("completion", "bash");
    Cli.Result zsh = Cli.run("completion", "zsh");
    Cli.Result fish = Cli.run("completion", "fish");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out())
        .contains("complete -F _complete_weft")
        .contains(
            "run validate graph runs tasks worker workers webhooks server mcp schedules cache"
                + " types completion")
        .contains("upstream-failed");
    assertThat(zsh.out()).contains("bashcompinit");
    assertThat(fish.exitCode()).isEqualTo(ExitCodes.USAGE);
    Path script = Files.createTempFile("weft-completion", ".bash");
    Files.writeString(script, bash.out());
    Process shell =
        new ProcessBuilder("bash", "-c", "source \"$0\" && complete -p weft", script.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("_complete_weft weft");
    assertThat(shell.waitFor()).isZero();
  }

  @Test
  void versionNamesTheCommitItWasBuiltFrom() throws Exception {
    Process git =
        new ProcessBuilder("git", "rev-parse", "--short=10", "HEAD")
            .directory(Cli.ROOT.toFile())
            .start();
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    git.waitFor();

    String version = Cli.run("--version").out();

    assertThat(version).startsWith("weft ").contains("Java 25");
    assertThat(version.lines().toList().get(1)).startsWith("commit " + head);
  }

  @Test
  void theTopHelpListsTheExitCodes() {
    assertThat(Cli.run("--help").out())
        .contains("Exit codes:")
        .containsPattern("0 +all went well")
        .containsPattern("1 +a manifest is invalid, or the run failed")
        .containsPattern("2 +bad usage")
        .containsPattern("3 +the environment failed")
        .containsPattern("130 +stopped by Ctrl-C");
  }

  @Test
  void statusHelpAndErrorsListEveryStatusOfTheEnum() {
    String help = Cli.run("tasks", "list", "--help").out().replaceAll("\\s+", " ");
    Cli.Result bad = Cli.run("tasks", "list", "--status", "done");

    for (TaskStatus status : TaskStatus.values()) {
      assertThat(help).contains(status.display());
      assertThat(bad.err()).contains(status.display());
    }
    assertThat(bad.exitCode()).isEqualTo(2);
  }

  @Test
  void badUsageSaysWhatIsWrongAndWhereHelpIsNotTheWholeHelp() {
    Cli.Result r = Cli.run("graph", "examples/hello.yaml", "--format", "png");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("Invalid value for option '--format'")
        .endsWith("Run 'weft graph --help' for its options.\n")
        .doesNotContain("Usage:");
  }

  @Test
  void anUnopenableStoreIsAnEnvironmentFailure() throws Exception {
    Path notAStore = Files.createTempFile("not-a-store", ".db");
    Files.writeString(notAStore, "this is not SQLite, and long enough to be read as a header\n");

    Cli.Result r = Cli.run("runs", "list", "--db", notAStore.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
  }

  @Test
  void validateOutputEndsWithANewline() throws Exception {
    try (Stream<Path> files =
        Files.list(Cli.ROOT.resolve("weft-core/src/test/resources/invalid"))) {
      for (Path file : files.toList()) {
        Cli.Result text = Cli.run("validate", file.toString());
        Cli.Result json = Cli.run("validate", file.toString(), "--json");
        assertThat(text.out()).as(file.toString()).endsWith("\n");
        assertThat(json.out()).as(file.toString()).endsWith("\n");
      }
    }
  }
}
