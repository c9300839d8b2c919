package org.brickbox.pipeline.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, served at {@code GET /metrics} in Prometheus' text format (version 0.0.4): requests by
 * path and status, errors by code, the latency of identify requests as a histogram, photos identified, and the
 * model's passes and the crops they held (crops per pass shows how much batching happens), and how many of those
 * were embedded while their photo was still being segmented; the Java heap in use and the process's resident memory.
 * Thread-safe.
 */
final class ServeMetrics {
  /** Latency buckets' upper bounds in seconds, from one cheap request to a burst of large ones. */
  static final double[] BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder[] latencyBuckets = new LongAdder[BUCKETS.length];
  private final LongAdder latencyCount = new LongAdder();
  private final AtomicLong latencyNanos = new AtomicLong();
  private final LongAdder photos = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder batchedCrops = new LongAdder();
  private final LongAdder earlyCrops = new LongAdder();
  private final AtomicLong inProgress = new AtomicLong();

  ServeMetrics() {
    for (int i = 0; i < BUCKETS.length; i++) latencyBuckets[i] = new LongAdder();
  }

  /** One answered request; {@code path} is one of the server's own paths or "other" (no label per hostile URL). */
  void request(String path, int status) {
    requests.computeIfAbsent(label("path", path) + "," + label("code", Integer.toString(status)), k -> new LongAdder())
        .increment();
  }

  void error(String code) {
    errors.computeIfAbsent(label("error", code), k -> new LongAdder()).increment();
  }

  void identifyLatency(long nanos) {
    double seconds = nanos / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) latencyBuckets[i].increment();
    latencyCount.increment();
    latencyNanos.addAndGet(nanos);
  }

  void photos(int n) {
    photos.add(n);
  }

  /** One forward pass of the model over {@code crops} crops. */
  void batch(int crops) {
    batches.increment();
    batchedCrops.add(crops);
  }

  /** Crops sent to the model before their photo's part was found (IdentifyService#prepare). */
  void earlyCrops(int crops) {
    earlyCrops.add(crops);
  }

  void started() {
    inProgress.incrementAndGet();
  }

  void finished() {
    inProgress.decrementAndGet();
  }

  long batches() {
    return batches.sum();
  }

  long photos() {
    return photos.sum();
  }

  long batchedCrops() {
    return batchedCrops.sum();
  }

  long earlyCrops() {
    return earlyCrops.sum();
  }

  String prometheus() {
    StringBuilder s = new StringBuilder();
    family(s, "brickbox_requests_total", "counter", "HTTP requests answered, by path and status code.");
    new TreeMap<>(requests).forEach((labels, n) -> s.append("brickbox_requests_total{").append(labels).append("} ")
        .append(n.sum()).append('\n'));
    family(s, "brickbox_errors_total", "counter", "Requests answered with an error, by error code.");
    new TreeMap<>(errors).forEach((labels, n) -> s.append("brickbox_errors_total{").append(labels).append("} ")
        .append(n.sum()).append('\n'));
    family(s, "brickbox_identify_duration_seconds", "histogram",
        "Time to answer POST /v1/identify, from the request's arrival to its answer.");
    for (int i = 0; i < BUCKETS.length; i++) {
      s.append("brickbox_identify_duration_seconds_bucket{le=\"").append(number(BUCKETS[i])).append("\"} ")
          .append(latencyBuckets[i].sum()).append('\n');
    }
    long count = latencyCount.sum();
    s.append("brickbox_identify_duration_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n');
    s.append("brickbox_identify_duration_seconds_sum ").append(number(latencyNanos.get() / 1e9)).append('\n');
    s.append("brickbox_identify_duration_seconds_count ").append(count).append('\n');
    single(s, "brickbox_identify_in_progress", "gauge", "Identify requests being answered now, waiting ones included.",
        inProgress.get());
    single(s, "brickbox_photos_total", "counter", "Photos identified.", photos.sum());
    single(s, "brickbox_model_batches_total", "counter", "Forward passes of the model.", batches.sum());
    single(s, "brickbox_model_crops_total", "counter", "Crops embedded (2-3 per photo, --cropSet), over all passes.",
        batchedCrops.sum());
    single(s, "brickbox_model_early_crops_total", "counter", "Crops embedded while their photo was still being"
        + " segmented (the frame of a square photo, when the model was idle).", earlyCrops.sum());
    // What a server up all day is watched for: its memory. The JVM knows its heap; PyTorch and OpenCV allocate
    // outside it, which only the process's resident size shows (where the system reports it: Linux).
    Runtime runtime = Runtime.getRuntime();
    single(s, "brickbox_jvm_heap_used_bytes", "gauge", "Java heap in use.",
        runtime.totalMemory() - runtime.freeMemory());
    long resident = residentBytes();
    if (resident >= 0) {
      single(s, "process_resident_memory_bytes", "gauge", "Resident memory of the server's process: the Java heap,"
          + " the model (PyTorch) and OpenCV.", resident);
    }
    return s.toString();
  }

  /** This process's resident size from /proc/self/status (VmRSS), or -1 where there is none. */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | RuntimeException notLinux) {
      // no /proc (or not this layout): the gauge is left out, not made up
    }
    return -1;
  }

  private static void family(StringBuilder s, String name, String type, String help) {
    s.append("# HELP ").append(name).append(' ').append(help).append('\n');
    s.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void single(StringBuilder s, String name, String type, String help, long value) {
    family(s, name, type, help);
    s.append(name).append(' ').append(value).append('\n');
  }

  private static String label(String name, String value) {
    return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }
}
