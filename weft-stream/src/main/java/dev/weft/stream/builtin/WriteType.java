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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code write}: messages to a file as lines, CSV rows (header from the first map) or JSON lines.
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
    return Messages.fileSchema("the file to write (replaced)");
  }

  @Override
  public Stage create(Node node) {
    String file = (String) node.with().get("file");
    String format = Messages.format(node.with().get("format"), file);
    return new Sink<Object>() {
      private BufferedWriter writer;
      private List<String> header;

      @Override
      public void open(StageContext context) throws Exception {
        Path path = Path.of(file).toAbsolutePath();
        try {
          Files.createDirectories(path.getParent());
        } catch (FileAlreadyExistsException fileInTheWay) {
          throw new NotDirectoryException(fileInTheWay.getFile());
        }
        writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      }

      @Override
      public void accept(Object message) throws Exception {
        switch (format) {
          case "csv" -> {
            if (message instanceof Map<?, ?> row) {
              if (header == null) {
                header = new ArrayList<>();
                row.keySet().forEach(k -> header.add(String.valueOf(k)));
                writer.write(Csv.line(header));
                writer.newLine();
              }
              writer.write(Csv.line(header.stream().map(row::get).toList()));
            } else if (message instanceof List<?> cells) {
              writer.write(Csv.line(cells));
            } else {
              writer.write(Csv.line(List.of(message)));
            }
          }
          case "jsonl" -> writer.write(Messages.JSON.writeValueAsString(message));
          default -> writer.write(String.valueOf(message));
        }
        writer.newLine();
      }

      @Override
      public void close() throws Exception {
        if (writer != null) {
          writer.close();
        }
      }
    };
  }
}
