package dev.weft.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard at {@code /}: a page, a script and a style sheet, served from the jar. It holds no
 * data and needs no token itself; the script calls {@code /rpc} with the token the user gives.
 */
final class Dashboard {

  /** Each path served, with its resource and content type. */
  static final Map<String, String[]> FILES =
      Map.of(
          "/", new String[] {"index.html", "text/html; charset=utf-8"},
          "/dashboard/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
          "/dashboard/app.css", new String[] {"app.css", "text/css; charset=utf-8"});

  private final Map<String, byte[]> bodies;

  Dashboard() {
    bodies =
        Map.of(
            "/", read("index.html"),
            "/dashboard/app.js", read("app.js"),
            "/dashboard/app.css", read("app.css"));
  }

  private static byte[] read(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream("dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves the file at the request's path. */
  void serve(Context ctx) {
    ctx.contentType(FILES.get(ctx.path())[1]);
    // no cache: a new version of the server serves its own script at once
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.result(bodies.get(ctx.path()));
  }
}
