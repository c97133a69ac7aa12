package dev.weft.stream.builtin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.core.Node;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.stream.Source;
import dev.weft.stream.Stage;
import dev.weft.stream.StreamNodeType;
import java.io.BufferedReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code read}: a file's lines, CSV rows (maps by header) or JSON lines (maps), in order. A CSV row
 * that does not fit its header, a line that is not JSON and a line longer than {@code max-line} are
 * rejected with the file and line (to the node's errors output, or failing the run).
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

  /** The longest line read by default, in characters: 32 Mi. */
  static final int MAX_LINE = 32 * 1024 * 1024;

  @Override
  public ConfigSchema schema() {
    return Messages.fileSchema("the file to read")
        .optional(
            "max-line",
            ConfigSchema.Type.INTEGER,
            String.format(
                "the longest line (CSV: value) read, in characters (default %,d);"
                    + " a longer one is rejected",
                MAX_LINE))
        .build();
  }

  @Override
  public Stage create(Node node) {
    String file = (String) node.with().get("file");
    String format = Messages.format(node.with().get("format"), file);
    long maxLine = ((Number) node.with().getOrDefault("max-line", MAX_LINE)).longValue();
    if (maxLine < 1 || maxLine > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "node " + node.id() + ": max-line must be from 1 to " + (Integer.MAX_VALUE - 8));
    }
    int max = (int) maxLine;
    // A string inside a line is never longer than the line: only max-line limits what is read.
    ObjectMapper json =
        new ObjectMapper(
            JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(max).build())
                .build());
    return (Source<Object>)
        out -> {
          try (BufferedReader reader =
              Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
              Csv.read(file, reader, max, out);
              return;
            }
            Lines lines = new Lines(reader, max);
            for (Lines.Line line = lines.next();
                line != null && !out.cancelled();
                line = lines.next()) {
              String where = file + ":" + line.number() + ": ";
              if (line.length() > max) {
                out.reject(
                    Messages.abbreviate(line.text()),
                    String.format(
                        "%sthe line is %,d characters long, over max-line (%,d), and was not read;"
                            + " raise max-line under with: to read it",
                        where, line.length(), max));
              } else if (!format.equals("jsonl")) {
                out.emit(line.text());
              } else if (!line.text().isBlank()) {
                try {
                  out.emit(json.readValue(line.text(), Object.class));
                } catch (JsonProcessingException e) {
                  out.reject(line.text(), where + "not JSON: " + e.getOriginalMessage());
                }
              }
            }
          } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
          }
        };
  }
}
