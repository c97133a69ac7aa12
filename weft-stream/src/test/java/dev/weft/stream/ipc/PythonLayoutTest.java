package dev.weft.stream.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Python host's layout constants are ShmLayout's, every one of them. */
class PythonLayoutTest {

  @Test
  void everyConstantOfShmLayoutHasTheSameValueInPython() throws Exception {
    Path file = Path.of(System.getProperty("weft.python.path"), "weft", "_layout.py");
    Map<String, Long> python = new HashMap<>();
    Matcher m =
        Pattern.compile("(?m)^([A-Z_]+) = (0x[0-9A-Fa-f]+|\\d+)$").matcher(Files.readString(file));
    while (m.find()) {
      python.put(m.group(1), Long.decode(m.group(2)));
    }
    int compared = 0;
    for (Field field : ShmLayout.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        assertThat(python)
            .as(field.getName())
            .containsEntry(field.getName(), ((Number) field.get(null)).longValue());
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(30);
    assertThat(python).hasSize(compared);
  }
}
