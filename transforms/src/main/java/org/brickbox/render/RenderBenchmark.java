package org.brickbox.render;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.PartFilter;
import org.brickbox.io.ldraw.PartSelection;

/**
 * Measures images per second for render only, render + PNG and render + WebP, one thread per core, each thread
 * with its own {@link PartRenderer} and a fixed share of the (part, view) jobs. Also prints CPU milliseconds per
 * image (thread CPU time), which a busy shared machine disturbs far less than wall-clock throughput.
 *
 * <p>Usage: {@code RenderBenchmark <libraryRoot|-> [parts,comma,separated|sample:N|-] [views=24] [size=224]
 * [threads=cores] [supersampling=2] [rounds=3] [style=cad|photo]}. For the photographic style it then renders
 * again with one effect at a time turned off: the difference in CPU time is that effect's cost.
 */
public final class RenderBenchmark {
  private RenderBenchmark() {}

  private record Job(PreparedMesh mesh, RenderKey key) {}

  private enum Mode { RENDER, RENDER_PNG, RENDER_WEBP }

  /** Totals of one round over all jobs. */
  private record Round(long encodedBytes, long cpuNanos) {}

  public static void main(String[] args) throws Exception {
    LDrawLibrary library = LDrawLibrary.shared(LDrawLibrary.locate(arg(args, 0)));
    List<String> parts = parts(library, arg(args, 1));
    int views = args.length > 2 ? Integer.parseInt(args[2]) : 24;
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 224;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
    int supersampling = args.length > 5 ? Integer.parseInt(args[5]) : 2;
    int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 3;
    RenderStyle style = args.length > 7 ? RenderStyle.valueOf(args[7].toUpperCase(java.util.Locale.ROOT))
        : RenderStyle.CAD;
    RenderSettings settings = RenderSettings.builder()
        .imageSize(size).viewCount(views).supersampling(supersampling).style(style).build();

    List<Job> jobs = new ArrayList<>();
    long triangles = 0;
    for (String part : parts) {
      PreparedMesh mesh = PreparedMesh.of(library.load(part).mesh());
      triangles += mesh.triangleCount();
      for (RenderKey key : RenderKeys.forPart(part, settings)) jobs.add(new Job(mesh, key));
    }
    System.out.printf("%d parts (%d triangles in all), %d views each, %d px, %dx%d supersampling, %d threads, %s style%n",
        parts.size(), triangles, views, size, supersampling, supersampling, threads, style);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      run(pool, threads, jobs, library.colours(), settings, Mode.RENDER_PNG); // warm-up: JIT and natives
      for (Mode mode : Mode.values()) {
        double best = 0;
        double bestCpuMillis = Double.MAX_VALUE;
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
          long start = System.nanoTime();
          Round round = run(pool, threads, jobs, library.colours(), settings, mode);
          best = Math.max(best, jobs.size() / ((System.nanoTime() - start) / 1e9));
          bestCpuMillis = Math.min(bestCpuMillis, round.cpuNanos() / 1e6 / jobs.size());
          bytes = round.encodedBytes();
        }
        System.out.printf("%-12s %8.1f images/s, %.2f CPU ms/image (best of %d)%s%n", mode, best, bestCpuMillis,
            rounds, mode == Mode.RENDER ? "" : String.format(", mean %.1f KB/image", bytes / 1024.0 / jobs.size()));
      }
      if (style == RenderStyle.PHOTO) {
        double all = cpuMillis(pool, threads, jobs, library.colours(), settings, rounds);
        for (var off : PhotoAblation.values()) {
          double without = cpuMillis(pool, threads, jobs, library.colours(), off.apply(settings), rounds);
          System.out.printf("  without %-18s %.2f CPU ms/image: the effect costs %+.2f ms%n", off.label(), without,
              all - without);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Best CPU milliseconds per rendered image (no encoding) over {@code rounds} rounds. */
  private static double cpuMillis(ExecutorService pool, int threads, List<Job> jobs, ColourTable colours,
      RenderSettings settings, int rounds) throws Exception {
    double best = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      best = Math.min(best, run(pool, threads, jobs, colours, settings, Mode.RENDER).cpuNanos() / 1e6 / jobs.size());
    }
    return best;
  }

  /** Runs every job once. */
  private static Round run(ExecutorService pool, int threads, List<Job> jobs, ColourTable colours,
      RenderSettings settings, Mode mode) throws Exception {
    ToLongFunction<RenderedView> encode = switch (mode) {
      case RENDER -> view -> 0;
      case RENDER_PNG -> view -> ImageCodec.encodeRgbPng(view.rgb(), view.width(), view.height()).length;
      case RENDER_WEBP -> view -> ImageCodec.encodeRgbWebp(view.rgb(), view.width(), view.height(),
          ImageCodec.DEFAULT_WEBP_QUALITY).length;
    };
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    List<Future<Round>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      results.add(pool.submit(() -> {
        long cpuStart = cpu.getCurrentThreadCpuTime();
        PartRenderer renderer = new PartRenderer();
        long bytes = 0;
        for (int j = first; j < jobs.size(); j += threads) {
          Job job = jobs.get(j);
          bytes += encode.applyAsLong(renderer.render(job.mesh(), colours, settings, job.key()));
        }
        return new Round(bytes, cpu.getCurrentThreadCpuTime() - cpuStart);
      }));
    }
    long bytes = 0;
    long cpuNanos = 0;
    for (Future<Round> result : results) {
      bytes += result.get().encodedBytes();
      cpuNanos += result.get().cpuNanos();
    }
    return new Round(bytes, cpuNanos);
  }

  /** A comma-separated list, {@code sample:N} (N parts spread over the library's non-alias parts), or the twenty. */
  private static List<String> parts(LDrawLibrary library, String spec) {
    if (spec == null || !spec.startsWith("sample:")) return CommonParts.parse(spec);
    return PartSelection.matching(new PartFilter(Set.of(), true, true, false, false)).select(library.catalog())
        .evenlySpaced(Integer.parseInt(spec.substring("sample:".length()))).partIds();
  }

  private static String arg(String[] args, int i) {
    return args.length > i && !args[i].equals("-") ? args[i] : null;
  }
}
