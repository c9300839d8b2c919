package org.brickbox.render;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded background behind the part: a plain colour, a linear gradient, or two-octave value noise between two
 * colours. Colours are drawn at random but kept clearly apart from the part's colour so the part never vanishes.
 */
final class Background {
  private static final BackgroundMode[] KINDS = {BackgroundMode.PLAIN, BackgroundMode.GRADIENT, BackgroundMode.NOISE};
  /** Smallest RGB distance between a background colour and the part colour. */
  private static final double MIN_CONTRAST = 120;

  private Background() {}

  /**
   * Fills {@code out} (size×size, 0xRRGGBB) and describes what it drew: {@code fixedRgb} when given (a plain colour,
   * whatever the part's), else a seeded background of {@code mode}.
   */
  static BackgroundInfo draw(SplittableRandom random, BackgroundMode mode, int partRgb, Integer fixedRgb, int size,
      int[] out) {
    if (fixedRgb != null) {
      java.util.Arrays.fill(out, 0, size * size, fixedRgb);
      return new BackgroundInfo(BackgroundMode.PLAIN, List.of(fixedRgb), 0, 0);
    }
    BackgroundMode kind = mode == BackgroundMode.MIXED ? KINDS[random.nextInt(KINDS.length)] : mode;
    int c0 = contrastingColour(random, partRgb);
    switch (kind) {
      case PLAIN -> {
        java.util.Arrays.fill(out, 0, size * size, c0);
        return new BackgroundInfo(kind, List.of(c0), 0, 0);
      }
      case GRADIENT -> {
        int c1 = contrastingColour(random, partRgb);
        double angle = random.nextDouble(0, 360);
        gradient(c0, c1, Math.toRadians(angle), size, out);
        return new BackgroundInfo(kind, List.of(c0, c1), angle, 0);
      }
      default -> {
        int c1 = contrastingColour(random, partRgb);
        int cell = Math.max(4, size / (3 + random.nextInt(8)));
        noise(random, c0, c1, cell, size, out);
        return new BackgroundInfo(kind, List.of(c0, c1), 0, cell);
      }
    }
  }

  private static int contrastingColour(SplittableRandom random, int partRgb) {
    int candidate = 0;
    for (int attempt = 0; attempt < 16; attempt++) {
      candidate = random.nextInt(0x1000000);
      if (distance(candidate, partRgb) >= MIN_CONTRAST) return candidate;
    }
    return candidate ^ 0x808080; // sixteen near misses in a row: flip the top bits for certain contrast
  }

  private static double distance(int a, int b) {
    int dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
    int dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
    int db = (a & 0xFF) - (b & 0xFF);
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }

  private static void gradient(int c0, int c1, double angle, int size, int[] out) {
    float dx = (float) (Math.cos(angle) / size), dy = (float) (Math.sin(angle) / size);
    float centre = size / 2f;
    for (int y = 0; y < size; y++) {
      float t = 0.5f + (0.5f - centre) * dx + (y + 0.5f - centre) * dy;
      for (int x = 0; x < size; x++, t += dx) {
        out[y * size + x] = lerp(c0, c1, t);
      }
    }
  }

  /** Value noise: random values on a lattice, smoothly interpolated, plus a finer octave at a third. */
  private static void noise(SplittableRandom random, int c0, int c1, int cell, int size, int[] out) {
    Octave coarse = new Octave(random, cell, size);
    Octave fine = new Octave(random, cell / 2f, size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        out[y * size + x] = lerp(c0, c1, coarse.at(x, y) * (2f / 3f) + fine.at(x, y) * (1f / 3f));
      }
    }
  }

  /** One octave of value noise with the lattice cell and smoothstep weight of every pixel row and column. */
  private static final class Octave {
    private final int n;
    private final float[] lattice;
    private final int[] cellOf;
    private final float[] weightOf;

    Octave(SplittableRandom random, float cell, int size) {
      n = (int) (size / cell) + 2;
      lattice = new float[n * n];
      for (int i = 0; i < lattice.length; i++) lattice[i] = random.nextFloat();
      cellOf = new int[size];
      weightOf = new float[size];
      for (int p = 0; p < size; p++) {
        float u = (p + 0.5f) / cell;
        cellOf[p] = (int) u;
        float f = u - cellOf[p];
        weightOf[p] = f * f * (3 - 2 * f);
      }
    }

    float at(int x, int y) {
      int row = cellOf[y] * n + cellOf[x];
      float fu = weightOf[x];
      float top = lattice[row] + (lattice[row + 1] - lattice[row]) * fu;
      float bottom = lattice[row + n] + (lattice[row + n + 1] - lattice[row + n]) * fu;
      return top + (bottom - top) * weightOf[y];
    }
  }

  /** Mixes two colours, {@code t} clamped to 0..1, in 8-bit fixed point. */
  private static int lerp(int c0, int c1, float t) {
    int w = t <= 0f ? 0 : t >= 1f ? 256 : (int) (t * 256f);
    int r = ((c0 >> 16) & 0xFF) + (((((c1 >> 16) & 0xFF) - ((c0 >> 16) & 0xFF)) * w) >> 8);
    int g = ((c0 >> 8) & 0xFF) + (((((c1 >> 8) & 0xFF) - ((c0 >> 8) & 0xFF)) * w) >> 8);
    int b = (c0 & 0xFF) + ((((c1 & 0xFF) - (c0 & 0xFF)) * w) >> 8);
    return (r << 16) | (g << 8) | b;
  }
}
