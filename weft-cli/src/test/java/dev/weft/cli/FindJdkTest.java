package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code ./mvnw} and {@code ./weft} find a JDK 25 ({@code .mvn/find-jdk.sh}), on folders laid
 * out like installed JDKs. {@code .ci/run} runs the real build with JAVA_HOME unset on top of this.
 */
class FindJdkTest {

  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  @Test
  void aJdk25IsFoundWhenJavaHomeNamesAnOlderOne() throws Exception {
    Path old = fakeJdk("jdk-17", "17.0.15");
    Path current = fakeJdk("jdk-25", "25.0.3");

    Result r = find(Map.of("JAVA_HOME", old.toString(), "WEFT_JDK_SEARCH", dir + "/*"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(current.toString());
  }

  @Test
  void javaHomeWinsWhenItIsNewEnough() throws Exception {
    fakeJdk("jdk-25", "25.0.3");
    Path newer = fakeJdk("jdk-26", "26");

    Result r = find(Map.of("JAVA_HOME", newer.toString(), "WEFT_JDK_SEARCH", dir + "/*"));

    assertThat(r.out().strip()).isEqualTo(newer.toString());
  }

  @Test
  void withoutAJdk25TheMessageSaysWhereItLookedAndHowToInstallOne() throws Exception {
    Path old = fakeJdk("jdk-17", "17.0.15");

    Result r = find(Map.of("WEFT_JDK_SEARCH", dir + "/*"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("needs a JDK 25 or newer, and found none")
        .contains("looked in JAVA_HOME (unset)")
        .contains(dir + "/*")
        .contains(old + " (Java 17)")
        .contains("https://adoptium.net");
  }

  @Test
  void theMavenWrapperStopsWithTheSameMessage() throws Exception {
    Result r =
        run(List.of(Cli.ROOT.resolve("mvnw").toString(), "-v"), Map.of("WEFT_JDK_SEARCH", ""));

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("needs a JDK 25 or newer, and found none");
  }

  private Path fakeJdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    Path bin = Files.createDirectories(home.resolve("bin"));
    for (String tool : List.of("java", "javac")) {
      executable(bin.resolve(tool), "exit 0");
    }
    return home;
  }

  private static void executable(Path script, String body) throws IOException {
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Result find(Map<String, String> env) throws Exception {
    String script = Cli.ROOT.resolve(".mvn/find-jdk.sh").toString();
    return run(List.of("/bin/sh", "-c", ". '" + script + "' && weft_find_jdk"), env);
  }

  /**
   * Runs a command with JAVA_HOME unset and a PATH that holds only the tools the scripts use (so no
   * java or javac), plus {@code env}.
   */
  private Result run(List<String> command, Map<String, String> env) throws Exception {
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : List.of("sed", "dirname", "readlink")) {
      executable(tools.resolve(tool), "exec /usr/bin/" + tool + " \"$@\"");
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("JAVA_HOME");
    builder.environment().put("PATH", tools.toString());
    builder.environment().putAll(env);
    builder.redirectOutput(dir.resolve("out.txt").toFile());
    builder.redirectError(dir.resolve("err.txt").toFile());
    Process p = builder.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }
}
