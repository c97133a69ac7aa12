package dev.weft.tasks.code;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The module is skipped when a condition holds; true gives status {@code skipped}, which its
 * dependents treat as a manifest's {@code when:} says. Either an expression, checked when the
 * pipeline is built and evaluated exactly as {@code when:} is ({@code @SkipIf(expr = "params.env ==
 * 'prod'")}), or a {@link Condition} class with a public no-argument constructor, evaluated when
 * the task starts ({@code @SkipIf(IsRelease.class)}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SkipIf {

  /** A condition class, or {@link Condition} itself when {@link #expr} is given instead. */
  Class<? extends Condition> value() default Condition.class;

  /** An expression over {@code params}, {@code results} and {@code status}, or empty. */
  String expr() default "";
}
