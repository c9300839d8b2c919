package org.brickbox.fuse;

import java.util.Arrays;

/**
 * The surface a part lies on, modelled from a photo's border ring in CIE Lab: per channel a quadratic function of
 * the position (uneven light, vignetting), fitted robustly so that the pixels of a part crossing the border are left
 * out, and the inliers' spread per channel (noise and texture) as the unit in which differences are measured.
 * Plain Java over the Lab pixels (L 0..100, a and b about -128..127, interleaved).
 */
final class SurfaceModel {
  private static final int TERMS = 6;
  /** Inlier limit while fitting, in spreads (three channels combined). */
  private static final double INLIER = 3.5;
  /** Chroma difference (spreads) within which a darker pixel follows the shadow model... */
  static final double SHADOW_CHROMA = 2.0;
  /** ...or within this share of its lightness drop (Lab units): fill light of another colour tints shadows. */
  static final double SHADOW_CHROMA_SHIFT = 0.25;
  /** A soft light's shadow darkens the surface by at most this share of its lightness; darker is no shadow. */
  static final double SHADOW_MAX_DROP = 0.25;

  private final int w;
  private final int h;
  private final int[] ring;
  private final boolean[] inlier;
  private final double[][] coefficients;
  private final double[] sigma;

  private SurfaceModel(int w, int h, int[] ring, boolean[] inlier, double[][] coefficients, double[] sigma) {
    this.w = w;
    this.h = h;
    this.ring = ring;
    this.inlier = inlier;
    this.coefficients = coefficients;
    this.sigma = sigma;
  }

  /** Fits the model to the pixels within {@code ring} of the border. */
  static SurfaceModel fit(float[] lab, int w, int h, int ringWidth) {
    int[] ring = ringIndices(w, h, ringWidth);
    int n = ring.length;
    double[][] basis = new double[n][];
    for (int k = 0; k < n; k++) basis[k] = basis(ring[k] % w, ring[k] / w, w, h);
    // Start from the ring's median colour with a MAD spread: a part over the border is a minority there.
    double[][] coefficients = new double[3][TERMS];
    double[] sigma = new double[3];
    for (int c = 0; c < 3; c++) {
      double[] values = new double[n];
      for (int k = 0; k < n; k++) values[k] = lab[ring[k] * 3 + c];
      double median = median(values);
      coefficients[c][0] = median;
      for (int k = 0; k < n; k++) values[k] = Math.abs(values[k] - median);
      sigma[c] = Math.max(floor(c), 1.4826 * median(values));
    }
    // Rounds of fit and rejection: a plane first (it cannot bend to take in a part lying along one side of the
    // ring), then the quadratic on the plane's inliers.
    boolean[] in = new boolean[n];
    for (int round = 0; round < 5; round++) {
      int terms = round < 2 ? 3 : TERMS;
      int kept = 0;
      for (int k = 0; k < n; k++) {
        in[k] = distance(lab, ring[k], basis[k], coefficients, sigma) < INLIER;
        if (in[k]) kept++;
      }
      if (kept < TERMS * 4) break;
      coefficients = leastSquares(lab, ring, basis, in, terms);
      for (int c = 0; c < 3; c++) {
        double[] residuals = new double[kept];
        int j = 0;
        for (int k = 0; k < n; k++) {
          if (in[k]) residuals[j++] = Math.abs(lab[ring[k] * 3 + c] - dot(coefficients[c], basis[k]));
        }
        sigma[c] = Math.max(floor(c), 1.4826 * median(residuals));
      }
    }
    for (int k = 0; k < n; k++) in[k] = distance(lab, ring[k], basis[k], coefficients, sigma) < INLIER;
    boolean[] inlier = new boolean[w * h];
    for (int k = 0; k < n; k++) inlier[ring[k]] = in[k];
    return new SurfaceModel(w, h, ring, inlier, coefficients, sigma);
  }

  private static double floor(int channel) {
    return channel == 0 ? PhotoSegmenter.MIN_SIGMA_L : PhotoSegmenter.MIN_SIGMA_AB;
  }

  /** The border ring's pixel indices. */
  int[] ring() {
    return ring;
  }

  /** Whether a ring pixel is the surface (not a part crossing the border). */
  boolean inlier(int index) {
    return inlier[index];
  }

  /**
   * Each pixel's difference from the surface in spreads. A pixel darker than the surface counts only
   * {@link PhotoSegmenter#SHADOW_LIGHTNESS_WEIGHT} of its lightness drop, and its chroma is compared with the
   * surface's darkened as a shadow darkens it (Lab a and b shrink with L + 16): a shadow differs little, a dark or
   * coloured part still differs much.
   */
  float[] score(float[] lab) {
    return score(lab, null);
  }

