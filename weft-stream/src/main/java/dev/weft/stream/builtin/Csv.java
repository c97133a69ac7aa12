package dev.weft.stream.builtin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.weft.stream.Emitter;
import dev.weft.stream.RejectedMessageException;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV files (RFC 4180) through Jackson's CSV module: rows read as maps by their header, maps
 * written as rows under declared or first-seen columns. A row or a message that does not fit is
 * rejected with its file, line and reason, never dropped or cut to fit.
 */
final class Csv {

  /** Strict: a trailing comma is an empty last field, as RFC 4180 has it; blank lines skipped. */
  private static final CsvFactory READ =
      CsvFactory.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .disable(CsvParser.Feature.ALLOW_TRAILING_COMMA)
          .build();

  private static final CsvMapper WRITE = new CsvMapper();

  private Csv() {}

  /**
   * Emits the rows of a CSV text as maps of the header's names to the row's cells. A row with more
   * or fewer fields than the header is rejected with its cells; a quote that is never closed (or
   * other broken quoting) is rejected too, and ends the reading, since the rest of the file cannot
   * be told apart into rows.
   *
   * @param file the file's name, for messages
   * @param maxValue the longest value read; a longer one ends the reading, rejected
   */
  static void read(String file, Reader text, int maxValue, Emitter<Object> out) throws IOException {
    CsvFactory limited =
        READ.rebuild()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(maxValue).build())
            .build();
    try (JsonParser parser = limited.createParser(text)) {
      List<String> header = null;
      List<String> cells = List.of();
      int line = 1;
      try {
        parser.nextToken(); // the whole text, as an array of rows
        while (!out.cancelled() && parser.nextToken() == JsonToken.START_ARRAY) {
          line = parser.currentLocation().getLineNr();
          cells = new ArrayList<>();
          for (JsonToken t = parser.nextToken();
              t != null && t != JsonToken.END_ARRAY;
              t = parser.nextToken()) {
            cells.add(parser.getText());
          }
          if (header == null) {
            header = header(file, line, cells);
          } else if (cells.size() != header.size()) {
            out.reject(
                cells,
                String.format(
                    "%s:%d: %d field%s, the header has %d (%s)",
                    file,
                    line,
                    cells.size(),
                    cells.size() == 1 ? "" : "s",
                    header.size(),
                    String.join(",", header)));
          } else {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
              row.put(header.get(i), cells.get(i));
            }
            out.emit(Collections.unmodifiableMap(row));
          }
        }
      } catch (StreamConstraintsException e) {
        out.reject(
            cells,
            String.format(
                "%s:%d: a value is longer than max-line (%,d characters); the rest of the file was"
                    + " not read; raise max-line under with: to read it",
                file, line, maxValue));
      } catch (StreamReadException e) {
        String reason =
            e.getOriginalMessage().startsWith("Missing closing quote")
                ? "a quoted value in the row starting on this line is never closed"
                : "not CSV: " + e.getOriginalMessage();
        out.reject(
            cells, file + ":" + line + ": " + reason + "; the rest of the file was not read");
      }
    }
  }

  private static List<String> header(String file, int line, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            file + ":" + line + ": the header names the column '" + name + "' twice");
      }
    }
    return List.copyOf(names);
  }

  /**
   * Writes messages as CSV rows. The columns are the declared ones, or else the fields of the first
   * message; the header row is written with them. A message that is not an object, or has a field
   * that is not a column, or a field holding an object or a list, is rejected; a missing field is
   * an empty cell.
   */
  static final class RowWriter implements Closeable {
    private final Writer out;
    private final boolean declared;
    private List<String> columns;
    private SequenceWriter rows;

    /**
     * @param columns the declared columns, or {@code null} to take them from the first message
     */
    RowWriter(Writer out, List<String> columns) throws IOException {
      this.out = out;
      this.declared = columns != null;
      if (declared) {
        start(columns);
      }
    }

    private void start(List<String> names) throws IOException {
      columns = List.copyOf(names);
      CsvSchema schema =
          CsvSchema.builder().addColumns(columns, CsvSchema.ColumnType.STRING).build();
      ObjectWriter writer =
          WRITE.writer(schema.withHeader()).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
      // With one column an empty cell would be a blank line, which readers skip: write it as "".
      rows =
          (columns.size() == 1
                  ? writer.with(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS)
                  : writer)
              .writeValues(out);
    }

    void write(Object message) throws IOException, RejectedMessageException {
      if (!(message instanceof Map<?, ?> fields)) {
        throw new RejectedMessageException(
            "a CSV row is an object of fields, not " + Messages.kind(message));
      }
      if (columns == null) {
        List<String> names = new ArrayList<>();
        fields.keySet().forEach(k -> names.add(String.valueOf(k)));
        start(names);
      }
      Object[] row = new Object[columns.size()];
      Arrays.fill(row, "");
      for (Map.Entry<?, ?> field : fields.entrySet()) {
        String name = String.valueOf(field.getKey());
        int column = columns.indexOf(name);
        if (column < 0) {
          throw new RejectedMessageException(
              "field '"
                  + name
                  + "' is not a column of the file ("
                  + String.join(",", columns)
                  + (declared
                      ? "); add it to columns:"
                      : ", from the first message); declare every column in columns:"));
        }
        Object value = field.getValue();
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
          throw new RejectedMessageException(
              "field '" + name + "' is " + Messages.kind(value) + "; a CSV cell holds one value");
        }
        if (value != null) {
          row[column] =
              value instanceof Number || value instanceof Boolean ? value : value.toString();
        }
      }
      rows.write(row); // an array: for an empty map, Jackson would write no row at all
    }

    @Override
    public void close() throws IOException {
      if (rows != null) {
        rows.close();
      } else {
        out.close();
      }
    }
  }
}
