package org.brickbox.render.photo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * CPU nanoseconds per {@link Surface#albedoRgb} lookup of each kind and of the photo-weighted mix, over a 224 × 224
 * raster 60 mm across looked up a row at a time (the lookups one image makes, as it makes them), and microseconds
 * per {@link Surface#random}. Not a test: run by hand for BENCHMARKS.md.
 *
 * <p>Usage: {@code SurfaceBenchmark [surfaces=200] [rounds=5]}; prints the median round.
 */
public final class SurfaceBenchmark {
  private SurfaceBenchmark() {}

  public static void main(String[] args) {
    int surfaces = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int size = 224;
    double step = 60.0 / size;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long checksum = 0;
    double[] us = new double[size];
    double[] vs = new double[size];
    int[] row = new int[size];
    System.out.printf("%d surfaces per kind and round, %dx%d lookups each, median of %d rounds%n", surfaces, size,
        size, rounds);
    for (SurfaceKind kind : kinds()) {
      double[] lookup = new double[rounds];
      double[] build = new double[rounds];
      for (int round = -1; round < rounds; round++) { // round -1 warms the JIT up
        SplittableRandom random = new SplittableRandom(round);
        long start = threads.getCurrentThreadCpuTime();
        Surface[] made = new Surface[surfaces];
        for (int s = 0; s < surfaces; s++) {
          made[s] = kind == null ? Surface.random(random) : Surface.random(random, kind);
        }
        long built = threads.getCurrentThreadCpuTime();
        for (Surface surface : made) {
          for (int y = 0; y < size; y++) { // a row at a time, as the photographic backdrop looks them up
            for (int x = 0; x < size; x++) {
              us[x] = x * step - 30;
              vs[x] = y * step - 30;
            }
            surface.albedoRgb(us, vs, size, row);
            for (int x = 0; x < size; x++) checksum += row[x];
          }
        }
        long done = threads.getCurrentThreadCpuTime();
        if (round >= 0) {
          build[round] = (built - start) / 1e3 / surfaces;
          lookup[round] = (double) (done - built) / surfaces / (size * size);
        }
      }
      Arrays.sort(lookup);
      Arrays.sort(build);
      System.out.printf("%-12s %6.1f ns/lookup  %6.2f ms/image  %6.1f us/surface%n", kind == null ? "mix" : kind,
          lookup[rounds / 2], lookup[rounds / 2] * size * size / 1e6, build[rounds / 2]);
    }
    System.out.println("(checksum " + checksum + ")");
  }

  /** Every kind, then null for the photo-weighted mix that {@link Surface#random(SplittableRandom)} draws. */
  private static SurfaceKind[] kinds() {
    return Arrays.copyOf(SurfaceKind.values(), SurfaceKind.values().length + 1);
  }
}
