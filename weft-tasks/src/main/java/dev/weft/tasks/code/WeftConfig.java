package dev.weft.tasks.code;

import dev.weft.core.RoutingSpec;
import dev.weft.tasks.EngineOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What an embedded {@link Weft} opens and runs: the store (a SQLite file, a PostgreSQL address or
 * an application's {@link DataSource}), the code pipelines it registers, and how its engine works.
 *
 * <pre>{@code
 * WeftConfig config = WeftConfig.sqlite(Path.of(".weft/weft.db"))
 *     .register(release)
 *     .concurrency(4);
 * }</pre>
 *
 * @param location a SQLite file or a {@code postgresql://} address, or {@code null} with a data
 *     source
 * @param dataSource a PostgreSQL data source, or {@code null}
 * @param pipelines the code pipelines this application runs
 * @param options how the engine works (concurrency, lease, limits, clock)
 * @param application the name of the application: a worker serves the modules of its own
 *     application only, so a {@code weft worker} or another application on the same store never
 *     claims them
 */
public record WeftConfig(
    String location,
    DataSource dataSource,
    List<CodePipeline> pipelines,
    EngineOptions options,
    String application) {

  /** The application name when none is given. */
  public static final String DEFAULT_APPLICATION = "app";

  public WeftConfig {
    if ((location == null) == (dataSource == null)) {
      throw new IllegalArgumentException("give a store location or a data source, not both");
    }
    pipelines = List.copyOf(pipelines);
    Objects.requireNonNull(options, "options");
    if (!RoutingSpec.isLabel(label(Objects.requireNonNull(application, "application")))) {
      throw new IllegalArgumentException(
          "bad application name '" + application + "': use letters, digits, _, ., : or -");
    }
  }

  /**
   * A store where {@code weft --db} would find it: a {@code postgresql://} address or JDBC URL, or
   * else a SQLite file.
   */
  public static WeftConfig store(String location) {
    return new WeftConfig(location, null, List.of(), EngineOptions.defaults(), DEFAULT_APPLICATION);
  }

  /** A store in the SQLite file {@code file} (made with its folders when missing). */
  public static WeftConfig sqlite(Path file) {
    return new WeftConfig(
        file.toString(), null, List.of(), EngineOptions.defaults(), DEFAULT_APPLICATION);
  }

  /** A store in PostgreSQL at {@code postgresql://user@host:port/db} or a JDBC URL. */
  public static WeftConfig postgres(String address) {
    return new WeftConfig(address, null, List.of(), EngineOptions.defaults(), DEFAULT_APPLICATION);
  }

  /** A store in the PostgreSQL database behind the application's own data source. */
  public static WeftConfig postgres(DataSource dataSource) {
    return new WeftConfig(
        null, dataSource, List.of(), EngineOptions.defaults(), DEFAULT_APPLICATION);
  }

  /** The same config, also registering these pipelines. */
  public WeftConfig register(CodePipeline... more) {
    List<CodePipeline> all = new ArrayList<>(pipelines);
    all.addAll(List.of(more));
    return new WeftConfig(location, dataSource, all, options, application);
  }

  /** The same config running at most {@code tasks} tasks at once. */
  public WeftConfig concurrency(int tasks) {
    return options(options.withConcurrency(tasks));
  }

  /** The same config with these engine options. */
  public WeftConfig options(EngineOptions engine) {
    return new WeftConfig(location, dataSource, pipelines, engine, application);
  }

  /** The same config under another application name. */
  public WeftConfig application(String name) {
    return new WeftConfig(location, dataSource, pipelines, options, name);
  }

  /** The worker label that the modules of this application require. */
  String label() {
    return label(application);
  }

  private static String label(String application) {
    return "modules." + application;
  }
}
