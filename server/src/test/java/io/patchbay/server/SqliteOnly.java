package io.patchbay.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that is about the SQLite store itself, such as its file or its
 * folder lock: it runs when the tests run on SQLite and is reported skipped, with
 * {@link #value}, when they run on PostgreSQL ({@link TestStores#postgres}).
 *
 * <p>A test that fails on PostgreSQL for any other reason shows a bug to fix, not a test to
 * mark.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SqliteOnlyCondition.class)
public @interface SqliteOnly {
  /** Why the test holds for SQLite alone, in one line. */
  String value();
}
