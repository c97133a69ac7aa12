package dev.weft.cli;

import dev.weft.server.client.RemoteCallException;
import dev.weft.tasks.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weft} command: the only {@code main} of the project. */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    versionProvider = Weft.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "Runs pipelines: DAGs of durable tasks and real-time streaming graphs,",
      "defined in YAML or JSON manifests.",
      ""
    },
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      GraphCommand.class,
      RunsCommand.class,
      TasksCommand.class,
      WorkerCommand.class,
      WorkersCommand.class,
      WebhooksCommand.class,
      ServerCommand.class,
      McpCommand.class,
      SchedulesCommand.class,
      CacheCommand.class,
      TypesCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:all went well",
      "1:a manifest is invalid, or the run failed",
      "2:bad usage: an unknown command or option, or a bad value",
      "3:the environment failed: the store, a file, the network",
      "130:stopped by Ctrl-C"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  weft run examples/hello.yaml",
      "  weft run examples/hello.yaml --set name=Ada",
      "  weft run examples/log-errors.yaml --metrics metrics.json",
      "  weft validate examples/*.yaml",
      "  weft graph examples/hello.yaml --format dot | dot -Tsvg > hello.svg",
      "  weft runs list",
      "  weft run --resume 12",
      "  weft server --port 8080",
      "",
      "Run 'weft COMMAND --help' for a command's options."
    })
public final class Weft implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** This process's standard output, told apart from the writers tests give. */
  static final PrintWriter STDOUT = new PrintWriter(System.out, true);

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, ready to execute; tests call this to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Weft());
    cli.setOut(STDOUT);
    cli.setExecutionExceptionHandler(Weft::reportError);
    cli.setParameterExceptionHandler(Weft::reportUsage);
    return cli;
  }

  /** Bad usage: what is wrong and where to read more, not the whole help. */
  private static int reportUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.printf("Run '%s --help' for its options.%n", cli.getCommandSpec().qualifiedName());
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** An unexpected failure: one line for the user, the stack trace only with WEFT_DEBUG set. */
  private static int reportError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof UserError) {
      err.println("weft: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof RemoteCallException remote) {
      // the server said why (or why it could not be reached): nothing more to show
      err.println("weft: " + remote.getMessage());
      return remote.unreachable() ? ExitCodes.ENVIRONMENT : ExitCodes.FAILED;
    }
    err.println(
        "weft: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    if (e instanceof StoreException && e.getCause() == null) {
      return ExitCodes.ENVIRONMENT; // the store said all there is (not a store, say)
    }
    if (System.getenv("WEFT_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("  (set WEFT_DEBUG=1 to see the stack trace)");
    }
    return ExitCodes.ENVIRONMENT;
  }

  /**
   * Reads the version Maven wrote into {@code weft-version.properties} and the commit the build
   * wrote into {@code weft-commit.txt}.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties props = new Properties();
      try (InputStream in = Weft.class.getResourceAsStream("/weft-version.properties")) {
        if (in != null) {
          props.load(in);
        }
      }
      String commit = "";
      try (InputStream in = Weft.class.getResourceAsStream("/weft-commit.txt")) {
        if (in != null) {
          commit = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
      }
      if (commit.isEmpty()) {
        commit = "unknown (not built from a git checkout)";
      } else if (commit.endsWith("-dirty")) {
        commit =
            commit.substring(0, commit.length() - "-dirty".length()) + " with uncommitted changes";
      }
      return new String[] {
        "weft " + props.getProperty("version", "unknown"),
        "commit " + commit,
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
