package dev.weft.cli;

import dev.weft.core.spi.NodeTypes;
import dev.weft.server.RpcGateway;
import dev.weft.server.ServerConfig;
import dev.weft.server.mcp.McpStdio;
import dev.weft.tasks.RunListener;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.TaskStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft mcp}: the Model Context Protocol on stdin and stdout, for an assistant. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    header = "Serve the Model Context Protocol on stdin/stdout, for an AI assistant.",
    usageHelpAutoWidth = true,
    description =
        "An MCP server over stdio, for an assistant that starts it as a subprocess: it reads"
            + " JSON-RPC messages from stdin and writes them to stdout, nothing else (logs go to"
            + " stderr). Its tools validate manifests, run stored pipelines or inline manifests"
            + " and follow, cancel, retry and copy runs and tasks; its resources are"
            + " weft://runs/{id}, weft://tasks/{id} and weft://pipelines/{name}. Requests are made"
            + " as the local user, with every scope. By default it also works the store's tasks,"
            + " as 'weft worker' does, so runs it starts execute; with --no-work others do. It"
            + " stops when stdin closes. 'weft server' serves the same over HTTP at /mcp. See"
            + " docs/mcp.md.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  weft mcp",
      "  weft mcp --db postgresql://weft@db-host/weft --no-work",
      "  weft mcp --pipelines pipelines/",
      "  an assistant's config entry (examples/agents/mcp.json):",
      "    {\"command\": \"weft\", \"args\": [\"mcp\", \"--db\", \"/path/to/weft.db\"]}"
    })
final class McpCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin StoreOptions storeOptions;

  @Mixin WorkOptions work;

  @Option(
      names = "--pipelines",
      paramLabel = "DIR",
      description =
          "The folder of stored pipelines run_pipeline can name (default: server.pipelines of"
              + " the config file).")
  Path pipelines;

  @Option(
      names = "--no-work",
      description = "Only serve: this process works no tasks (other workers do).")
  boolean noWork;

  @Option(
      names = "--mcp-conformance-profile",
      description =
          "For runs of the MCP conformance suite only: it also serves the suite's test fixtures"
              + " (test_* tools and prompts, test:// resources, a completion) beside Weft's own."
              + " Never on by default. See docs/mcp.md.")
  boolean mcpConformance;

  @Override
  public Integer call() throws InterruptedException {
    // stdout carries the protocol only: whatever else prints goes to stderr.
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      serve(config(), protocol);
    } finally {
      System.setOut(stdout);
    }
    return ExitCodes.OK;
  }

  private ServerConfig config() {
    ConfigFile file = work.configFile();
    ServerConfig config;
    try {
      config = ServerConfig.read(file.server(), System.getenv(), "server");
    } catch (IllegalArgumentException e) {
      throw new UserError("config: " + e.getMessage());
    }
    if (pipelines != null) {
      config = config.withPipelines(pipelines.toAbsolutePath().normalize());
    }
    if (noWork) {
      config = config.withWork(false);
    }
    if (work.allowShell || file.allowShell()) {
      config = config.withAllowShell(true);
    }
    return config;
  }

  private void serve(ServerConfig config, OutputStream protocol) throws InterruptedException {
    NodeTypes types = NodeTypes.load();
    try (TaskStore store = storeOptions.openOrCreate();
        TaskEngine engine =
            config.work() ? new TaskEngine(store, types, work.engineOptions()) : null;
        RpcGateway gateway = RpcGateway.local(config, store, types, work.tracing())) {
      Thread worker =
          engine == null
              ? null
              : Thread.ofPlatform().name("weft-mcp-worker").start(() -> work(engine));
      try {
        McpStdio.serve(gateway, mcpConformance, System.in, protocol);
      } finally {
        if (engine != null) {
          engine.drain();
          worker.join(Duration.ofSeconds(40));
        }
      }
    }
  }

  private static void work(TaskEngine engine) {
    try {
      engine.work(RunListener.NONE, false, Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
