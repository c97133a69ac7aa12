package dev.weft.stream.ipc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypeSource;
import dev.weft.stream.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code python} runtime: node types registered with {@code @weft.node("name")} in the modules
 * of the folders named by the system property {@code weft.python.types} (else the {@code
 * WEFT_PYTHON_TYPES} environment variable; folders separated as on {@code PATH}) and in installed
 * packages' {@code weft.nodes} entry points. It asks the Python host for them ({@code --list}),
 * once per {@link dev.weft.core.spi.NodeTypes}, and only when a manifest needs them. Each runs in
 * its own process, by the Python host, with the node's {@code with:} as its {@code setup(config)}.
 */
public final class PythonTypes implements NodeTypeSource {

  /** The runtime's name, as {@code runtime: python} says it. */
  public static final String RUNTIME = "python";

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String runtime() {
    return RUNTIME;
  }

  @Override
  public List<NodeType> types() {
    List<String> command = new ArrayList<>(PythonType.host(null));
    command.add("--list");
    command.addAll(typesOption());
    String listed;
    Path errors = null;
    try {
      errors = Files.createTempFile("weft-python-types", ".txt");
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      process.getOutputStream().close();
      listed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        List<String> lines = Files.readAllLines(errors);
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed"
                + (lines.isEmpty() ? "" : ": " + lines.getLast().strip()));
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + command.getFirst() + " (hint: set WEFT_PYTHON to the interpreter)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing the Python node types", e);
    } finally {
      deleteQuietly(errors);
    }
    try {
      List<Map<String, String>> types = JSON.readValue(listed, new TypeReference<>() {});
      return types.stream()
          .<NodeType>map(t -> new Registered(t.get("name"), t.get("description")))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("the Python host listed its node types as: " + listed, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary file left in the temporary folder
    }
  }

  /** {@code --types FOLDERS} when folders are configured. */
  private static List<String> typesOption() {
    String folders = System.getProperty("weft.python.types", System.getenv("WEFT_PYTHON_TYPES"));
    return folders == null || folders.isBlank() ? List.of() : List.of("--types", folders);
  }

  /** A type the Python host registers; it runs in its own process. */
  private record Registered(String name, String description) implements ProcessHosted {
    @Override
    public String runtime() {
      return RUNTIME;
    }

    @Override
    public ConfigSchema schema() {
      return ConfigSchema.ANY_KEYS; // the node's setup(config) checks its with:
    }

    @Override
    public List<String> hostCommand(Node node) {
      List<String> command = new ArrayList<>(PythonType.host(null));
      command.addAll(typesOption());
      return command;
    }

    @Override
    public Stage create(Node node) {
      throw new UnsupportedOperationException("a Python node type runs in its own process");
    }
  }
}
