package com.example.release;

import dev.weft.tasks.code.DependsOn;
import dev.weft.tasks.code.Module;
import dev.weft.tasks.code.ModuleContext;
import dev.weft.tasks.code.Name;
import dev.weft.tasks.code.Retry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs every {@code static void check*()} method of the compiled classes. */
@Name("Test")
@DependsOn(Compile.class)
@Retry(attempts = 2, backoff = "fixed", initial = "1s")
public final class RunChecks implements Module<RunChecks.Report> {

  /** Which checks passed. */
  public record Report(List<String> passed) {}

  @Override
  public Report run(ModuleContext ctx) throws Exception {
    Compile.Classes classes = ctx.result(Compile.class);
    List<String> passed = new ArrayList<>();
    URL[] path = {Path.of(classes.dir()).toUri().toURL()};
    try (URLClassLoader loader = new URLClassLoader(path, null)) {
      for (String name : classes.names()) {
        for (Method m : loader.loadClass(name).getDeclaredMethods()) {
          if (m.getName().startsWith("check") && Modifier.isStatic(m.getModifiers())) {
            try {
              m.invoke(null);
            } catch (InvocationTargetException e) {
              throw new IllegalStateException(name + "." + m.getName() + " failed", e.getCause());
            }
            passed.add(name + "." + m.getName());
          }
        }
      }
    }
    ctx.log(passed.size() + " check(s) passed");
    return new Report(passed);
  }
}
