package dev.weft.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code weft} in-process from the repository root, capturing what it prints. */
final class Cli {

  /** The repository root: tests run in the module directory. */
  static final Path ROOT = findRoot();

  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Weft.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] resolved = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      resolved[i] =
          args[i].matches("[\\w/.-]+\\.(yaml|yml|json)")
              ? ROOT.resolve(args[i]).toString()
              : args[i];
    }
    int code = cli.execute(resolved);
    String root = ROOT + "/";
    return new Result(code, out.toString().replace(root, ""), err.toString().replace(root, ""));
  }

  /**
   * A {@code weft} process with the tests' class path, started from the module directory, for tests
   * that kill it or send it a signal.
   */
  static ProcessBuilder process(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Weft.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("weft")) || !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
