package org.brickbox.beam;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.records.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live counts of a running job's units of work, for runners whose Beam metrics arrive only when the job ends. Beam's
 * Flink runner moves a DoFn's counters into Flink's metrics (and its REST API) in {@code finishBundle}, and its
 * batch translation runs each task's whole input as one bundle: Flink's REST shows a stage's counts when that stage
 * is done, not while it runs. So each worker JVM keeps its own counts here and publishes them, every
 * {@link #FLUSH_MS} ms, at the end of every bundle and at a counter's first count (so a stage shows as soon as it
 * starts), as one small JSON file per JVM in the job's progress folder
 * ({@link Options#getLiveProgressDir()}, on the run's output file system, so a cluster's TaskManagers and the
 * launcher see the same folder). The launcher sums the files ({@link #read}).
 *
 * <p>Counter names are the Beam counters' ({@code namespace/name}), so one stage definition reads either source.
 * Without a progress folder (the DirectRunner, whose Beam metrics are live) nothing is counted or written.
 */
public final class LiveProgress {
  private static final Logger LOG = LoggerFactory.getLogger(LiveProgress.class);
  public static final long FLUSH_MS = 2000;
  /** The files workers write into a progress folder (one per JVM). */
  public static final String FILES = "worker-*.json";
  private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9.-]", "-");

  /** Where a job's workers publish their counts. */
  public interface Options extends PipelineOptions {
    @Description("Folder where every worker publishes its live counts while the job runs (one small JSON file per "
        + "worker JVM, rewritten every 2 s and after each bundle). ./brickbox run sets it to OUT/progress/JOB for "
        + "runners whose metrics arrive only at the end (Flink) and removes it afterwards; empty: none.")
    @Default.String("")
    String getLiveProgressDir();
    void setLiveProgressDir(String value);
  }

  /** A folder's counters in this JVM and whether they changed since they were last written. */
  private static final class Counts {
    final ConcurrentHashMap<String, LongAdder> byName = new ConcurrentHashMap<>();
    final AtomicBoolean dirty = new AtomicBoolean();
    volatile long lastChangeMillis = System.currentTimeMillis();
  }

  private static final ConcurrentHashMap<String, Counts> BY_FOLDER = new ConcurrentHashMap<>();
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private static volatile ScheduledExecutorService flusher;

  private LiveProgress() {}

  /** Adds {@code n} to counter {@code namespace/name} of the job these options run, when it has a progress folder. */
  public static void count(PipelineOptions options, String namespace, String name, long n) {
    String folder = options.as(Options.class).getLiveProgressDir();
    if (folder == null || folder.isBlank() || n == 0) return;
    Counts counts = BY_FOLDER.computeIfAbsent(folder, f -> new Counts());
    boolean[] firstCount = {false};
    counts.byName.computeIfAbsent(namespace + "/" + name, k -> {
      firstCount[0] = true;
      return new LongAdder();
    }).add(n);
    counts.lastChangeMillis = System.currentTimeMillis();
    counts.dirty.set(true);
    // A stage that starts on this worker shows at once, not up to FLUSH_MS later: the launcher's display (and
    // whoever waits for a stage to begin) sees it while the stage's first bundle is still running.
    if (firstCount[0]) write(folder, counts);
    startFlusher();
  }

  /** Writes this JVM's changed counts now; DoFns call it at the end of a bundle, so a finished job lags nothing. */
  public static void flush(PipelineOptions options) {
    String folder = options.as(Options.class).getLiveProgressDir();
    if (folder == null || folder.isBlank()) return;
    Counts counts = BY_FOLDER.get(folder);
    if (counts != null) write(folder, counts);
  }

  private static synchronized void startFlusher() {
    if (flusher != null) return;
    flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "brickbox-live-progress");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(LiveProgress::flushAll, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
  }

  private static void flushAll() {
    long now = System.currentTimeMillis();
    BY_FOLDER.forEach((folder, counts) -> {
      write(folder, counts);
      // A job's counts stay while it may still count; a long-lived TaskManager forgets finished jobs.
      if (!counts.dirty.get() && now - counts.lastChangeMillis > TimeUnit.MINUTES.toMillis(30)) {
        BY_FOLDER.remove(folder, counts);
      }
    });
  }

  /** One writer per folder at a time, so a later snapshot is never overwritten by an earlier one. */
  private static void write(String folder, Counts counts) {
    synchronized (counts) {
      writeSnapshot(folder, counts);
    }
  }

  private static void writeSnapshot(String folder, Counts counts) {
    if (!counts.dirty.getAndSet(false)) return;
    Map<String, Long> snapshot = new TreeMap<>();
    counts.byName.forEach((name, adder) -> snapshot.put(name, adder.sum()));
    try {
      OutputFiles.writeAtomically(OutputFiles.resolve(folder, "worker-" + WORKER + ".json"),
          Json.line(Map.of("worker", WORKER, "counters", snapshot)).getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "application/json");
    } catch (IOException | RuntimeException e) {
      counts.dirty.set(true); // written at the next flush
      // Progress is a display: a folder that cannot be written must not fail the job; say so once per JVM.
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("live progress cannot be written to {} ({}); the run goes on without it", folder, e.toString());
      }
    }
  }

  /** The counters of every worker's file in {@code folder}, summed by {@code namespace/name}. */
  public static Map<String, Long> read(String folder) throws IOException {
    MatchResult match = FileSystems.match(OutputFiles.resolve(folder, FILES).toString(),
        EmptyMatchTreatment.ALLOW);
    Map<String, Long> sums = new TreeMap<>();
    if (match.status() != MatchResult.Status.OK) return sums;
    List<MatchResult.Metadata> files = new ArrayList<>(match.metadata());
    for (MatchResult.Metadata file : files) {
      Map<String, Object> content = Json.objectMap(new String(OutputFiles.read(file.resourceId()),
          java.nio.charset.StandardCharsets.UTF_8));
      if (content.get("counters") instanceof Map<?, ?> counters) {
        counters.forEach((name, value) -> sums.merge(String.valueOf(name), ((Number) value).longValue(), Long::sum));
      }
    }
    return sums;
  }
}
