package dev.weft.tasks.code;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The module waits for these modules and reads their results with {@link
 * ModuleContext#result(Class)}, as {@code after:} in a manifest. Repeat it to mix required and
 * optional dependencies:
 *
 * <pre>{@code
 * @DependsOn(Build.class)
 * @DependsOn(value = Lint.class, optional = true)
 * final class Publish implements Module<Report> { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(DependsOn.List.class)
public @interface DependsOn {

  /** The modules waited for. */
  Class<? extends Module<?>>[] value();

  /**
   * When true, a failed or skipped dependency does not block this module: its result is then absent
   * ({@link ModuleContext#optional(Class)} gives empty).
   */
  boolean optional() default false;

  /** Holds repeated {@link DependsOn}s. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface List {
    /** The repeated annotations. */
    DependsOn[] value();
  }
}
