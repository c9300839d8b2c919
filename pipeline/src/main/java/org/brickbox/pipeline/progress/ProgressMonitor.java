package org.brickbox.pipeline.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.brickbox.beam.LiveProgress;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.pipeline.BrickBoxOptions;

/**
 * Shows a running pipeline's progress: polls its counts every second on a daemon thread and draws a bar per stage
 * on a terminal, or prints a plain line every few seconds otherwise. The counts come from the job's Beam metrics
 * where they are live (the DirectRunner, whose {@code run()} returns at once: {@link #letRunnerReturnEarly}), and
 * from the workers' live-progress files ({@link LiveProgress}) on runners whose {@code run()} blocks and whose
 * metrics arrive at the end (Flink, embedded or on a cluster: {@link #watchLive}). The final counts are the
 * job's metrics either way.
 */
public final class ProgressMonitor implements AutoCloseable {
  public enum Mode { BAR, LOG, OFF }

  private static final long POLL_MS = 1000;

  /** A stage's counters by name, read from wherever this monitor's counts come from. */
  private final Function<String, Map<String, Long>> source;
  /** Whether the counts are the workers' live files: the final counts are then left to the job's metrics. */
  private final boolean live;
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

  private ProgressMonitor(Function<String, Map<String, Long>> source, long startNanos, List<TrackedStage> stages,
      Map<String, Long> planned, Mode mode, PrintStream out, int logEverySeconds, boolean live) {
    this.source = source;
    this.live = live;
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
   * The live-progress folder of a run about to start, set on its options ({@link LiveProgress.Options}) so that
   * its workers publish their counts there: {@code OUT/progress/JOB_NAME-RUN_ID}, for runners whose {@code run()}
   * blocks until the end; null (nothing set) for the DirectRunner, whose metrics are live, and with
   * {@code --progress=off}. The folder is the run's own: what a killed earlier run left in its folder is never
   * added to this run's counts, and is removed here ({@link #removeLiveFolder}).
   */
  public static String liveFolder(PipelineOptions options, String runId) {
    if (DirectRunner.class.isAssignableFrom(options.getRunner())
        || mode(options.as(ProgressOptions.class).getProgress(), false) == Mode.OFF) {
      return null;
    }
    LiveProgress.Options live = options.as(LiveProgress.Options.class);
    if (live.getLiveProgressDir() != null && !live.getLiveProgressDir().isBlank()) return live.getLiveProgressDir();
    String out = options.as(BrickBoxOptions.class).getOut();
    String folder = OutputFiles.resolve(out, "progress/" + options.getJobName() + "-" + runId + "/x")
        .getCurrentDirectory().toString();
    for (String left : leftFolders(out)) removeLiveFolder(left);
    live.setLiveProgressDir(folder);
    return folder;
  }

  /** The folders under {@code OUT/progress} that hold workers' files: earlier runs' that were stopped before the end. */
  private static List<String> leftFolders(String out) {
    List<String> folders = new ArrayList<>();
    try {
      MatchResult match = FileSystems.match(OutputFiles.resolve(out, "progress/*/" + LiveProgress.FILES).toString(),
          EmptyMatchTreatment.ALLOW);
      for (MatchResult.Metadata m : match.metadata()) {
        String folder = m.resourceId().getCurrentDirectory().toString();
        if (!folders.contains(folder)) folders.add(folder);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("progress: cannot look for earlier runs' progress files in " + out + ": " + e.getMessage());
    }
    return folders;
  }

  /**
   * Removes the live-progress files of a finished run's own folder ({@link #liveFolder}), and nothing else, then
   * the folder and {@code OUT/progress} where they are left empty on a file system with folders.
   */
  public static void removeLiveFolder(String folder) {
    try {
      List<ResourceId> files = new ArrayList<>();
      for (String pattern : List.of(LiveProgress.FILES, ".tmp-*" + LiveProgress.FILES)) {
        MatchResult match = FileSystems.match(OutputFiles.resolve(folder, pattern).toString(),
            EmptyMatchTreatment.ALLOW);
        for (MatchResult.Metadata m : match.metadata()) files.add(m.resourceId());
      }
      FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      Path local = folder.startsWith("/") ? Path.of(folder)
          : folder.startsWith("file:") ? Path.of(URI.create(folder)) : null; // object stores have no folders
      if (local != null) {
        try {
          Files.deleteIfExists(local);
          Files.deleteIfExists(local.getParent()); // OUT/progress
        } catch (DirectoryNotEmptyException inUse) {
          // other files, or another run into the same output still publishing: left as they are
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("progress: cannot remove " + folder + ": " + e.getMessage());
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
    ProgressMonitor monitor = create(namespace -> counters(result, namespace), startNanos, options, stageNames,
        planned, out, false);
    if (monitor.poller == null) return monitor;
    if (result.getState().isTerminal() && !DirectRunner.class.isAssignableFrom(options.getRunner())) {
      // Flink's run() returns only at the end (Beam's detached mode would return early, but then loses the job when
      // the per-job MiniCluster shuts down); the live counts came from watchLive while it ran.
      out.println("progress: " + options.getRunner().getSimpleName() + " job ended; final counts:");
    } else {
      monitor.poller.scheduleWithFixedDelay(monitor::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }
    return monitor;
  }

  /**
   * Watches a job that has not started yet through its workers' live-progress files in {@code folder} (see
   * {@link LiveProgress}); close it when {@code run()} returns, then {@link #watch} the result for the final counts.
   */
  public static ProgressMonitor watchLive(String folder, long startNanos, PipelineOptions options,
      List<String> stageNames, Map<String, Long> planned, PrintStream out) {
    Map<String, Long> latest = new java.util.concurrent.ConcurrentHashMap<>();
    ProgressMonitor monitor = create(namespace -> {
      Map<String, Long> byName = new HashMap<>();
      latest.forEach((key, value) -> {
        if (key.startsWith(namespace + "/")) byName.put(key.substring(namespace.length() + 1), value);
      });
      return byName;
    }, startNanos, options, stageNames, planned, out, true);
    if (monitor.poller != null) {
      monitor.poller.scheduleWithFixedDelay(() -> {
        try {
          latest.putAll(LiveProgress.read(folder));
        } catch (IOException | RuntimeException e) {
          // Not written yet (no worker has finished a unit) or being replaced: the next poll reads it again.
        }
        monitor.poll();
      }, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }
    return monitor;
  }

  private static ProgressMonitor create(Function<String, Map<String, Long>> source, long startNanos,
      PipelineOptions options, List<String> stageNames, Map<String, Long> planned, PrintStream out, boolean live) {
    ProgressOptions o = options.as(ProgressOptions.class);
    List<TrackedStage> shown = TrackedStage.ALL.stream().filter(s -> stageNames.contains(s.stage())).toList();
    Mode mode = mode(o.getProgress(), System.console() != null);
    return new ProgressMonitor(source, startNanos, shown, planned, mode, out,
        Math.max(1, o.getProgressIntervalSeconds()), live);
  }

  /** The stages' progress now, read from the runner's metrics. */
  public List<StageProgress> snapshot() {
    long now = System.nanoTime();
    List<StageProgress> progress = new ArrayList<>();
    for (TrackedStage stage : stages) {
      Map<String, Long> counters = source.apply(stage.namespace());
      long done = stage.done().stream().mapToLong(n -> counters.getOrDefault(n, 0L)).sum();
      long failed = stage.failed().stream().mapToLong(n -> counters.getOrDefault(n, 0L)).sum();
      long plannedUnits = stage.units(planned);
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
    if (live) return; // the job's own metrics give the final counts (watch)
    try {
      List<StageProgress> last = snapshot();
      if (mode == Mode.BAR) draw(last);
      else out.println(ProgressFormat.logLine(last, elapsedSeconds()));
    } catch (RuntimeException e) {
      out.println("progress: final metrics not available: " + e.getMessage());
    }
  }
}
