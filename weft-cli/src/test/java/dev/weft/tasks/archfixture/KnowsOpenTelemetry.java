package dev.weft.tasks.archfixture;

import io.opentelemetry.api.trace.Span;

/** An engine class that uses OpenTelemetry itself: the architecture rule must catch it. */
public final class KnowsOpenTelemetry {

  private KnowsOpenTelemetry() {}

  /** Ends the current span. */
  public static void endCurrent() {
    Span.current().end();
  }
}
