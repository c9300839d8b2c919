package org.brickbox.render.photo;

/**
 * The colour cast a camera leaves when the light is not the colour it balanced for: linear-light RGB gains from the
 * illuminant's correlated colour temperature and a green–magenta tint, relative to a {@value #REFERENCE_K} K
 * reference (a render's white lights).
 *
 * <p>The illuminant's chromaticity comes from the Planckian locus (the cubic fit of Kim et al., 2002, valid
 * 1667-25000 K), converted to linear sRGB. A camera's automatic white balance corrects most of a cast; the
 * {@code residual} exponent keeps that share of it (0: perfect correction, 1: none). Gains are normalised so that
 * white keeps its luminance: white balance changes colour, exposure changes brightness.
 */
public final class WhiteBalance {
  static final double REFERENCE_K = 5500;
  private static final double[] REFERENCE = illuminantRgb(REFERENCE_K);

  private WhiteBalance() {}

  /**
   * R, G, B gains for light of {@code kelvin} (1667..25000) and {@code tint} (relative extra green, negative for
   * magenta) after a camera's correction that leaves {@code residual} (0..1) of the cast.
   */
  static double[] gains(double kelvin, double tint, double residual) {
    if ((kelvin == REFERENCE_K || residual == 0) && tint == 0) return new double[] {1, 1, 1}; // exactly neutral
    double[] light = illuminantRgb(kelvin);
    double[] g = new double[3];
    for (int c = 0; c < 3; c++) g[c] = StrictMath.pow(light[c] / REFERENCE[c], residual);
    g[1] *= 1 + tint;
    double luminance = 0.2126 * g[0] + 0.7152 * g[1] + 0.0722 * g[2];
    for (int c = 0; c < 3; c++) g[c] /= luminance;
    return g;
  }

  /**
   * Linear RGB of light at {@code kelvin} seen by a camera balanced for {@code balancedK}: white under the light it
   * was balanced for, warmer or bluer under others (per channel, not luminance-normalised).
   */
  public static double[] lightColour(double kelvin, double balancedK) {
    double[] light = illuminantRgb(kelvin);
    double[] reference = illuminantRgb(balancedK);
    return new double[] {light[0] / reference[0], light[1] / reference[1], light[2] / reference[2]};
  }

  /** Linear sRGB (unnormalised, Y = 1) of a black body at {@code kelvin}. */
  static double[] illuminantRgb(double kelvin) {
    if (!(kelvin >= 1667 && kelvin <= 25000)) {
      throw new IllegalArgumentException("colour temperature must be 1667..25000 K, was " + kelvin);
    }
    double t = kelvin;
    double x = kelvin <= 4000
        ? -0.2661239e9 / (t * t * t) - 0.2343589e6 / (t * t) + 0.8776956e3 / t + 0.179910
        : -3.0258469e9 / (t * t * t) + 2.1070379e6 / (t * t) + 0.2226347e3 / t + 0.240390;
    double y;
    if (kelvin <= 2222) {
      y = -1.1063814 * x * x * x - 1.34811020 * x * x + 2.18555832 * x - 0.20219683;
    } else if (kelvin <= 4000) {
      y = -0.9549476 * x * x * x - 1.37418593 * x * x + 2.09137015 * x - 0.16748867;
    } else {
      y = 3.0817580 * x * x * x - 5.87338670 * x * x + 3.75112997 * x - 0.37001483;
    }
    double bigX = x / y;
    double bigZ = (1 - x - y) / y;
    return new double[] {
        3.2404542 * bigX - 1.5371385 - 0.4985314 * bigZ,
        -0.9692660 * bigX + 1.8760108 + 0.0415560 * bigZ,
        0.0556434 * bigX - 0.2040259 + 1.0572252 * bigZ};
  }
}
