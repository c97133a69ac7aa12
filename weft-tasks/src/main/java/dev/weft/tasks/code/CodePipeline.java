package dev.weft.tasks.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.weft.core.Pipeline;
import dev.weft.core.RetrySpec;
import dev.weft.core.manifest.Manifests;
import dev.weft.core.spi.NodeTypes;
import dev.weft.core.validate.Checked;
import dev.weft.core.validate.InvalidPipelineException;
import dev.weft.core.validate.Position;
import dev.weft.core.validate.Problem;
import dev.weft.tasks.TaskNodeType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pipeline written as code: modules ({@link Module}) wired by their classes or by typed {@link
 * Handle}s. It is turned into a manifest and read by the manifest's own reader and validator, so
 * every setting means what it means in YAML and every problem is reported the same way, at once,
 * before anything runs. Run it with {@link Weft}.
 *
 * <pre>{@code
 * CodePipeline release = CodePipeline.builder("release")
 *     .param("env", "dev")
 *     .add(new Compile())
 *     .add(new Test())
 *     .add(new Publish(), m -> m.runIf("params.env == 'prod'"))
 *     .build();
 * }</pre>
 */
public final class CodePipeline {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Map<String, Object> header;
  private final Map<String, String> declared;
  private final List<Map<String, Object>> nodes;
  private final List<String> origins;
  private final NodeTypes types;
  private final List<ModuleType> moduleTypes;
  private final Map<Class<?>, Handle<?>> byClass;

  private CodePipeline(Builder b, List<Map<String, Object>> nodes, List<ModuleType> moduleTypes) {
    this.name = b.name;
    this.header = b.header();
    this.declared = new LinkedHashMap<>(b.params);
    this.nodes = nodes;
    this.origins = b.entries.stream().map(Entry::origin).toList();
    this.moduleTypes = List.copyOf(moduleTypes);
    this.types = b.types.plus(moduleTypes);
    this.byClass = Map.copyOf(b.byClass);
  }

  /** A builder for a pipeline of this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The pipeline's name. */
  public String name() {
    return name;
  }

  /** The handle of module class {@code module}, for reading its result from a {@link RunResult}. */
  public <R> Handle<R> handle(Class<? extends Module<R>> module) {
    @SuppressWarnings("unchecked") // added with this class, so its results are Rs
    Handle<R> handle = (Handle<R>) byClass.get(module);
    if (handle == null) {
      throw new IllegalArgumentException(module.getName() + " is not a module of " + name);
    }
    return handle;
  }

  /** The node types of this pipeline's modules, which an engine running it must know. */
  List<? extends TaskNodeType> moduleTypes() {
    return moduleTypes;
  }

  /** The node types the pipeline was checked with: those on the class path, and its modules. */
  public NodeTypes types() {
    return types;
  }

  /** The pipeline with its declared parameters, as the engine stores it. */
  public Pipeline pipeline() {
    return pipeline(Map.of());
  }

  /**
   * The pipeline with these run parameters over the declared ones.
   *
   * @throws InvalidPipelineException naming an unknown parameter or one left without a value
   */
  public Pipeline pipeline(Map<String, String> params) {
    return plan(params, null);
  }

  /** The pipeline, its modules requiring {@code label} (none when {@code null}). */
  Pipeline plan(Map<String, String> params, String label) {
    Checked checked = read(params, label);
    if (!checked.valid()) {
      throw new InvalidPipelineException(checked.problems());
    }
    return checked.pipeline();
  }

