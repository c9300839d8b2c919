package org.brickbox.fuse;

/**
 * How many times a part's surface repeats along its longer axis: the studs of a 1 x 8 brick or plate, the holes of
 * a Technic beam, the tubes underneath. Length near-twins (bricks 1 x 8 / 1 x 10 / 1 x 12, beams of 7 / 9 / 11
 * holes) are the photo path's commonest misses, and their outlines agree wherever one is foreshortened to the
 * other's length; the count does not change with foreshortening, because the length and the pitch shrink alike.
 *
 * <p>The image's lightness gradient along the mask's principal axis (signed, inside the outline) is averaged across
 * the part at each position along it (a stud's or a hole's lit and shaded sides alternate once per pitch); the
 * profile's autocorrelation peaks at the pitch and its multiples, the first peak nearly as high as the highest is
 * the pitch, and the count is the part's length over it. A profile without a clear peak (a tile, an axle, a part seen end-on) has
 * no count. Measured on images framed alike (an index's renders and a photo's segmented crop, at the index's image
 * size), so both sides count at the same resolution.
 */
public final class PeriodCount {
  /**
   * The least autocorrelation at the pitch, against the profile's own energy, for a count: below it the profile
   * does not repeat clearly enough (on renders, 1 x N bricks and plates and beams clear it in most views).
   */
  public static final double MIN_QUALITY = 0.4;
  /** The fewest mask pixels, and the shortest profile, worth looking for a pitch in. */
  static final int MIN_PIXELS = 50;
  static final int MIN_PROFILE = 20;
  /** The profile's ends (this share of its length each) hold the part's end faces, not its repeats. */
  static final double END_TRIM = 0.05;
  /** Pitches looked for: at least this share of the length (20 repeats) and at most this one (2.5 repeats). */
  static final double MIN_PITCH_SHARE = 0.05;
  static final double MAX_PITCH_SHARE = 0.4;
  /** A peak at a shorter lag than the highest that reaches this share of it is the pitch (the highest, a multiple). */
  static final double FIRST_PEAK_SHARE = 0.85;
  /** The smallest pitch in pixels: a finer one is the image's grain. */
  static final int MIN_PITCH_PIXELS = 3;

  private PeriodCount() {}

  /** A count and how clearly the profile repeats at its pitch (its autocorrelation there, 0..1). */
  public record Result(double count, double quality) {
    /** The count when it is clear enough ({@link #MIN_QUALITY}); NaN otherwise. */
    public double clearCount() {
      return quality >= MIN_QUALITY ? count : Double.NaN;
    }
  }

  static final Result NONE = new Result(Double.NaN, 0);

