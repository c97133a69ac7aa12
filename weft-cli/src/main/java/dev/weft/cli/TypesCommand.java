package dev.weft.cli;

import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code weft types}: the node types on the class path and their config keys. */
@Command(
    name = "types",
    mixinStandardHelpOptions = true,
    header = "List the node types and their config keys.",
    usageHelpAutoWidth = true,
    description = "Lists the node types available to manifests, with their config keys.")
final class TypesCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    NodeTypes.load().all().stream()
        .sorted(Comparator.comparing(NodeType::name))
        .forEach(type -> {
          String kinds =
              type.kinds().stream()
                  .map(k -> k.manifestName())
                  .sorted()
                  .collect(Collectors.joining(", "));
          out.printf("%-16s %s  [%s]%n", type.name(), type.description(), kinds);
          for (ConfigSchema.Field f : type.schema().fields()) {
            out.printf(
                "    %-14s %s%s: %s%n",
                f.name(),
                f.type().name().toLowerCase(java.util.Locale.ROOT),
                f.required() ? ", required" : "",
                f.description());
          }
        });
    out.flush();
  }
}
