package org.brickbox.render.photo;

/**
 * Conversions between 8-bit sRGB values and linear light (0..1) by tables, built with {@link StrictMath} so the
 * tables, and every image made with them, are bit-identical on every JVM and CPU.
 *
 * <p>Linear light goes back to 8 bits through a table of {@value #STEPS} + 1 steps: the level nearest to the step
 * nearest to the value. Steps are 1/65535 apart, under a twentieth of the narrowest gap between two levels' linear
 * values (1/(255·12.92), at black), so the result is the nearest level except for values within 0.03 of a level
 * of a midpoint, and an 8-bit value taken to linear light and back is always unchanged.
 */
public final class Srgb {
  /** Steps of the linear-to-8-bit table. */
  static final int STEPS = 65535;
  /** Linear light of each 8-bit level. */
  private static final float[] TO_LINEAR = new float[256];
  private static final byte[] TO_LEVEL = new byte[STEPS + 1];

  static {
    for (int k = 0; k < 256; k++) TO_LINEAR[k] = (float) toLinear(k / 255.0);
    int level = 0;
    for (int i = 0; i <= STEPS; i++) {
      double v = (double) i / STEPS;
      while (level < 255 && v >= toLinear((level + 0.5) / 255.0)) level++;
      TO_LEVEL[i] = (byte) level;
    }
  }

  private Srgb() {}

  /** Linear light (0..1) of the 8-bit sRGB levels in {@code rgb[offset..offset + n)}, into {@code out[0..n)}. */
  static void toLinear(byte[] rgb, int offset, float[] out, int n) {
    for (int i = 0; i < n; i++) out[i] = TO_LINEAR[rgb[offset + i] & 0xFF];
  }

  /**
   * The 8-bit sRGB levels of linear light {@code v[0..n)} into {@code rgb[offset..offset + n)}; values outside 0..1
   * clip, as on a sensor.
   */
  static void toLevels(float[] v, byte[] rgb, int offset, int n) {
    for (int i = 0; i < n; i++) {
      float f = v[i];
      f = f > 0f ? f : 0f; // also maps NaN to black
      f = f < 1f ? f : 1f;
      rgb[offset + i] = TO_LEVEL[(int) (f * STEPS + 0.5f)];
    }
  }

  /** Linear light (0..1) of one 8-bit sRGB level (0..255). */
  public static float linear(int level) {
    return TO_LINEAR[level & 0xFF];
  }

  /** The 8-bit sRGB level of linear light {@code v}, clipped to 0..1. */
  public static int level(float v) {
    float f = v > 0f ? v : 0f;
    f = f < 1f ? f : 1f;
    return TO_LEVEL[(int) (f * STEPS + 0.5f)] & 0xFF;
  }

  /** The sRGB transfer function's inverse: encoded 0..1 to linear 0..1. */
  static double toLinear(double encoded) {
    return encoded <= 0.04045 ? encoded / 12.92 : StrictMath.pow((encoded + 0.055) / 1.055, 2.4);
  }
}
