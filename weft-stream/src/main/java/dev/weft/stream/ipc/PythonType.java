package dev.weft.stream.ipc;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Stage;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code python}: a node written in Python ({@code script:} with a {@code process(message)}
 * function, or a class), run by the Python host ({@code python -m weft.host}, from {@code pip
 * install ./python}) in its own process, over shared memory. The interpreter is {@code python:},
 * else the {@code WEFT_PYTHON} environment variable, else {@code python3}. When the system property
 * {@code weft.python.path} names the repository's {@code python} directory, the host runs from
 * there without being installed.
 */
public final class PythonType implements ProcessHosted {

  @Override
  public String name() {
    return "python";
  }

  @Override
  public String description() {
    return "runs a Python script's process(message) in its own process, over shared memory";
  }

  @Override
  public ConfigSchema schema() {
    return ConfigSchema.builder()
        .required("script", ConfigSchema.Type.PATH, "the Python file, e.g. score.py")
        .optional("node", ConfigSchema.Type.STRING, "the name given to @weft.node in the script")
        .optional("python", ConfigSchema.Type.STRING, "the interpreter, e.g. .venv/bin/python")
        .optional("config", ConfigSchema.Type.ANY, "passed to the script's setup(config)")
        .build();
  }

  @Override
  public List<String> hostCommand(Node node) {
    return host(node.with().get("python") instanceof String p ? p : null);
  }

  /**
   * The command that runs the Python host with {@code python}, or with {@code WEFT_PYTHON} else
   * {@code python3} when it is {@code null}: from the repository's {@code python} directory when
   * the system property {@code weft.python.path} names it, else the installed package.
   */
  static List<String> host(String python) {
    String interpreter =
        python != null ? python : System.getenv().getOrDefault("WEFT_PYTHON", "python3");
    String path = System.getProperty("weft.python.path");
    if (path != null) {
      return List.of(interpreter, Path.of(path, "weft", "host.py").toString());
    }
    return List.of(interpreter, "-m", "weft.host");
  }

  @Override
  public Stage create(Node node) {
    throw new UnsupportedOperationException("a python node runs in its own process");
  }
}
