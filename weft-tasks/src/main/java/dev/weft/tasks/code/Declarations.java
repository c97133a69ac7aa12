package dev.weft.tasks.code;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a module class's annotations into {@link ModuleSettings}, as manifest fields: the
 * manifest's reader then checks and interprets them, so both forms mean the same.
 */
final class Declarations {

  private Declarations() {}

  /** The module's id: {@link Name}, else the class's simple name. */
  static String id(Class<?> module) {
    Name name = module.getAnnotation(Name.class);
    return name != null ? name.value() : module.getSimpleName();
  }

  static void read(Class<?> module, ModuleSettings into) {
    for (DependsOn on : module.getAnnotationsByType(DependsOn.class)) {
      for (Class<? extends Module<?>> target : on.value()) {
        into.after.add(new ModuleSettings.Ref(target, !on.optional()));
      }
    }
    Retry retry = module.getAnnotation(Retry.class);
    if (retry != null) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("attempts", retry.attempts());
      spec.put("backoff", retry.backoff());
      spec.put("initial", retry.initial());
      if (!retry.max().isEmpty()) {
        spec.put("max", retry.max());
      }
      if (retry.on().length > 0) {
        spec.put("on", List.of(retry.on()));
      }
      into.fields.put("retry", spec);
    }
    Timeout timeout = module.getAnnotation(Timeout.class);
    if (timeout != null) {
      into.fields.put("timeout", timeout.value());
    }
    Cache cache = module.getAnnotation(Cache.class);
    if (cache != null) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("key", cache.key());
      if (!cache.ttl().isEmpty()) {
        spec.put("ttl", cache.ttl());
      }
      into.fields.put("cache", spec);
    }
    if (module.isAnnotationPresent(AlwaysRun.class)) {
      into.fields.put("always", true);
    }
    if (module.isAnnotationPresent(ContinueOnFailure.class)) {
      into.fields.put("continue-on-failure", true);
    }
    Exclusive exclusive = module.getAnnotation(Exclusive.class);
    if (exclusive != null) {
      into.fields.put("exclusive", exclusive.value());
    }
    Limit limit = module.getAnnotation(Limit.class);
    if (limit != null) {
      into.fields.put("limit", limit.value());
    }
    Priority priority = module.getAnnotation(Priority.class);
    if (priority != null) {
      into.fields.put("priority", priority.value());
    }
    Tags tags = module.getAnnotation(Tags.class);
    if (tags != null) {
      into.fields.put("tags", List.of(tags.value()));
    }
    RunIf runIf = module.getAnnotation(RunIf.class);
    if (runIf != null) {
      condition(module, "@RunIf", runIf.value(), runIf.expr(), into.runIf, into.runIfCode, into);
    }
    SkipIf skipIf = module.getAnnotation(SkipIf.class);
    if (skipIf != null) {
      condition(
          module, "@SkipIf", skipIf.value(), skipIf.expr(), into.skipIf, into.skipIfCode, into);
    }
  }

  private static void condition(
      Class<?> module,
      String annotation,
      Class<? extends Condition> type,
      String expr,
      List<String> expressions,
      List<Condition> conditions,
      ModuleSettings into) {
    boolean hasType = type != Condition.class;
    if (hasType == !expr.isEmpty()) {
      into.problem(
          annotation
              + " on "
              + module.getSimpleName()
              + " needs a condition class or expr, not "
              + (hasType ? "both" : "neither"),
          annotation + "(IsRelease.class) or " + annotation + "(expr = \"params.env == 'prod'\")");
      return;
    }
    if (!hasType) {
      expressions.add(expr);
      return;
    }
    try {
      Constructor<? extends Condition> make = type.getDeclaredConstructor();
      if (!Modifier.isPublic(make.getModifiers())
          || !Modifier.isPublic(type.getModifiers())
          || Modifier.isAbstract(type.getModifiers())) {
        throw new NoSuchMethodException();
      }
      conditions.add(make.newInstance());
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      into.problem(
          "cannot make the condition " + type.getName() + " of " + annotation,
          "make it a public class with a public no-argument constructor");
    } catch (InvocationTargetException e) {
      into.problem(
          "the condition " + type.getName() + " failed to start: " + e.getCause(),
          "its constructor must not throw");
    }
  }
}
