package dev.weft.tasks.code;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The module's retry rule, as {@code retry:} in a manifest.
 *
 * <pre>{@code
 * @Retry(attempts = 3, backoff = "exponential", initial = "100ms", max = "5s")
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Retry {
  /** Total attempts, the first one included. */
  int attempts();

  /** {@code none}, {@code fixed} or {@code exponential}. */
  String backoff() default "exponential";

  /** The first delay. */
  String initial() default "1s";

  /** The largest delay (exponential backoff), or empty for no cap. */
  String max() default "";

  /** Retry only errors whose class (or a superclass) has one of these simple or full names. */
  String[] on() default {};
}
