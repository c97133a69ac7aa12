package dev.weft.core;

/**
 * The options of a node of a {@code kind: stream} pipeline, as its manifest section sets them (see
 * docs/stream.md). A new stream option is a component here, a line in the manifest's stream section
 * reader, and the code that acts on it.
 *
 * @param breaker a circuit breaker over the node's messages, or {@code null}
 * @param isolation runs the node in its own OS process, or {@code null} for a thread
 * @param runtime which implementation of the node's type runs it when several runtimes have one
 *     ({@code java}, {@code python}), or {@code null} for {@code auto}: Java first
 */
public record StreamOptions(BreakerSpec breaker, IsolationSpec isolation, String runtime) {

  /** No options set. */
  public static final StreamOptions NONE = new StreamOptions(null, null, null);

  /** The same options with another breaker. */
  public StreamOptions withBreaker(BreakerSpec spec) {
    return new StreamOptions(spec, isolation, runtime);
  }

  /** The same options with another isolation. */
  public StreamOptions withIsolation(IsolationSpec spec) {
    return new StreamOptions(breaker, spec, runtime);
  }

  /** The same options with another runtime. */
  public StreamOptions withRuntime(String name) {
    return new StreamOptions(breaker, isolation, name);
  }
}
