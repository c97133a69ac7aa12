package dev.weft.cli;

import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code weft types}: the node types on the class path and of the other runtimes (Python), their
 * config keys, and which runtimes implement each.
 */
@Command(
    name = "types",
    mixinStandardHelpOptions = true,
    header = "List the node types and their config keys.",
    usageHelpAutoWidth = true,
    description =
        "Lists the node types available to manifests, with their config keys and the runtimes"
            + " that implement each (java, python: pick one with runtime: on the node).")
final class TypesCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    NodeTypes types = NodeTypes.load();
    types.all().stream()
        .sorted(Comparator.comparing(NodeType::name))
        .forEach(type -> {
          String kinds =
              type.kinds().stream()
                  .map(k -> k.manifestName())
                  .sorted()
                  .collect(Collectors.joining(", "));
          out.printf(
              "%-16s %s  [%s]  runtimes: %s%n",
              type.name(),
              type.description(),
              kinds,
              String.join(", ", types.runtimes(type.name())));
          for (ConfigSchema.Field f : type.schema().fields()) {
            out.printf(
                "    %-14s %s%s: %s%n",
                f.name(),
                f.type().name().toLowerCase(java.util.Locale.ROOT),
                f.required() ? ", required" : "",
                f.description());
          }
        });
    for (String runtime : types.runtimeNames()) {
      types
          .problem(runtime)
          .ifPresent(p -> out.printf("(%s node types could not be listed: %s)%n", runtime, p));
    }
    out.flush();
  }
}
