package dev.weft.tasks.code;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How long one attempt may take before it is interrupted and fails (its retry rule applies), as
 * {@code timeout:} in a manifest.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Timeout {
  /** A duration as manifests write it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
  String value();
}
