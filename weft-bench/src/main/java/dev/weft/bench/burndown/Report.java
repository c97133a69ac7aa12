package dev.weft.bench.burndown;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The burn-down's results as a table or as JSON, each Weft row with its ratios to the best peer on
 * the same database with as many workers: jobs/s over the peer's highest, CPU seconds per 1,000
 * jobs over the peer's lowest. A peer whose checks failed still counts (JobRunr on SQLite runs some
 * jobs twice); its row says so.
 */
final class Report {

  private final List<TrialResult> results;

  Report(List<TrialResult> results) {
    this.results = List.copyOf(results);
  }

  /** Weft's jobs/s over the best peer's, or empty when no peer ran beside it. */
  OptionalDouble speedRatio(TrialResult weft) {
    OptionalDouble best = peers(weft).stream().mapToDouble(TrialResult::jobsPerSecond).max();
    return best.isPresent()
        ? OptionalDouble.of(weft.jobsPerSecond() / best.getAsDouble())
        : OptionalDouble.empty();
  }

  /** Weft's CPU seconds per 1,000 jobs over the cheapest peer's, or empty. */
  OptionalDouble cpuRatio(TrialResult weft) {
    OptionalDouble best = peers(weft).stream().mapToDouble(TrialResult::cpuPerThousand).min();
    return best.isPresent()
        ? OptionalDouble.of(weft.cpuPerThousand() / best.getAsDouble())
        : OptionalDouble.empty();
  }

  /** Weft's p50 latency over the best peer's, or empty. */
  OptionalDouble latencyRatio(TrialResult weft) {
    if (weft.latency() == null) {
      return OptionalDouble.empty();
    }
    OptionalDouble best =
        peers(weft).stream()
            .filter(r -> r.latency() != null)
            .mapToDouble(r -> r.latency().p50Millis())
            .min();
    return best.isPresent()
        ? OptionalDouble.of(weft.latency().p50Millis() / best.getAsDouble())
        : OptionalDouble.empty();
  }

  private List<TrialResult> peers(TrialResult weft) {
    if (!weft.engine().equals("weft")) {
      return List.of();
    }
    return results.stream()
        .filter(r -> !r.engine().equals("weft"))
        .filter(r -> r.db().equals(weft.db()) && r.workers() == weft.workers())
        .toList();
  }

  /** The results as a table, then what the checks found. */
  String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "engine",
          "db",
          "workers",
          "shape",
          "insert s",
          "burn-down s",
          "jobs/s",
          "CPU-s/1k",
          "worker CPU-s/1k",
          "p50 ms",
          "p99 ms",
          "Weft/best peer",
          "check"
        });
    for (TrialResult r : results) {
      rows.add(
          new String[] {
            r.engine(),
            r.db(),
            Integer.toString(r.workers()),
            r.shape(),
            fixed(r.insertSeconds(), 2),
            fixed(r.burnDownSeconds(), 2),
            fixed(r.jobsPerSecond(), 0),
            fixed(r.cpuPerThousand(), 3),
            fixed(r.workerCpuPerThousand(), 3),
            r.latency() == null ? "-" : fixed(r.latency().p50Millis(), 1),
            r.latency() == null ? "-" : fixed(r.latency().p99Millis(), 1),
            ratios(r),
            r.ok() ? "ok" : "FAILED"
          });
    }
    int[] width = new int[rows.getFirst().length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        boolean text = i < 2 || i == 3 || i >= row.length - 2;
        String cell = text ? pad(row[i], width[i], false) : pad(row[i], width[i], true);
        out.append(cell).append(i + 1 < row.length ? "  " : "");
      }
      out.append(System.lineSeparator());
    }
    for (TrialResult r : results) {
      for (String problem : r.problems()) {
        out.append(label(r)).append(": ").append(problem).append(System.lineSeparator());
      }
    }
    return out.toString().stripTrailing();
  }

  private String ratios(TrialResult r) {
    OptionalDouble speed = speedRatio(r);
    if (speed.isEmpty()) {
      return "-";
    }
    String text =
        fixed(speed.getAsDouble(), 2)
            + "x jobs/s, "
            + fixed(cpuRatio(r).orElse(Double.NaN), 2)
            + "x CPU";
    OptionalDouble latency = latencyRatio(r);
    return latency.isPresent() ? text + ", " + fixed(latency.getAsDouble(), 1) + "x p50" : text;
  }

  private static String label(TrialResult r) {
    return r.engine() + " " + r.db() + " " + r.workers() + "w " + r.shape();
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }

  private static String fixed(double value, int digits) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,." + digits + "f", value);
  }

  /** The results as one JSON document; {@code settings} are echoed at its top. */
  String json(Map<String, Object> settings) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TrialResult r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("engine", r.engine());
      row.put("db", r.db());
      row.put("workers", r.workers());
      row.put("shape", r.shape());
      row.put("jobs", r.jobs());
      row.put("insertSeconds", number(r.insertSeconds()));
      row.put("startupSeconds", number(r.startupSeconds()));
      row.put("burnDownSeconds", number(r.burnDownSeconds()));
      row.put("jobsPerSecond", number(r.jobsPerSecond()));
      row.put("machineCpuSeconds", number(r.machineCpuSeconds()));
      row.put("cpuSecondsPer1000", number(r.cpuPerThousand()));
      row.put("workerCpuSecondsPer1000", number(r.workerCpuPerThousand()));
      if (r.latency() != null) {
        row.put(
            "latency",
            Map.of(
                "samples", r.latency().samples(),
                "p50Millis", r.latency().p50Millis(),
                "p99Millis", r.latency().p99Millis(),
                "maxMillis", r.latency().maxMillis()));
      }
      row.put("load1Before", number(r.load1()));
      Map<String, Object> ratios = new LinkedHashMap<>();
      speedRatio(r).ifPresent(v -> ratios.put("jobsPerSecond", v));
      cpuRatio(r).ifPresent(v -> ratios.put("cpuSecondsPer1000", v));
      latencyRatio(r).ifPresent(v -> ratios.put("p50Latency", v));
      if (!ratios.isEmpty()) {
        row.put("weftOverBestPeer", ratios);
      }
      row.put("ok", r.ok());
      row.put("problems", r.problems());
      rows.add(row);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("settings", settings);
    doc.put("results", rows);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /** {@code value}, or {@code null} (JSON has no NaN). */
  private static Double number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
  }
}
