package dev.weft.tasks.postgres;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a real PostgreSQL. Tagged {@code postgres}; skipped with the reason
 * when the server is unreachable, unless {@code WEFT_REQUIRE_POSTGRES} is set (as CI does), in
 * which case it runs and fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
@ExtendWith(PostgresAvailable.class)
public @interface PostgresTest {}
