package io.patchbay.server;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Skips the tests marked {@link SqliteOnly} when the tests run on PostgreSQL. */
public final class SqliteOnlyCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<SqliteOnly> marked =
        AnnotationSupport.findAnnotation(context.getElement(), SqliteOnly.class);
    if (marked.isEmpty() || !TestStores.postgres()) {
      return ConditionEvaluationResult.enabled("runs on every store");
    }
    return ConditionEvaluationResult.disabled("SQLite only: " + marked.get().value());
  }
}
