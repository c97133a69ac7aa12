package dev.weft.tasks.code;

/**
 * A condition written in Java for {@link RunIf} or {@link SkipIf}, or for {@link
 * ModuleSettings#runIf(Condition)}. It sees what the module would see: the run parameters and the
 * results of its dependencies.
 */
@FunctionalInterface
public interface Condition {

  /** Whether the condition holds for this task. */
  boolean test(ModuleContext context) throws Exception;
}