  /**
   * As {@link #score(float[])}; also marks in {@code shadowLike} (when not null) the pixels darker than the surface,
   * by less than {@link #SHADOW_MAX_DROP} of its lightness, whose chroma follows the shadow model within
   * {@link #SHADOW_CHROMA} spreads or {@link #SHADOW_CHROMA_SHIFT} of the drop: what a shadow on this surface looks
   * like, and also a face of a surface-coloured part turned a little from the light (edges tell those apart).
   */
  float[] score(float[] lab, boolean[] shadowLike) {
    float[] out = new float[w * h];
    double shadow = PhotoSegmenter.SHADOW_LIGHTNESS_WEIGHT * PhotoSegmenter.SHADOW_LIGHTNESS_WEIGHT;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double[] b = basis(x, y, w, h);
        double l0 = dot(coefficients[0], b);
        double a0 = dot(coefficients[1], b);
        double b0 = dot(coefficients[2], b);
        double l = lab[i * 3];
        double dl = (l - l0) / sigma[0];
        double da;
        double db;
        double s;
        if (l < l0) {
          double ratio = (l + 16) / Math.max(1e-3, l0 + 16);
          da = (lab[i * 3 + 1] - a0 * ratio) / sigma[1];
          db = (lab[i * 3 + 2] - b0 * ratio) / sigma[2];
          s = shadow * dl * dl + da * da + db * db;
          if (shadowLike != null) {
            double ea = da * sigma[1];
            double eb = db * sigma[2];
            double tolerance = SHADOW_CHROMA_SHIFT * (l0 - l);
            shadowLike[i] = (da * da + db * db < SHADOW_CHROMA * SHADOW_CHROMA
                || ea * ea + eb * eb < tolerance * tolerance) && l > (1 - SHADOW_MAX_DROP) * l0;
          }
        } else {
          da = (lab[i * 3 + 1] - a0) / sigma[1];
          db = (lab[i * 3 + 2] - b0) / sigma[2];
          s = dl * dl + da * da + db * db;
        }
        out[i] = (float) Math.sqrt(s);
      }
    }
    return out;
  }

  /** The {@code q} quantile of {@code values} over the ring's surface pixels (0 when there are none). */
  double borderQuantile(float[] values, double q) {
    int n = 0;
    for (int i : ring) if (inlier[i]) n++;
    if (n == 0) return 0;
    double[] v = new double[n];
    int k = 0;
    for (int i : ring) if (inlier[i]) v[k++] = values[i];
    return OrderStatistic.select(v, Math.min(n - 1, (int) Math.floor(q * n)));
  }

  /** Median RGB (0..255) of the ring's surface pixels in an RGB image of the same size. */
  float[] medianRgb(byte[] rgb) {
    int[][] histogram = new int[3][256];
    int n = 0;
    for (int i : ring) {
      if (!inlier[i]) continue;
      n++;
      for (int c = 0; c < 3; c++) histogram[c][rgb[i * 3 + c] & 0xFF]++;
    }
    float[] out = new float[3];
    for (int c = 0; c < 3; c++) {
      int seen = 0;
      for (int v = 0; v < 256; v++) {
        seen += histogram[c][v];
        if (seen * 2 >= n) {
          out[c] = v;
          break;
        }
      }
    }
    return out;
  }

  double[] sigma() {
    return sigma.clone();
  }

  private static double distance(float[] lab, int i, double[] basis, double[][] coefficients, double[] sigma) {
    double s = 0;
    for (int c = 0; c < 3; c++) {
      double d = (lab[i * 3 + c] - dot(coefficients[c], basis)) / sigma[c];
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /**
   * Least squares of each Lab channel on the first {@code terms} basis functions (the rest left 0), over the ring
   * pixels marked in {@code in}: the normal matrix is the same for the three channels, so it is built once.
   */
  private static double[][] leastSquares(float[] lab, int[] ring, double[][] basis, boolean[] in, int terms) {
    double[][] ata = new double[TERMS][TERMS];
    double[][] atb = new double[3][TERMS];
    for (int k = 0; k < ring.length; k++) {
      if (!in[k]) continue;
      double[] b = basis[k];
      for (int i = 0; i < terms; i++) {
        for (int j = 0; j < terms; j++) ata[i][j] += b[i] * b[j];
      }
      for (int c = 0; c < 3; c++) {
        double v = lab[ring[k] * 3 + c];
        for (int i = 0; i < terms; i++) atb[c][i] += b[i] * v;
      }
    }
    // A little ridge on the curvature terms: the ring alone barely constrains them.
    for (int i = 3; i < terms; i++) ata[i][i] += 1e-3 * Math.max(1, ata[0][0]);
    double[][] out = new double[3][];
    for (int c = 0; c < 3; c++) {
      double[][] a = new double[terms][terms];
      for (int i = 0; i < terms; i++) System.arraycopy(ata[i], 0, a[i], 0, terms);
      out[c] = Arrays.copyOf(LinearSolve.solve(a, Arrays.copyOf(atb[c], terms)), TERMS);
    }
    return out;
  }

  private static double[] basis(int x, int y, int w, int h) {
    double u = 2.0 * x / Math.max(1, w - 1) - 1;
    double v = 2.0 * y / Math.max(1, h - 1) - 1;
    return new double[] {1, u, v, u * u, u * v, v * v};
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static double median(double[] values) {
    return values.length == 0 ? 0 : OrderStatistic.select(values.clone(), values.length / 2);
  }

  private static int[] ringIndices(int w, int h, int ring) {
    int[] out = new int[w * h];
    int k = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x >= ring && y >= ring && x < w - ring && y < h - ring) continue;
        out[k++] = y * w + x;
      }
    }
    return Arrays.copyOf(out, k);
  }
}
