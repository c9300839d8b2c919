package org.brickbox.qa;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.CommonParts;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.PreparedMesh;
import org.brickbox.render.RenderKey;
import org.brickbox.render.RenderKeys;
import org.brickbox.render.RenderSettings;
import org.brickbox.render.RenderedView;

/**
 * QA metrics throughput: real parts rendered once into memory (PNG-encoded, as the render stage writes them), then
 * measured over and over, one thread per core, each with a fixed share of the images. Three modes: metrics on
 * decoded pixels, metrics plus SSIM against a previous image, and PNG decoding of image and mask plus metrics (what
 * the QA stage does per image, file reads aside). Prints images/s and CPU ms per image: the whole process's CPU
 * time, since OpenCV runs some filters on its own threads (as many as cores).
 *
 * <p>Usage: {@code QaBenchmark <libraryRoot|-> [parts,comma,separated|-] [views=24] [size=224] [threads=cores]
 * [rounds=3]}.
 */
public final class QaBenchmark {
  private QaBenchmark() {}

  private record Sample(DecodedImage image, DecodedImage mask, DecodedImage previous, byte[] png, byte[] maskPng) {}

  private enum Mode { METRICS, METRICS_SSIM, DECODE_METRICS }

  public static void main(String[] args) throws Exception {
    LDrawLibrary library = LDrawLibrary.shared(LDrawLibrary.locate(arg(args, 0)));
    List<String> parts = CommonParts.parse(arg(args, 1));
    int views = args.length > 2 ? Integer.parseInt(args[2]) : 24;
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 224;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    RenderSettings settings = RenderSettings.builder().imageSize(size).viewCount(views).build();
    RenderSettings reseeded = settings.toBuilder().seed(settings.seed() + 1).build();

    PartRenderer renderer = new PartRenderer();
    List<Sample> samples = new ArrayList<>();
    for (String part : parts) {
      PreparedMesh mesh = PreparedMesh.of(library.load(part).mesh());
      List<RenderKey> previousKeys = RenderKeys.forPart(part, reseeded);
      List<RenderKey> keys = RenderKeys.forPart(part, settings);
      for (int i = 0; i < keys.size(); i++) {
        RenderedView v = renderer.render(mesh, library.colours(), settings, keys.get(i));
        RenderedView p = renderer.render(mesh, library.colours(), reseeded, previousKeys.get(i));
        samples.add(new Sample(new DecodedImage(v.width(), v.height(), 3, v.rgb()),
            new DecodedImage(v.width(), v.height(), 1, v.mask()), new DecodedImage(p.width(), p.height(), 3, p.rgb()),
            ImageCodec.encodeRgbPng(v.rgb(), v.width(), v.height()), ImageCodec.encodeGrayPng(v.mask(), v.width(), v.height())));
      }
    }
    System.out.printf("%d parts, %d views each, %d px, %d threads, %d images%n", parts.size(), views, size, threads,
        samples.size());

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      run(pool, threads, samples, Mode.DECODE_METRICS); // warm-up: JIT and natives
      for (Mode mode : Mode.values()) {
        double best = 0;
        double bestCpuMillis = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
          long start = System.nanoTime();
          long cpuNanos = run(pool, threads, samples, mode);
          best = Math.max(best, samples.size() / ((System.nanoTime() - start) / 1e9));
          bestCpuMillis = Math.min(bestCpuMillis, cpuNanos / 1e6 / samples.size());
        }
        System.out.printf("%-15s %8.1f images/s, %.2f CPU ms/image (best of %d)%n", mode, best, bestCpuMillis, rounds);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Measures every sample once; returns the process CPU time spent (OpenCV's own threads included). */
  private static long run(ExecutorService pool, int threads, List<Sample> samples, Mode mode) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    List<Future<?>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      results.add(pool.submit(() -> {
        for (int j = first; j < samples.size(); j += threads) {
          Sample s = samples.get(j);
          switch (mode) {
            case METRICS -> ImageQuality.measure(s.image(), s.mask(), null);
            case METRICS_SSIM -> ImageQuality.measure(s.image(), s.mask(), s.previous());
            case DECODE_METRICS -> ImageQuality.measure(ImageCodec.decodeRgb(s.png()), ImageCodec.decodeGray(s.maskPng()),
                null);
          }
        }
      }));
    }
    for (Future<?> result : results) result.get();
    return os.getProcessCpuTime() - cpuStart;
  }

  private static String arg(String[] args, int i) {
    return args.length > i && !args[i].equals("-") ? args[i] : null;
  }
}