  private Checked read(Map<String, String> params, String label) {
    StringBuilder text = new StringBuilder(write(header));
    text.setLength(text.length() - 1); // reopen the object for the nodes, one per line
    text.append(",\"nodes\":[\n");
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Object> node = nodes.get(i);
      if (label != null && node.get("type").toString().startsWith(ModuleType.PREFIX)) {
        node = new LinkedHashMap<>(node);
        node.put("require", List.of(label));
      }
      text.append(write(node)).append(i + 1 < nodes.size() ? ",\n" : "\n");
    }
    text.append("]}\n");
    Checked checked = Manifests.parse(text.toString(), name + ".json", params, "param", types);
    List<Problem> problems = new ArrayList<>(checked.problems());
    // modules read parameters when they run, so a missing value is caught here, not there
    declared.forEach((param, value) -> {
      if (value == null && params.get(param) == null) {
        problems.add(
            new Problem(
                new Position(null, 1, 1),
                null,
                "run parameter '" + param + "' has no value",
                "pass it: weft.run(pipeline, Map.of(\"" + param + "\", VALUE))"));
      }
    });
    if (problems.isEmpty()) {
      return checked;
    }
    return new Checked(checked.pipeline(), located(problems), null);
  }

  /** Problems placed at the module they concern: its class, or its id for a lambda. */
  private List<Problem> located(List<Problem> problems) {
    List<Problem> placed = new ArrayList<>();
    for (Problem p : problems) {
      int node = p.position().line() - 2; // line 1 is the header, then a node per line
      String where =
          node >= 0 && node < origins.size() ? origins.get(node) : "pipeline '" + name + "'";
      placed.add(new Problem(new Position(where, 0, 0), p.nodeId(), p.message(), p.hint()));
    }
    return placed;
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** One module or node as added. */
  private record Entry(
      String id,
      String origin,
      Class<?> moduleClass,
      Module<?> module,
      String type,
      Map<String, Object> with,
      ModuleSettings settings) {}

  /** Builds a {@link CodePipeline}; {@link #build} checks it. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Class<?>, Handle<?>> byClass = new LinkedHashMap<>();
    private final List<Handle<?>> handles = new ArrayList<>();
    private NodeTypes types;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Declares a run parameter with its default; {@code null} means it must be given. */
    public Builder param(String param, String defaultValue) {
      params.put(param, defaultValue);
      return this;
    }

    /** The retry rule of every module that sets none. */
    public Builder retry(RetrySpec spec) {
      defaults.put("retry", new ModuleSettings().retry(spec).fields.get("retry"));
      return this;
    }

    /** The per-attempt timeout of every module that sets none. */
    public Builder timeout(Duration timeout) {
      defaults.put("timeout", ModuleSettings.duration(timeout));
      return this;
    }

    /** How long a run may take before it is cancelled. */
    public Builder runTimeout(Duration timeout) {
      defaults.put("run-timeout", ModuleSettings.duration(timeout));
      return this;
    }

    /**
     * The node types besides the modules (for {@link #node}); by default those on the class path.
     */
    public Builder types(NodeTypes known) {
      this.types = Objects.requireNonNull(known, "types");
      return this;
    }

    /**
     * Adds a module whose class declares its settings: its id is its {@link Name} or simple class
     * name, its result type the {@code R} of its {@code Module<R>}.
     */
    public <R> Handle<R> add(Module<R> module) {
      return add(module, m -> {});
    }

    /** Adds a module, with settings beyond (or over) its class's annotations. */
    public <R> Handle<R> add(Module<R> module, Consumer<ModuleSettings> settings) {
      Class<?> type = module.getClass();
      ModuleSettings declared = new ModuleSettings();
      Declarations.read(type, declared);
      settings.accept(declared);
      String id = Declarations.id(type);
      Handle<R> handle = new Handle<>(id, resultType(type));
      byClass.putIfAbsent(type, handle);
      return added(new Entry(id, type.getName(), type, module, null, Map.of(), declared), handle);
    }

    /**
     * Adds a module written as a lambda, whose results are read as {@code resultType}.
     *
     * <pre>{@code
     * Handle<Integer> count = b.add("count", Integer.class, ctx -> 42, m -> m.after(fetch));
     * }</pre>
     */
    public <R> Handle<R> add(
        String id, Class<R> resultType, Module<R> module, Consumer<ModuleSettings> settings) {
      ModuleSettings given = new ModuleSettings();
      settings.accept(given);
      return added(
          new Entry(id, "module '" + id + "'", null, module, null, Map.of(), given),
          new Handle<>(id, resultType));
    }

    /** Adds a lambda module with no settings. */
    public <R> Handle<R> add(String id, Class<R> resultType, Module<R> module) {
      return add(id, resultType, module, m -> {});
    }

    /**
     * Adds a node of a type from the class path ({@code shell}, {@code http}, a user's type), with
     * its {@code with:} config, as a manifest would.
     */
    public Handle<Object> node(
        String id, String type, Map<String, ?> with, Consumer<ModuleSettings> settings) {
      ModuleSettings given = new ModuleSettings();
      settings.accept(given);
      return added(
          new Entry(id, "node '" + id + "'", null, null, type, new LinkedHashMap<>(with), given),
          new Handle<>(id, Object.class));
    }

    private <R> Handle<R> added(Entry entry, Handle<R> handle) {
      entries.add(entry);
      handles.add(handle);
      return handle;
    }

    /**
     * Checks the pipeline: every problem at once (unknown or missing dependencies, cycles with the
     * module names in the path, duplicate modules, bad settings), each placed at its module's
     * class.
     *
     * @throws InvalidPipelineException listing them
     */
    public CodePipeline build() {
      if (types == null) {
        types = NodeTypes.load();
      }
      Map<Class<?>, Handle<?>> wiring = Map.copyOf(byClass);
      List<Problem> problems = new ArrayList<>();
      List<Map<String, Object>> nodes = new ArrayList<>();
      List<ModuleType> moduleTypes = new ArrayList<>();
      for (Entry entry : entries) {
        Position at = new Position(entry.origin(), 0, 0);
        for (String found : entry.settings().problems) {
          int bar = found.indexOf('|');
          String hint = found.substring(bar + 1);
          problems.add(
              new Problem(at, entry.id(), found.substring(0, bar), hint.isEmpty() ? null : hint));
        }
        List<Object> after = new ArrayList<>();
        for (ModuleSettings.Ref ref : entry.settings().after) {
          String target = target(ref, entry, at, problems);
          if (target != null) {
            after.add(ref.required() ? target : Map.of("id", target, "required", false));
          }
        }
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", entry.id());
        String type = entry.type();
        if (type == null) {
          ModuleType moduleType =
              new ModuleType(
                  name, entry.id(), entry.origin(), entry.module(), entry.settings(), wiring);
          type = moduleType.name();
          String named = type;
          // a repeated id is reported by validation; its type is registered once
          if (moduleTypes.stream().noneMatch(t -> t.name().equals(named))) {
            moduleTypes.add(moduleType);
          }
        }
        node.put("type", type);
        if (!after.isEmpty()) {
          node.put("after", after);
        }
        if (!entry.with().isEmpty()) {
          node.put("with", entry.with());
        }
        node.putAll(entry.settings().fields);
        String when = entry.settings().when();
        if (when != null) {
          node.put("when", when);
        }
        nodes.add(node);
      }
      CodePipeline pipeline = new CodePipeline(this, nodes, moduleTypes);
      pipeline.read(Map.of(), null).problems().stream()
          .filter(p -> !unsetParameter(p))
          .forEach(problems::add);
      if (!problems.isEmpty()) {
        throw new InvalidPipelineException(problems);
      }
      return pipeline;
    }

    /** A parameter declared without a default is given at each run, not when building. */
    private boolean unsetParameter(Problem problem) {
      return problem.message().startsWith("run parameter '")
          && problem.message().endsWith("' has no value");
    }

    /**
     * The id a dependency names, or {@code null} (and a problem) when it is not in the pipeline.
     */
    private String target(
        ModuleSettings.Ref ref, Entry entry, Position at, List<Problem> problems) {
      if (ref.target() instanceof Class<?> module) {
        Handle<?> handle = byClass.get(module);
        if (handle != null) {
          return handle.id();
        }
        problems.add(
            new Problem(
                at,
                entry.id(),
                "depends on " + module.getName() + ", which is not in the pipeline",
                "add it to the builder: .add(new " + module.getSimpleName() + "())"));
        return null;
      }
      Handle<?> handle = (Handle<?>) ref.target();
      if (handles.stream().noneMatch(h -> h == handle)) {
        problems.add(
            new Problem(
                at,
                entry.id(),
                "depends on '" + handle.id() + "' of another pipeline's builder",
                "use the handle this builder's add() returned"));
        return null;
      }
      return handle.id();
    }

    private Map<String, Object> header() {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("weft", 1);
      header.put("name", name);
      header.put("kind", "tasks");
      if (!params.isEmpty()) {
        header.put("params", params);
      }
      if (!defaults.isEmpty()) {
        header.put("defaults", defaults);
      }
      return header;
    }

    /** The {@code R} of a class's {@code Module<R>}, or {@code Object} when it is not given. */
    private static Type resultType(Class<?> module) {
      TypeFactory factory = TypeFactory.defaultInstance();
      var found = factory.constructType(module).findTypeParameters(Module.class);
      return found.length == 1 ? found[0] : Object.class;
    }
  }
}
