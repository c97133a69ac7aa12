/**
 * OpenTelemetry tracing of runs and attempts ({@link dev.weft.tasks.tracing.OtelTracing}): the one
 * place of weft-tasks that knows OpenTelemetry's types; the engine sees {@link
 * dev.weft.tasks.Tracing}.
 */
package dev.weft.tasks.tracing;
