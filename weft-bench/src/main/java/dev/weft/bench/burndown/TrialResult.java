package dev.weft.bench.burndown;

import java.util.List;

/**
 * What one burn-down measured.
 *
 * @param engine the contender's name
 * @param db the database
 * @param workers worker processes
 * @param shape how the jobs depended on each other
 * @param jobs jobs burnt down
 * @param insertSeconds storing the jobs, no worker running
 * @param startupSeconds from starting the workers to every worker's engine having started
 * @param burnDownSeconds from starting the workers to the database showing every job done
 * @param machineCpuSeconds the whole machine's busy CPU time over the burn-down
 * @param workerCpuSeconds the worker processes' own CPU time (JVM start included), or NaN
 * @param latency submit-to-start on the idle workers afterwards, or {@code null} when not measured
 * @param load1 the machine's one-minute load average before the burn-down (others' work shows here)
 * @param problems what the checks found wrong; empty when every job ran exactly once
 */
public record TrialResult(
    String engine,
    String db,
    int workers,
    String shape,
    int jobs,
    double insertSeconds,
    double startupSeconds,
    double burnDownSeconds,
    double machineCpuSeconds,
    double workerCpuSeconds,
    Latency latency,
    double load1,
    List<String> problems) {

  /** Jobs per second over the burn-down. */
  public double jobsPerSecond() {
    return jobs / burnDownSeconds;
  }

  /** The machine's CPU seconds per 1,000 jobs. */
  public double cpuPerThousand() {
    return machineCpuSeconds * 1000 / jobs;
  }

  /** The workers' own CPU seconds per 1,000 jobs, or NaN. */
  public double workerCpuPerThousand() {
    return workerCpuSeconds * 1000 / jobs;
  }

  /** Whether every check passed. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
