package dev.weft.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Kind;
import dev.weft.core.spi.ConfigSchema;
import dev.weft.core.spi.NodeType;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NodeType#check}: a type's own checks of its config, run by validation once the config fits
 * the schema, with its paths resolved against the manifest's folder.
 */
class TypeCheckTest {

  @TempDir Path dir;

  /** A type whose {@code file} must exist; it records what it was asked to check. */
  private static final class NeedsFile implements NodeType {
    final List<Map<String, Object>> checked = new ArrayList<>();

    @Override
    public String name() {
      return "needs-file";
    }

    @Override
    public Set<Kind> kinds() {
      return Set.of(Kind.TASKS);
    }

    @Override
    public ConfigSchema schema() {
      return ConfigSchema.builder().required("file", ConfigSchema.Type.PATH, "a file").build();
    }

    @Override
    public List<ConfigSchema.Violation> check(Map<String, Object> with) {
      checked.add(with);
      return Files.exists(Path.of((String) with.get("file")))
          ? List.of()
          : List.of(new ConfigSchema.Violation("file", "no file " + with.get("file"), "make it"));
    }
  }

  private List<Problem> load(NeedsFile type, String with) throws Exception {
    Path manifest = Files.createDirectories(dir.resolve("sub")).resolve("m.yaml");
    Files.writeString(
        manifest,
        """
        weft: 1
        name: m
        kind: tasks
        nodes:
          - id: a
            type: needs-file
            with: %s
        """
            .formatted(with));
    return Manifests.load(manifest, Map.of(), NodeTypes.of(type)).problems();
  }

  @Test
  void aTypesOwnProblemIsReportedAtTheKeyWithThePathResolvedAgainstTheManifest() throws Exception {
    NeedsFile type = new NeedsFile();

    List<Problem> problems = load(type, "{ file: data/in.txt }");

    Path expected = dir.resolve("sub/data/in.txt");
    assertThat(type.checked).containsExactly(Map.of("file", expected.toString()));
    assertThat(problems)
        .singleElement()
        .satisfies(p -> {
          assertThat(p.message()).isEqualTo("no file " + expected);
          assertThat(p.hint()).isEqualTo("make it");
          assertThat(p.nodeId()).isEqualTo("a");
          assertThat(p.position().line()).isEqualTo(7);
        });
    Files.createDirectories(expected.getParent());
    Files.writeString(expected, "here");
    assertThat(load(new NeedsFile(), "{ file: data/in.txt }")).isEmpty();
  }

  @Test
  void aConfigThatDoesNotFitTheSchemaIsNotCheckedFurther() throws Exception {
    NeedsFile type = new NeedsFile();

    List<Problem> problems = load(type, "{ file: 3 }");

    assertThat(type.checked).isEmpty();
    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("config 'file' must be a file path"));
  }
}
