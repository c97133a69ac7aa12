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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code read}: a file's lines, CSV rows (maps by header) or JSON lines (maps), in order. */
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
    return Messages.fileSchema("the file to read");
  }

  @Override
  public Stage create(Node node) {
    String file = (String) node.with().get("file");
    String format = Messages.format(node.with().get("format"), file);
    return (Source<Object>)
        out -> {
          try (BufferedReader reader =
              Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            List<String> header = null;
            int lineNumber = 0;
            for (String line = reader.readLine();
                line != null && !out.cancelled();
                line = reader.readLine()) {
              lineNumber++;
              switch (format) {
                case "csv" -> {
                  List<String> cells = Csv.split(line);
                  if (header == null) {
                    header = cells;
                  } else {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                      row.put(header.get(i), i < cells.size() ? cells.get(i) : null);
                    }
                    out.emit(Collections.unmodifiableMap(row));
                  }
                }
                case "jsonl" -> {
                  if (!line.isBlank()) {
                    out.emit(parse(file, lineNumber, line));
                  }
                }
                default -> out.emit(line);
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
