package dev.weft.cli;

import dev.weft.core.spi.NodeTypes;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.tasks.TaskEngine;
import dev.weft.tasks.store.TaskStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft server}: the task store over HTTP, and a worker on it. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    header = "Serve the task store over HTTP (JSON-RPC), and work its tasks.",
    usageHelpAutoWidth = true,
    description =
        "Serves the task API over HTTP: POST /rpc (JSON-RPC 2.0), GET /openrpc.json, GET /health"
            + " and /health/ready, GET /metrics (Prometheus), GET /events (Server-Sent Events of"
            + " task and run changes), and the dashboard at GET /. Runs may name webhooks, signed"
            + " with the secret in WEFT_WEBHOOK_SECRET or server.webhook-secret. By default the"
            + " server also works the"
            + " store's tasks, as 'weft worker' does, so runs submitted through it execute; with"
            + " --no-work it only serves (other workers do the work). It listens on 127.0.0.1"
            + " unless --bind names another address, which needs auth: tokens in the config file's"
            + " server.tokens or WEFT_TOKENS (user:scope+scope:token), or a JWT secret in"
            + " WEFT_JWT_SECRET; a token with the work scope lets 'weft worker --server' work"
            + " through it from machines that cannot reach the database. SIGTERM or Ctrl-C stops it: the worker drains (running tasks"
            + " finish within 30 s, the rest are put back), then HTTP stops. See docs/api.md.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  weft server",
      "  weft server --port 9000 --db postgresql://weft@db-host/weft --no-work",
      "  WEFT_TOKENS=ci:read+submit:$$CI_TOKEN weft server --bind 0.0.0.0"
    })
final class ServerCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin StoreOptions storeOptions;

  @Mixin WorkOptions work;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "The port (default: server.port of the config file, else 8080; 0: any free one).")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "The address to listen on (default: 127.0.0.1; any other needs auth).")
  String bind;

  @Option(
      names = "--no-work",
      description = "Only serve: this process works no tasks (other workers do).")
  boolean noWork;

  @Option(
      names = "--a2a-tck-profile",
      arity = "0..1",
      fallbackValue = "1.0",
      paramLabel = "VERSION",
      description =
          "For A2A conformance runs only: answers the A2A conformance kit's test messages with"
              + " built-in pipelines, and serves the agent card of VERSION (1.0, the default, or"
              + " 0.3) to requests that name no version. See docs/a2a.md.")
  String a2aTckProfile;

  @Option(
      names = "--mcp-conformance-profile",
      description =
          "For runs of the MCP conformance suite only: /mcp also serves the suite's test fixtures"
              + " (test_* tools and prompts, test:// resources, a completion) beside Weft's own."
              + " Never on by default. See docs/mcp.md.")
  boolean mcpConformance;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ConfigFile file = work.configFile();
    ServerConfig config;
    try {
      config = ServerConfig.read(file.server(), System.getenv(), "server");
    } catch (IllegalArgumentException e) {
      throw new UserError("config: " + e.getMessage());
    }
    if (bind != null) {
      config = config.withBind(bind);
    }
    if (port != null) {
      if (port < 0 || port > 65535) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--port: 0 to 65535, not " + port);
      }
      config = config.withPort(port);
    }
    if (noWork) {
      config = config.withWork(false);
    }
    if (work.allowShell || file.allowShell()) {
      config = config.withAllowShell(true);
    }
    if (a2aTckProfile != null) {
      if (!a2aTckProfile.equals("1.0") && !a2aTckProfile.equals("0.3")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--a2a-tck-profile: 1.0 or 0.3, not " + a2aTckProfile);
      }
      config = config.withA2aTckProfile(a2aTckProfile);
    }
    if (mcpConformance) {
      config = config.withMcpConformance(true);
    }
    try {
      config.check();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    NodeTypes types = NodeTypes.load();
    // SIGTERM or Ctrl-C: the JVM exits once its shutdown hooks end, so the hook stops the server
    // and waits until this thread has closed the store and said so.
    CountDownLatch done = new CountDownLatch(1);
    try {
      serve(config, types, out, done);
    } finally {
      done.countDown();
    }
    return ExitCodes.OK;
  }

  private void serve(ServerConfig config, NodeTypes types, PrintWriter out, CountDownLatch done)
      throws InterruptedException {
    Thread stopOnSignal = null;
    try (TaskStore store = storeOptions.openOrCreate();
        TaskEngine engine =
            config.work() ? new TaskEngine(store, types, work.engineOptions()) : null) {
      WeftServer server;
      try {
        server = WeftServer.start(config, store, types, engine, work.tracing());
      } catch (RuntimeException e) {
        throw new UserError(
            "cannot serve on "
                + config.bind()
                + ":"
                + config.port()
                + ": "
                + (e.getCause() != null && e.getCause().getMessage() != null
                    ? e.getCause().getMessage()
                    : e.getMessage()));
      }
      out.printf(
          "Weft server on %s, store %s%s%s%n",
          server.uri(),
          storeOptions,
          engine == null ? ", not working tasks" : ", working tasks as " + engine.workerId(),
          config.authConfigured() ? ", auth on" : ", no auth (loopback only)");
      out.flush();
      stopOnSignal =
          new Thread(() -> {
            out.println("Stopping: draining the worker, then HTTP");
            out.flush();
            server.close();
            try {
              done.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      Runtime.getRuntime().addShutdownHook(stopOnSignal);
      try {
        server.awaitStop();
      } finally {
        server.close();
      }
    } finally {
      if (stopOnSignal != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        } catch (IllegalStateException shuttingDown) {
          // the hook is the one stopping us; it waits for 'done'
        }
      }
    }
    out.println("Stopped");
    out.flush();
  }
}
