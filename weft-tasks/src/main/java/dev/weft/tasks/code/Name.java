package dev.weft.tasks.code;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The module's id in its pipeline (and in {@code weft tasks tree}); without it the id is the
 * class's simple name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Name {
  /** The id: a letter or _, then letters, digits, _ or -. */
  String value();
}
