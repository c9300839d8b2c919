package org.brickbox.render.photo;

import java.util.SplittableRandom;

/**
 * A smooth random field to build surface textures from: 256 × 256 values of white noise blurred with a Gaussian
 * (σ 1.5 cells) that wraps around, normalised to mean 0 and standard deviation 1, so it tiles without seams and
 * bilinear interpolation between its cells is smooth. Its blobs are about {@value #CELLS_PER_FEATURE} cells across.
 * Built once from a fixed seed with Java arithmetic only: the same table on every JVM.
 *
 * <p>A {@link Layer} samples it at one scale, stretch, angle and offset; summing layers of different sizes gives
 * the usual multi-scale textures, and layers at unrelated angles and scales hide the table's period.
 */
final class NoiseTexture {
  private static final int SIDE = 256;
  private static final int MASK = SIDE - 1;
  /** Size of a blob of the field, in cells. */
  private static final double CELLS_PER_FEATURE = 4;
  /**
   * Row length of {@link #VALUES}: each row, and the table, end with a copy of the first cell (row), so that a
   * cell's right and lower neighbours are at fixed offsets without wrapping.
   */
  private static final int STRIDE = SIDE + 1;
  private static final float[] VALUES = build();

  private NoiseTexture() {}

  /**
   * Layers add this many cells to their coordinates so that those are positive on any plane point closer than
   * 10 m, and a cast rounds them down (cheaper than {@code Math.floor}); a multiple of the period, so the field is
   * unchanged.
   */
  private static final double POSITIVE = SIDE * (1 << 13);

  /** The field at (s, t) ≥ 0, in cells, bilinearly interpolated; it repeats every {@value #SIDE} cells. */
  static double at(double s, double t) {
    int is = (int) s;
    int it = (int) t;
    double ws = s - is;
    double wt = t - it;
    int cell = (it & MASK) * STRIDE + (is & MASK);
    float v00 = VALUES[cell];
    float v01 = VALUES[cell + 1];
    float v10 = VALUES[cell + STRIDE];
    float v11 = VALUES[cell + STRIDE + 1];
    double top = v00 + ws * (v01 - v00);
    double bottom = v10 + ws * (v11 - v10);
    return top + wt * (bottom - top);
  }

  /**
   * The field at (s, t) ≥ 0 in the cell it falls in, without interpolation: for layers whose cells are smaller
   * than any pixel they are drawn at, where interpolation would not show; a quarter of the memory reads.
   */
  static double nearest(double s, double t) {
    return VALUES[((int) t & MASK) * STRIDE + ((int) s & MASK)];
  }

  /**
   * One sampling of the field on the plane: features of {@code alongMm} × {@code acrossMm} millimetres, the long
   * side at {@code angle} radians from the u axis, at a random place in the table, times {@code amplitude}.
   */
  static final class Layer {
    private final double su;
    private final double sv;
    private final double s0;
    private final double tu;
    private final double tv;
    private final double t0;
    final double amplitude;

    Layer(SplittableRandom random, double alongMm, double acrossMm, double angle, double amplitude) {
      double cos = StrictMath.cos(angle);
      double sin = StrictMath.sin(angle);
      double along = CELLS_PER_FEATURE / alongMm;
      double across = CELLS_PER_FEATURE / acrossMm;
      su = cos * along;
      sv = sin * along;
      tu = -sin * across;
      tv = cos * across;
      s0 = POSITIVE + random.nextDouble() * SIDE;
      t0 = POSITIVE + random.nextDouble() * SIDE;
      this.amplitude = amplitude;
    }

    /** Round features of {@code sizeMm} at a random angle (which hides the table's grid). */
    static Layer round(SplittableRandom random, double sizeMm, double amplitude) {
      return new Layer(random, sizeMm, sizeMm, random.nextDouble() * Math.PI, amplitude);
    }

    /** The field at plane point (u, v) in millimetres (closer than 10 m to the origin), times the amplitude. */
    double at(double u, double v) {
      return amplitude * NoiseTexture.at(su * u + sv * v + s0, tu * u + tv * v + t0);
    }

    /** {@link #at}, but without interpolation between cells: for grain finer than a pixel. */
    double nearest(double u, double v) {
      return amplitude * NoiseTexture.nearest(su * u + sv * v + s0, tu * u + tv * v + t0);
    }
  }

  private static float[] build() {
    SplittableRandom random = new SplittableRandom(0x5375726661636573L); // "Surfaces"
    double[] white = new double[SIDE * SIDE];
    for (int i = 0; i < white.length; i++) white[i] = random.nextDouble() - 0.5;
    double sigma = 1.5;
    int radius = 5;
    double[] kernel = new double[2 * radius + 1];
    double total = 0;
    for (int k = -radius; k <= radius; k++) {
      kernel[k + radius] = StrictMath.exp(-0.5 * k * k / (sigma * sigma));
      total += kernel[k + radius];
    }
    double[] rows = new double[white.length];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double sum = 0;
        for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] * white[y * SIDE + ((x + k) & MASK)];
        rows[y * SIDE + x] = sum / total;
      }
    }
    double[] both = new double[white.length];
    double mean = 0;
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double sum = 0;
        for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] * rows[((y + k) & MASK) * SIDE + x];
        both[y * SIDE + x] = sum / total;
        mean += both[y * SIDE + x];
      }
    }
    mean /= both.length;
    double squares = 0;
    for (double v : both) squares += (v - mean) * (v - mean);
    double scale = 1 / StrictMath.sqrt(squares / both.length);
    float[] values = new float[STRIDE * STRIDE];
    for (int y = 0; y <= SIDE; y++) {
      for (int x = 0; x <= SIDE; x++) {
        values[y * STRIDE + x] = (float) ((both[(y & MASK) * SIDE + (x & MASK)] - mean) * scale);
      }
    }
    return values;
  }
}
