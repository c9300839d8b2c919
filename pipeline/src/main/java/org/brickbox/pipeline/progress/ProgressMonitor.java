package org.brickbox.pipeline.progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Shows a running pipeline's progress from its Beam metrics: polls {@link PipelineResult#metrics()} every second
 * on a daemon thread and draws a bar per stage on a terminal, or prints a plain line every few seconds
 * otherwise. Needs a runner whose {@code run()} returns while the job runs (see {@link #letRunnerReturnEarly});
 * on a runner that only returns at the end, the final counts are all it shows.
 */
public final class ProgressMonitor implements AutoCloseable {
  public enum Mode { BAR, LOG, OFF }

  private static final long POLL_MS = 1000;

  private final PipelineResult result;
  private final List<TrackedStage> stages;
  private final Map<String, Long> planned;
  private final Mode mode;
  private final PrintStream out;
  private final long logEveryMs;
  private final long startNanos;
  /** Per stage: when its count was last seen at zero (its best-known start) and when it last grew. */
  private final Map<String, Long> lastZeroNanos = new HashMap<>();
  private final Map<String, Long> lastGrowthNanos = new HashMap<>();
  private final Map<String, Long> lastDone = new HashMap<>();
  private final ScheduledExecutorService poller;
  private int linesDrawn;
  private long lastLogNanos = System.nanoTime();

  private ProgressMonitor(PipelineResult result, long startNanos, List<TrackedStage> stages, Map<String, Long> planned,
      Mode mode, PrintStream out, int logEverySeconds) {
    this.result = result;
    this.startNanos = startNanos;
    this.stages = stages;
    this.planned = planned;
    this.mode = mode;
    this.out = out;
    this.logEveryMs = logEverySeconds * 1000L;
    this.poller = mode == Mode.OFF ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "brickbox-progress");
      t.setDaemon(true);
      return t;
    });
  }

  /** auto: a bar on a terminal, plain lines otherwise. */
  public static Mode mode(String option, boolean terminal) {
    return switch (option.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> terminal ? Mode.BAR : Mode.LOG;
      case "bar" -> Mode.BAR;
      case "log" -> Mode.LOG;
      case "off" -> Mode.OFF;
      default -> throw new IllegalArgumentException("--progress must be auto, bar, log or off, was '" + option + "'");
    };
  }

  /** The DirectRunner blocks in {@code run()} unless told not to; progress needs it to return at once. */
  public static void letRunnerReturnEarly(PipelineOptions options) {
    if (DirectRunner.class.isAssignableFrom(options.getRunner())
        && mode(options.as(ProgressOptions.class).getProgress(), false) != Mode.OFF) {
      options.as(DirectOptions.class).setBlockOnRun(false);
    }
  }

  /**
   * Starts watching {@code result}; close it once the pipeline has finished to print the final counts.
   *
   * @param startNanos {@link System#nanoTime()} when the pipeline was started: rates are counted from then
   * @param stageNames the stages in this run's graph
   * @param planned the run's planned counts (e.g. {@code render.keys.planned})
   */
  public static ProgressMonitor watch(PipelineResult result, long startNanos, PipelineOptions options,
      List<String> stageNames, Map<String, Long> planned, PrintStream out) {
    ProgressOptions o = options.as(ProgressOptions.class);
    List<TrackedStage> shown = TrackedStage.ALL.stream().filter(s -> stageNames.contains(s.stage())).toList();
    Mode mode = mode(o.getProgress(), System.console() != null);
    ProgressMonitor monitor = new ProgressMonitor(result, startNanos, shown, planned, mode, out,
        Math.max(1, o.getProgressIntervalSeconds()));
    if (monitor.poller == null) return monitor;
    if (result.getState().isTerminal() && !DirectRunner.class.isAssignableFrom(options.getRunner())) {
      // Flink's embedded MiniCluster returns from run() only at the end: Beam's detached mode would return early,
      // but then loses the job when the per-job MiniCluster shuts down. Live counts are in Flink's web UI.
      out.println("progress: " + options.getRunner().getSimpleName() + " returned when the job ended; final counts:");
    } else {
      monitor.poller.scheduleWithFixedDelay(monitor::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }
    return monitor;
  }

  /** The stages' progress now, read from the runner's metrics. */
  public List<StageProgress> snapshot() {
    long now = System.nanoTime();
    List<StageProgress> progress = new ArrayList<>();
    for (TrackedStage stage : stages) {
      Map<String, Long> counters = counters(result, stage.namespace());
      long done = stage.done().stream().mapToLong(n -> counters.getOrDefault(n, 0L)).sum();
      long failed = stage.failed().stream().mapToLong(n -> counters.getOrDefault(n, 0L)).sum();
      long plannedUnits = planned.getOrDefault(stage.plannedCount(), 0L);
      if (done == 0) lastZeroNanos.put(stage.stage(), now);
      if (done > lastDone.getOrDefault(stage.stage(), 0L)) lastGrowthNanos.put(stage.stage(), now);
      lastDone.put(stage.stage(), done);
      // A finished stage's rate stops at its last unit; a running one's falls while it stalls.
      long until = done >= plannedUnits ? lastGrowthNanos.getOrDefault(stage.stage(), now) : now;
      double active = (until - lastZeroNanos.getOrDefault(stage.stage(), startNanos)) / 1e9;
      progress.add(new StageProgress(stage.stage(), done, failed, plannedUnits, active));
    }
    return progress;
  }

  /** Every counter of {@code namespace} by name, summed over steps (attempted values: all runners report them). */
  public static Map<String, Long> counters(PipelineResult result, String namespace) {
    MetricQueryResults metrics = result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(namespace)).build());
    Map<String, Long> byName = new HashMap<>();
    for (MetricResult<Long> c : metrics.getCounters()) {
      byName.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    return byName;
  }

  private synchronized void poll() {
    try {
      List<StageProgress> now = snapshot();
      if (mode == Mode.BAR) {
        draw(now);
      } else if (System.nanoTime() - lastLogNanos >= logEveryMs * 1_000_000) {
        lastLogNanos = System.nanoTime();
        out.println(ProgressFormat.logLine(now, elapsedSeconds()));
      }
    } catch (RuntimeException e) {
      // A runner that cannot report metrics yet (or any more) must not end the run; the next poll tries again.
      if (mode == Mode.LOG) out.println("progress: metrics not available: " + e.getMessage());
    }
  }

  private void draw(List<StageProgress> now) {
    StringBuilder frame = new StringBuilder();
    if (linesDrawn > 0) frame.append("\033[").append(linesDrawn).append('A'); // back to the first bar
    for (StageProgress p : now) frame.append("\r\033[2K").append(ProgressFormat.bar(p)).append('\n');
    out.print(frame);
    out.flush();
    linesDrawn = now.size();
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Stops polling and prints the final counts once. */
  @Override
  public synchronized void close() {
    if (poller == null) return;
    poller.shutdownNow();
    try {
      List<StageProgress> last = snapshot();
      if (mode == Mode.BAR) draw(last);
      else out.println(ProgressFormat.logLine(last, elapsedSeconds()));
    } catch (RuntimeException e) {
      out.println("progress: final metrics not available: " + e.getMessage());
    }
  }
}
