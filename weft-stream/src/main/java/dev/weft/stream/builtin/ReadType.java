package dev.weft.stream.builtin;

import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Source;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code read}: a file's lines, CSV rows (maps by header) or JSON lines (maps), in order. A CSV row
 * that does not fit its header is rejected (to the node's errors output, or failing the run).
 */
public final class ReadType implements StreamNodeType {

  @Override
  public String name() {
    return "read";
  }

  @Override
  public String description() {
    return "emits a file's lines, CSV rows or JSON lines";
  }

  @Override
  public ConfigSchema schema() {
    return Messages.fileSchema("the file to read").build();
  }

  @Override
  public Stage create(Node node) {
    String file = (String) node.with().get("file");
    String format = Messages.format(node.with().get("format"), file);
    return (Source<Object>)
        out -> {
          try (BufferedReader reader =
              Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
              Csv.read(file, reader, out);
              return;
            }
            int lineNumber = 0;
            for (String line = reader.readLine();
                line != null && !out.cancelled();
                line = reader.readLine()) {
              lineNumber++;
              if (!format.equals("jsonl")) {
                out.emit(line);
              } else if (!line.isBlank()) {
                out.emit(parse(file, lineNumber, line));
              }
            }
          }
        };
  }

  private static Object parse(String file, int line, String text) {
    try {
      return Messages.JSON.readValue(text, Object.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          file + ":" + line + ": not JSON: " + e.getOriginalMessage());
    }
  }
}
