package dev.weft.tasks.code;

/**
 * One step of a code-first pipeline: its {@link #run} returns a result of type {@code R}, stored as
 * JSON (Jackson) so that dependents read it back as an {@code R} after a crash or on another
 * worker. Declarations on the class ({@link DependsOn}, {@link Retry}, {@link Timeout}, ...) mean
 * what the manifest fields of the same name mean.
 *
 * <pre>{@code
 * @DependsOn(Compile.class)
 * @Retry(attempts = 3, initial = "200ms")
 * final class Test implements Module<TestReport> {
 *   public TestReport run(ModuleContext ctx) {
 *     Classes classes = ctx.result(Compile.class);
 *     return runTests(classes);
 *   }
 * }
 * }</pre>
 *
 * @param <R> the result's type: anything Jackson writes and reads (records, lists, maps, strings,
 *     numbers), or {@link Void} for none
 */
@FunctionalInterface
public interface Module<R> {

  /**
   * Does the work of one attempt; a thrown exception fails the attempt and the retry rule decides
   * what follows.
   */
  R run(ModuleContext context) throws Exception;
}
