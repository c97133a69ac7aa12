package dev.weft.tasks.code;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Labels for selecting modules ({@code weft run --only tag:NAME}), as {@code tags:}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Tags {
  /** The tags. */
  String[] value();
}
