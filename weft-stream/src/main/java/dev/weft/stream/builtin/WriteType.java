package dev.weft.stream.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Sink;
import dev.weft.stream.Stage;
import dev.weft.stream.StageContext;
import dev.weft.stream.StreamNodeType;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code write}: messages to a file as lines, CSV rows or JSON lines. CSV rows are objects whose
 * fields are the declared {@code columns}, or else those of the first message; a message that does
 * not fit is rejected (to the node's errors output, or failing the run).
 */
public final class WriteType implements StreamNodeType {

  @Override
  public String name() {
    return "write";
  }

  @Override
  public String description() {
    return "writes messages to a file as lines, CSV or JSON lines";
  }

  @Override
  public ConfigSchema schema() {
    return Messages.fileSchema("the file to write (replaced)")
        .optional(
            "columns",
            ConfigSchema.Type.LIST,
            "CSV: the columns, in order (default: the fields of the first message)")
        .build();
  }

  @Override
  public Stage create(Node node) {
    String file = (String) node.with().get("file");
    String format = Messages.format(node.with().get("format"), file);
    List<String> columns =
        node.with().get("columns") instanceof List<?> names
            ? names.stream().map(String::valueOf).toList()
            : null;
    if (columns != null && !format.equals("csv")) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": columns: applies to CSV files, and " + file + " is " + format);
    }
    return new Sink<Object>() {
      private BufferedWriter writer;
      private Csv.RowWriter csv;

      @Override
      public void open(StageContext context) throws Exception {
        Path path = Path.of(file).toAbsolutePath();
        try {
          Files.createDirectories(path.getParent());
        } catch (FileAlreadyExistsException fileInTheWay) {
          throw new NotDirectoryException(fileInTheWay.getFile());
        }
        writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        if (format.equals("csv")) {
          csv = new Csv.RowWriter(writer, columns);
        }
      }

      @Override
      public void accept(Object message) throws Exception {
        switch (format) {
          case "csv" -> csv.write(message);
          case "jsonl" -> {
            writer.write(Messages.JSON.writeValueAsString(message));
            writer.newLine();
          }
          default -> {
            writer.write(String.valueOf(message));
            writer.newLine();
          }
        }
      }

      @Override
      public void close() throws Exception {
        if (csv != null) {
          csv.close();
        } else if (writer != null) {
          writer.close();
        }
      }
    };
  }
}
