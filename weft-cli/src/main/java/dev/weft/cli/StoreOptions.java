package dev.weft.cli;

import dev.weft.tasks.store.TaskStore;
import dev.weft.tasks.store.postgres.PostgresTaskStore;
import dev.weft.tasks.store.sqlite.SqliteTaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The option every command that reads or writes the task store shares. */
final class StoreOptions {

  /** The store when nothing names one. */
  static final String DEFAULT = ".weft/weft.db";

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "STORE",
      description =
          "The task store: a SQLite file, or a PostgreSQL database (postgresql://user@host:port/db"
              + " or a jdbc:postgresql: URL) that many workers share.%nDefault: $$WEFT_DB, then db: in"
              + " the config file,%nthen "
              + DEFAULT)
  String db;

  /**
   * Where the store is: {@code --db}, else {@code WEFT_DB}, else the config file, else the default.
   */
  String location() {
    if (location == null) {
      location = find(); // the config file is read at most once per command
    }
    return location;
  }

  private String location;

  private String find() {
    if (db != null && !db.isBlank()) {
      return db;
    }
    String env = System.getenv("WEFT_DB");
    if (env != null && !env.isBlank()) {
      return env;
    }
    String fromFile = ConfigFile.locate(namedConfig()).db();
    return fromFile != null ? fromFile : DEFAULT;
  }

  /** The {@code --config} of the same command, when it has one and it was given. */
  private Path namedConfig() {
    CommandLine.Model.OptionSpec config = spec == null ? null : spec.findOption("--config");
    return config == null ? null : config.getValue();
  }

  private boolean postgres() {
    return PostgresTaskStore.names(location());
  }

  /** Whether there is a store to read: a database always is; a file only once written. */
  boolean exists() {
    return postgres() || Files.exists(Path.of(location()));
  }

  /**
   * The store, which must exist: commands that only read or change what is stored never create a
   * file (a mistyped --db would otherwise leave an empty store and say there is nothing in it).
   */
  TaskStore open() {
    if (!exists()) {
      throw new UserError(
          "no task store at "
              + location()
              + ": nothing has run there yet ('weft run FILE' makes one; --db names another)");
    }
    return openOrCreate();
  }

  /** The store, created (with its folders) when there is none: for commands that add work. */
  TaskStore openOrCreate() {
    return postgres()
        ? PostgresTaskStore.open(location())
        : SqliteTaskStore.open(Path.of(location()));
  }

  /** The store's location as messages say it (no password). */
  @Override
  public String toString() {
    return PostgresTaskStore.redacted(location());
  }
}