  /**
   * @param rgb width × height × 3 bytes
   * @param mask width × height bytes, the part where above 127
   */
  public static Result of(byte[] rgb, byte[] mask, int width, int height) {
    int n = width * height;
    if (rgb.length != 3 * n || mask.length != n) throw new IllegalArgumentException("image and mask must be w x h");
    double sumX = 0;
    double sumY = 0;
    int pixels = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (inside(mask, y * width + x)) {
          sumX += x;
          sumY += y;
          pixels++;
        }
      }
    }
    if (pixels < MIN_PIXELS) return NONE;
    double cx = sumX / pixels;
    double cy = sumY / pixels;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    double lowest = Double.MAX_VALUE;
    double highest = -Double.MAX_VALUE;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (!inside(mask, y * width + x)) continue;
        double dx = x - cx;
        double dy = y - cy;
        xx += dx * dx;
        yy += dy * dy;
        xy += dx * dy;
      }
    }
    double angle = 0.5 * Math.atan2(2 * xy, xx - yy);
    double ux = Math.cos(angle);
    double uy = Math.sin(angle);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (!inside(mask, y * width + x)) continue;
        double t = (x - cx) * ux + (y - cy) * uy;
        lowest = Math.min(lowest, t);
        highest = Math.max(highest, t);
      }
    }
    int bins = (int) Math.ceil(highest - lowest) + 1;
    double[] sum = new double[bins];
    int[] count = new int[bins];
    for (int y = 1; y < height - 1; y++) {
      for (int x = 1; x < width - 1; x++) {
        int i = y * width + x;
        // inside pixels only: a gradient across the outline is the outline's staircase, which repeats too
        if (!inside(mask, i) || !inside(mask, i - 1) || !inside(mask, i + 1) || !inside(mask, i - width)
            || !inside(mask, i + width)) {
          continue;
        }
        double gx = lightness(rgb, i + 1) - lightness(rgb, i - 1);
        double gy = lightness(rgb, i + width) - lightness(rgb, i - width);
        int bin = (int) Math.round((x - cx) * ux + (y - cy) * uy - lowest);
        // signed: a stud's lit and shaded sides alternate once per pitch (a magnitude would repeat twice)
        sum[bin] += gx * ux + gy * uy;
        count[bin]++;
      }
    }
    int trim = Math.max(1, (int) (bins * END_TRIM));
    int m = bins - 2 * trim;
    if (m < MIN_PROFILE) return NONE;
    double[] profile = new double[m];
    double mean = 0;
    for (int i = 0; i < m; i++) {
      int b = i + trim;
      profile[i] = count[b] > 0 ? sum[b] / count[b] : 0;
      mean += profile[i];
    }
    mean /= m;
    double energy = 0;
    for (int i = 0; i < m; i++) {
      profile[i] -= mean;
      energy += profile[i] * profile[i];
    }
    if (energy <= 0) return NONE;
    int shortest = Math.max(MIN_PITCH_PIXELS, (int) (bins * MIN_PITCH_SHARE));
    int longest = Math.min(m - 2, Math.max(shortest + 2, (int) (bins * MAX_PITCH_SHARE)));
    // autocorrelation, unbiased (each lag's sum scaled to the whole profile), from one lag before the shortest pitch
    // to one after the longest, so that each candidate can be tested for a peak
    double[] r = new double[longest + 2];
    for (int lag = shortest - 1; lag <= longest + 1 && lag < m; lag++) {
      double s = 0;
      for (int i = 0; i + lag < m; i++) s += profile[i] * profile[i + lag];
      r[lag] = s / energy * m / (m - lag);
    }
    // The profile repeats at every multiple of the pitch too: the pitch is the first peak nearly as high as the
    // highest.
    int top = -1;
    for (int lag = shortest; lag <= longest; lag++) {
      if (peak(r, lag) && (top < 0 || r[lag] > r[top])) top = lag;
    }
    if (top < 0 || r[top] <= 0) return NONE;
    int best = top;
    for (int lag = shortest; lag < top; lag++) {
      if (peak(r, lag) && r[lag] >= FIRST_PEAK_SHARE * r[top]) {
        best = lag;
        break;
      }
    }
    // the peak between lags, from the parabola through it and its neighbours
    double curvature = r[best - 1] - 2 * r[best] + r[best + 1];
    double shift = curvature < 0 ? (r[best - 1] - r[best + 1]) / (2 * curvature) : 0;
    double pitch = best + Math.max(-0.5, Math.min(0.5, shift));
    return new Result(bins / pitch, Math.min(1, r[best]));
  }

  private static boolean peak(double[] r, int lag) {
    return r[lag] > r[lag - 1] && r[lag] >= r[lag + 1];
  }

  private static boolean inside(byte[] mask, int pixel) {
    return (mask[pixel] & 0xFF) > 127;
  }

  private static double lightness(byte[] rgb, int pixel) {
    return 0.299 * (rgb[3 * pixel] & 0xFF) + 0.587 * (rgb[3 * pixel + 1] & 0xFF) + 0.114 * (rgb[3 * pixel + 2] & 0xFF);
  }
}
