package dev.weft.tasks.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type and member of the code-first API has a Javadoc comment (the Javadoc build
 * checks that the comments are well formed; this checks that they are there).
 */
class ApiDocumentationTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/weft/tasks/code");

  @Test
  void everyPublicDeclarationHasAComment() throws IOException {
    List<String> undocumented = new ArrayList<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        boolean annotation = lines.stream().anyMatch(l -> l.contains("public @interface"));
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          boolean member = annotation && line.matches("^\\s+[\\w<>\\[\\]?, .]+\\(\\).*;$");
          if (!(line.trim().startsWith("public ") || member)) {
            continue;
          }
          if (line.matches("^\\s*public \\w+ \\{$")) {
            continue; // a record's compact constructor: its record says what it checks
          }
          int above = i - 1;
          boolean inherited = false;
          while (above >= 0 && lines.get(above).trim().startsWith("@")) {
            inherited |= lines.get(above).trim().equals("@Override"); // documented where declared
            above--; // annotations sit between the comment and the declaration
          }
          if (inherited) {
            continue;
          }
          if (above < 0 || !lines.get(above).trim().endsWith("*/")) {
            undocumented.add(file.getFileName() + ":" + (i + 1) + ": " + line.trim());
          }
        }
      }
    }
    assertThat(undocumented).isEmpty();
  }
}
