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
  private static final double MIN_CONTRAST = 80;

  private Background() {}

  /** Fills {@code out} (size×size, 0xRRGGBB) and describes what it drew. */
  static BackgroundInfo draw(SplittableRandom random, BackgroundMode mode, int partRgb, int size, int[] out) {
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
      for (int x = 0; x < size; x++) {
        float t = 0.5f + (x + 0.5f - centre) * dx + (y + 0.5f - centre) * dy;
        out[y * size + x] = lerp(c0, c1, t);
      }
    }
  }

  /** Value noise: random values on a lattice, smoothly interpolated, plus a finer octave at half strength. */
  private static void noise(SplittableRandom random, int c0, int c1, int cell, int size, int[] out) {
    int coarse = size / cell + 2;
    int fine = coarse * 2;
    float[] lattice = new float[coarse * coarse + fine * fine];
    for (int i = 0; i < lattice.length; i++) lattice[i] = random.nextFloat();
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        float v = sample(lattice, 0, coarse, (x + 0.5f) / cell, (y + 0.5f) / cell) * (2f / 3f)
            + sample(lattice, coarse * coarse, fine, (x + 0.5f) * 2f / cell, (y + 0.5f) * 2f / cell) * (1f / 3f);
        out[y * size + x] = lerp(c0, c1, v);
      }
    }
  }

  private static float sample(float[] lattice, int offset, int n, float u, float v) {
    int i = (int) u, j = (int) v;
    float fu = smooth(u - i), fv = smooth(v - j);
    int row = offset + j * n + i;
    float top = lattice[row] + (lattice[row + 1] - lattice[row]) * fu;
    float bottom = lattice[row + n] + (lattice[row + n + 1] - lattice[row + n]) * fu;
    return top + (bottom - top) * fv;
  }

  private static float smooth(float t) {
    return t * t * (3 - 2 * t);
  }

  private static int lerp(int c0, int c1, float t) {
    t = Math.max(0f, Math.min(1f, t));
    int r = Math.round(((c0 >> 16) & 0xFF) + (((c1 >> 16) & 0xFF) - ((c0 >> 16) & 0xFF)) * t);
    int g = Math.round(((c0 >> 8) & 0xFF) + (((c1 >> 8) & 0xFF) - ((c0 >> 8) & 0xFF)) * t);
    int b = Math.round((c0 & 0xFF) + ((c1 & 0xFF) - (c0 & 0xFF)) * t);
    return (r << 16) | (g << 8) | b;
  }
}
