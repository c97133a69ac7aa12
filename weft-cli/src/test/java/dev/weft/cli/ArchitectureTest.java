package dev.weft.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.weft.core.archfixture.ReachesUp;
import dev.weft.tasks.archfixture.KnowsOpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * Modules depend only on modules above them in the layout (core, stream, tasks, audio, server,
 * cli); weft-core depends on nothing of ours. Only {@code dev.weft.tasks.tracing} knows
 * OpenTelemetry's types: the engine and the rest see {@code dev.weft.tasks.Tracing}. Checked on the
 * classes of every module this one sees.
 */
class ArchitectureTest {

  /** The module layering; layers without classes yet are optional. */
  static final ArchRule MODULES_DEPEND_ONLY_UPWARDS =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("core")
          .definedBy("dev.weft.core..")
          .layer("stream")
          .definedBy("dev.weft.stream..")
          .layer("tasks")
          .definedBy("dev.weft.tasks..")
          .layer("audio")
          .definedBy("dev.weft.audio..")
          .layer("server")
          .definedBy("dev.weft.server..")
          .layer("cli")
          .definedBy("dev.weft.cli..")
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("server")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("audio")
          .mayOnlyBeAccessedByLayers("server", "cli")
          .whereLayer("tasks")
          .mayOnlyBeAccessedByLayers("audio", "server", "cli")
          .whereLayer("stream")
          .mayOnlyBeAccessedByLayers("tasks", "audio", "server", "cli");

  static final ArchRule ONLY_TRACING_KNOWS_OPENTELEMETRY =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.weft.tasks.tracing..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.opentelemetry..");

  private static JavaClasses production() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.weft");
  }

  @Test
  void onlyTheTracingPackageKnowsOpenTelemetry() {
    ONLY_TRACING_KNOWS_OPENTELEMETRY.check(production());
  }

  @Test
  void theRuleCatchesAnEngineClassThatUsesOpenTelemetry() {
    JavaClasses withViolation = new ClassFileImporter().importClasses(KnowsOpenTelemetry.class);

    assertThat(ONLY_TRACING_KNOWS_OPENTELEMETRY.evaluate(withViolation).hasViolation()).isTrue();
  }

  @Test
  void modulesDependOnlyOnModulesAboveThem() {
    JavaClasses production = production();

    assertThat(production.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .as("classes of every module on the class path were imported")
        .contains("core", "stream", "tasks", "audio", "cli");
    MODULES_DEPEND_ONLY_UPWARDS.check(production);
  }

  @Test
  void theRuleCatchesACoreClassThatReachesIntoTheCli() {
    JavaClasses withViolation = new ClassFileImporter().importClasses(ReachesUp.class, Weft.class);

    assertThat(MODULES_DEPEND_ONLY_UPWARDS.evaluate(withViolation).hasViolation()).isTrue();
  }
}
