package org.brickbox.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.identify.PhotoFolder;
import org.brickbox.pipeline.serve.IdentifyServer;
import org.brickbox.pipeline.serve.MultipartBody;
import org.brickbox.pipeline.serve.ServeOptions;

/**
 * {@code ./brickbox bench serve}: a bounded load test of {@code serve} on loopback. The real server is started in
 * this JVM on a free port of 127.0.0.1; then, at each concurrency, that many clients, each on its own kept-alive
 * connection ({@link KeepAliveConnection}), send single-photo requests (photos of a labelled folder, in turn) until
 * {@code --requests} have been answered. Prints throughput, latency percentiles, errors and how the server spent the
 * time (from each answer's {@code timings_ms}).
 */
public final class ServeBenchmark {
  static final Set<String> OWN_OPTIONS = Set.of("photos", "requests", "concurrency", "warmup");
  private static final String LAYOUT = "--photos=DIR, photos in part folders as bench photos reads them ("
      + PhotoFolder.LAYOUT + ")";

  private ServeBenchmark() {}

  public static Set<String> options() {
    Set<String> names = new LinkedHashSet<>(OWN_OPTIONS);
    names.addAll(ServeOptions.names());
    return names;
  }

  /**
   * What the server's answers say about where the time went, means in milliseconds: reading the body, the steps of
   * identifying, and the handler's whole time, whose difference to the latency is the transport's (HTTP, loopback,
   * the client).
   */
  static final List<String> STEPS = List.of("read", "prepare_wait", "prepare", "model_wait", "embed", "fuse", "total");

  /**
   * One concurrency's figures: latencies in milliseconds, the server's mean time per {@link #STEPS} step, the mean
   * crops per model pass, and the first error met (null when none).
   */
  record Level(int concurrency, int requests, int errors, double seconds, double p50, double p95, double p99,
      double[] steps, double cropsPerPass, String firstError) {}

  public static void run(Map<String, String> o, PrintStream out) throws Exception {
    if (!o.containsKey("photos")) throw new IllegalArgumentException("bench serve needs " + LAYOUT);
    List<byte[]> photos = photos(Path.of(o.get("photos")));
    int requests = positive(o, "requests", 200);
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "20"));
    if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0");
    int[] levels = Arrays.stream(o.getOrDefault("concurrency", "1,4,16").split(",")).map(String::strip)
        .mapToInt(Integer::parseInt).toArray();
    Map<String, String> serverOptions = new HashMap<>(o);
    serverOptions.keySet().removeAll(OWN_OPTIONS);
    serverOptions.put("host", "127.0.0.1");
    serverOptions.put("port", "0");
    int most = Arrays.stream(levels).max().orElse(1);
    serverOptions.merge("queue", Integer.toString(most), (given, needed) -> given);
    ServeOptions options = ServeOptions.parse(serverOptions);
    if (options.queue() < most) {
      throw new IllegalArgumentException("--queue=" + options.queue() + " would refuse requests at concurrency " + most);
    }
    try (IdentifyServer server = IdentifyServer.start(options)) {
      var manifest = server.identifier().index().manifest();
      URI identify = server.uri().resolve("/v1/identify");
      out.printf("bench serve: %d photos from %s, one per request, against %s (%d parts); server on %s, %d workers,"
          + " %d model threads of %d PyTorch threads, batches up to %d crops; %d cores%n", photos.size(),
          o.get("photos"), options.index(), manifest.parts(), server.uri(), options.workers(), options.modelThreads(),
          options.engine().threads(), options.maxBatch(), Runtime.getRuntime().availableProcessors());
      if (warmup > 0) load(identify, photos, Math.min(most, 4), warmup, server); // JIT, caches; not counted
      out.printf("%11s %8s %6s %8s %7s %7s %7s  server means, ms: %s; crops per model pass%n", "concurrency",
          "requests", "errors", "photos/s", "p50 ms", "p95 ms", "p99 ms", String.join(" / ", STEPS));
      List<Level> results = new ArrayList<>();
      for (int c : levels) {
        Level l = load(identify, photos, c, requests, server);
        results.add(l);
        StringBuilder steps = new StringBuilder();
        for (double ms : l.steps()) steps.append(steps.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.1f", ms));
        out.printf("%11d %8d %6d %8.1f %7.1f %7.1f %7.1f  %s; %.1f%n", l.concurrency(), l.requests(), l.errors(),
            l.requests() / l.seconds(), l.p50(), l.p95(), l.p99(), steps, l.cropsPerPass());
        if (l.firstError() != null) out.println("            first error: " + l.firstError());
      }
      int errors = results.stream().mapToInt(Level::errors).sum();
      out.println("errors: " + errors);
    }
  }

  /**
   * {@code requests} single-photo requests from {@code concurrency} clients, each on its own kept-alive connection;
   * the photos taken in turn.
   */
  static Level load(URI identify, List<byte[]> photos, int concurrency, int requests,
      IdentifyServer server) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[requests];
    double[][] timings = new double[requests][];
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    long batches = server.modelBatches();
    long crops = server.modelCrops();
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int k = 0; k < concurrency; k++) {
        running.add(clients.submit(() -> {
          try (KeepAliveConnection connection = new KeepAliveConnection(identify)) {
            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
              MultipartBody form = new MultipartBody().photo("photo-" + i + ".jpg", photos.get(i % photos.size()));
              byte[] body = form.toByteArray();
              long t0 = System.nanoTime();
              try {
                KeepAliveConnection.Answer answer = connection.post(identify.getPath(), form.contentType(), body);
                latencies[i] = System.nanoTime() - t0;
                if (answer.status() != 200) {
                  errors.incrementAndGet();
                  firstError.compareAndSet(null, "HTTP " + answer.status() + " "
                      + new String(answer.body(), StandardCharsets.UTF_8).strip());
                  continue;
                }
                JsonNode t = Json.mapper().readTree(answer.body()).get("timings_ms");
                timings[i] = STEPS.stream().mapToDouble(step -> t.get(step).asDouble()).toArray();
              } catch (IOException e) {
                latencies[i] = System.nanoTime() - t0;
                errors.incrementAndGet();
                firstError.compareAndSet(null, e.toString());
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) f.get();
    } finally {
      clients.shutdown();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    double[] means = new double[STEPS.size()];
    int answered = 0;
    for (double[] t : timings) {
      if (t == null) continue;
      answered++;
      for (int k = 0; k < means.length; k++) means[k] += t[k];
    }
    for (int k = 0; k < means.length; k++) means[k] /= Math.max(1, answered);
    long passes = server.modelBatches() - batches;
    double cropsPerPass = passes == 0 ? 0 : (server.modelCrops() - crops) / (double) passes;
    return new Level(concurrency, requests, errors.get(), seconds, percentile(sorted, 50), percentile(sorted, 95),
        percentile(sorted, 99), means, cropsPerPass, firstError.get());
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private static List<byte[]> photos(Path dir) throws IOException {
    PhotoFolder folder = PhotoFolder.scan(dir);
    List<byte[]> photos = new ArrayList<>();
    for (PhotoFolder.Capture capture : folder.captures()) {
      for (Path photo : capture.photos()) photos.add(Files.readAllBytes(photo));
    }
    if (photos.isEmpty()) throw new IllegalArgumentException("--photos: no photos in " + dir + "; expected " + LAYOUT);
    return photos;
  }

  private static int positive(Map<String, String> o, String name, int fallback) {
    int n = Integer.parseInt(o.getOrDefault(name, Integer.toString(fallback)));
    if (n < 1) throw new IllegalArgumentException("--" + name + " must be >= 1");
    return n;
  }
}
