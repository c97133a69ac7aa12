package dev.weft.tasks.code;

import dev.weft.core.Node;
import dev.weft.tasks.TaskExecutor;
import dev.weft.tasks.TaskNodeType;
import dev.weft.tasks.TaskSkipped;
import java.util.List;
import java.util.Map;

/**
 * The node type behind one module of one pipeline ({@code module:PIPELINE/ID}): it runs the module
 * the application registered, after its code conditions.
 */
final class ModuleType implements TaskNodeType {

  /** What the names of module types start with. */
  static final String PREFIX = "module:";

  private final String name;
  private final String origin;
  private final Module<?> module;
  private final List<Condition> runIf;
  private final List<Condition> skipIf;
  private final Map<Class<?>, Handle<?>> modules;

  ModuleType(
      String pipeline,
      String id,
      String origin,
      Module<?> module,
      ModuleSettings settings,
      Map<Class<?>, Handle<?>> modules) {
    this.name = PREFIX + pipeline + "/" + id;
    this.origin = origin;
    this.module = module;
    this.runIf = List.copyOf(settings.runIfCode);
    this.skipIf = List.copyOf(settings.skipIfCode);
    this.modules = modules;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "module " + origin;
  }

  @Override
  public TaskExecutor create(Node node) {
    return task -> {
      ModuleContext context = new ModuleContext(task, modules);
      for (Condition condition : runIf) {
        if (!condition.test(context)) {
          throw new TaskSkipped("condition is false: " + describe(condition));
        }
      }
      for (Condition condition : skipIf) {
        if (condition.test(context)) {
          throw new TaskSkipped("skip condition holds: " + describe(condition));
        }
      }
      return module.run(context);
    };
  }

  private static String describe(Condition condition) {
    Class<?> type = condition.getClass();
    return type.isSynthetic() || type.isAnonymousClass() ? "a code condition" : type.getName();
  }
}
