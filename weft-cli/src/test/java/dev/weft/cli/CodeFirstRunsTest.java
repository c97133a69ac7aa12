package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.tasks.code.CodePipeline;
import dev.weft.tasks.code.WeftConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs an application started with an embedded Weft show in the CLI like any other. */
class CodeFirstRunsTest {

  @TempDir Path dir;

  @Test
  void aCodeFirstRunIsListedAndItsTreeShown() throws Exception {
    CodePipeline.Builder b = CodePipeline.builder("embedded-release");
    var compile = b.add("compile", String.class, ctx -> "classes");
    b.add("package", Integer.class, ctx -> ctx.result(compile).length(), m -> m.after(compile));
    CodePipeline pipeline = b.build();
    String db = dir.resolve("weft.db").toString();
    // the API's Weft, not this package's command of the same name
    try (dev.weft.tasks.code.Weft weft =
        dev.weft.tasks.code.Weft.embedded(WeftConfig.store(db).register(pipeline))) {
      weft.run(pipeline);
    }

    assertThat(Cli.run("runs", "list", "--db", db).out())
        .containsPattern(" +1 +embedded-release +succeeded ");
    String tree = Cli.run("tasks", "tree", "1", "--db", db).out();
    assertThat(tree).contains("Run 1 embedded-release").contains("compile").contains("package");
    assertThat(Cli.run("tasks", "show", "3", "--db", db).out()).contains("7");
  }
}
