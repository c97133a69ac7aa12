package dev.weft.tasks.code;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reuses an earlier result with the same input fingerprint, as {@code cache:} in a manifest. Module
 * results are fingerprinted by the module's id, the run parameters and the dependencies' results.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Cache {
  /** {@code auto}, or an expression over {@code params}, {@code results} and {@code status}. */
  String key() default "auto";

  /** How long a cached result stays usable ({@code 1d}), or empty for ever. */
  String ttl() default "";
}
