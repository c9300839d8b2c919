package org.brickbox.render;

import java.util.SplittableRandom;

/**
 * Spreads views evenly over the sphere's elevation band with a golden-angle (Fibonacci) spiral: equal-area steps in
 * sin(elevation), azimuth advancing by the golden angle, so any number of views covers the band without clumps.
 * Seeded jitter then moves each view a little, staying inside the band.
 */
final class Viewpoints {
  private static final double GOLDEN_ANGLE_DEG = 180.0 * (3.0 - Math.sqrt(5.0));

  private Viewpoints() {}

  static Viewpoint of(RenderSettings settings, RenderKey key) {
    double lo = Math.sin(Math.toRadians(settings.minElevationDeg()));
    double hi = Math.sin(Math.toRadians(settings.maxElevationDeg()));
    int n = settings.viewCount();
    int i = key.viewIndex() % n;
    double elevation = Math.toDegrees(Math.asin(lo + (hi - lo) * (i + 0.5) / n));
    double azimuth = (i * GOLDEN_ANGLE_DEG) % 360.0;

    SplittableRandom random = Seeds.random(key.seed(), key.partId(), key.viewIndex(), Seeds.VIEW);
    double j = settings.rotationJitterDeg();
    double jitterAzimuth = symmetric(random, j);
    double jitteredElevation = clamp(elevation + symmetric(random, j),
        settings.minElevationDeg(), settings.maxElevationDeg());
    double roll = symmetric(random, j);
    return new Viewpoint(azimuth + jitterAzimuth, jitteredElevation, jitterAzimuth, jitteredElevation - elevation,
        roll);
  }

  private static double symmetric(SplittableRandom random, double bound) {
    return bound == 0 ? 0 : random.nextDouble(-bound, bound);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
