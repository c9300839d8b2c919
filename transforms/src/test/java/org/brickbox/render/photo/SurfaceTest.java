package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SurfaceTest {
  private static int red(int rgb) {
    return (rgb >> 16) & 0xFF;
  }

  private static int green(int rgb) {
    return (rgb >> 8) & 0xFF;
  }

  private static int blue(int rgb) {
    return rgb & 0xFF;
  }

  private static double luma(int rgb) {
    return 0.2126 * red(rgb) + 0.7152 * green(rgb) + 0.0722 * blue(rgb);
  }

  @Test
  void theSameRandomStateGivesTheSameSurface() {
    for (SurfaceKind kind : SurfaceKind.values()) {
      Surface a = Surface.random(new SplittableRandom(8), kind);
      Surface b = Surface.random(new SplittableRandom(8), kind);
      assertEquals(a.describe(), b.describe());
      SplittableRandom points = new SplittableRandom(1);
      for (int i = 0; i < 1000; i++) {
        double u = points.nextDouble(-500, 500);
        double v = points.nextDouble(-500, 500);
        assertEquals(a.albedoRgb(u, v), b.albedoRgb(u, v), kind + " at " + u + ", " + v);
      }
    }
  }

  /** Documented channel ranges of each kind (see SurfaceKind). */
  private static final Map<SurfaceKind, int[]> RANGES = new EnumMap<>(Map.of(
      SurfaceKind.PLAIN_LIGHT, new int[] {175, 255},
      SurfaceKind.PAPER, new int[] {195, 255},
      SurfaceKind.BELT, new int[] {25, 110},
      SurfaceKind.PLAIN_DARK, new int[] {13, 75},
      SurfaceKind.WOOD, new int[] {0, 255},
      SurfaceKind.CLOTH, new int[] {15, 245}));

  @Test
  void everyValueLiesInItsKindsDocumentedRange() {
    SplittableRandom random = new SplittableRandom(3);
    for (SurfaceKind kind : SurfaceKind.values()) {
      int[] range = RANGES.get(kind);
      for (int s = 0; s < 200; s++) {
        Surface surface = Surface.random(random, kind);
        for (int i = 0; i < 500; i++) {
          int rgb = surface.albedoRgb(random.nextDouble(-60, 60), random.nextDouble(-60, 60));
          String where = surface.describe() + " gave " + Integer.toHexString(rgb);
          for (int c : new int[] {red(rgb), green(rgb), blue(rgb)}) {
            assertTrue(c >= range[0] && c <= range[1], where);
          }
          if (kind == SurfaceKind.WOOD) {
            assertTrue(red(rgb) >= 90 && green(rgb) <= red(rgb) && blue(rgb) <= green(rgb), "brown: " + where);
          }
        }
      }
    }
  }

  @Test
  void plainSurfacesVaryByAtMostThreePercent() {
    SplittableRandom random = new SplittableRandom(5);
    for (int s = 0; s < 50; s++) {
      Surface surface = Surface.random(random, SurfaceKind.PLAIN_LIGHT);
      double base = luma(surface.baseRgb());
      for (int i = 0; i < 500; i++) {
        double l = luma(surface.albedoRgb(random.nextDouble(-100, 100), random.nextDouble(-100, 100)));
        assertEquals(1, l / base, 0.035, surface.describe());
      }
    }
  }

  /** Mean squared difference of luma between points {@code stepMm} apart along {@code angle}, over a 60 mm frame. */
  private static double differenceEnergy(Surface surface, double stepMm, double angle) {
    SplittableRandom points = new SplittableRandom(11);
    double du = stepMm * Math.cos(angle);
    double dv = stepMm * Math.sin(angle);
    double sum = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      double u = points.nextDouble(-30, 30);
      double v = points.nextDouble(-30, 30);
      double d = luma(surface.albedoRgb(u, v)) - luma(surface.albedoRgb(u + du, v + dv));
      sum += d * d;
    }
    return sum / n;
  }

  @Test
  void paperHasMoreFineDetailThanAPlainSurface() {
    SplittableRandom random = new SplittableRandom(6);
    double paper = 0;
    double plain = 0;
    for (int s = 0; s < 20; s++) {
      Surface p = Surface.random(random, SurfaceKind.PAPER);
      Surface q = Surface.random(random, SurfaceKind.PLAIN_LIGHT);
      // relative to brightness, so that paper's lighter base does not count
      paper += differenceEnergy(p, 0.3, 0) / Math.pow(luma(p.baseRgb()), 2);
      plain += differenceEnergy(q, 0.3, 0) / Math.pow(luma(q.baseRgb()), 2);
    }
    assertTrue(paper > 3 * plain, "paper " + paper + " plain " + plain);
  }

  /** Largest over smallest difference energy across 12 directions: about 1 for an isotropic texture. */
  private static double anisotropy(Surface surface) {
    double most = 0;
    double least = Double.MAX_VALUE;
    for (int k = 0; k < 12; k++) {
      double e = differenceEnergy(surface, 1, k * Math.PI / 12);
      most = Math.max(most, e);
      least = Math.min(least, e);
    }
    return most / least;
  }

  @Test
  void woodIsAnisotropicAndPlainIsNot() {
    SplittableRandom random = new SplittableRandom(7);
    for (int s = 0; s < 5; s++) {
      Surface wood = Surface.random(random, SurfaceKind.WOOD);
      assertTrue(anisotropy(wood) > 2, wood.describe() + ": " + anisotropy(wood));
      Surface plain = Surface.random(random, SurfaceKind.PLAIN_LIGHT);
      assertTrue(anisotropy(plain) < 1.6, plain.describe() + ": " + anisotropy(plain));
    }
  }

  @Test
  void beltsAreDarkAndPlainLightSurfacesLight() {
    SplittableRandom random = new SplittableRandom(9);
    for (int s = 0; s < 100; s++) {
      Surface belt = Surface.random(random, SurfaceKind.BELT);
      double sum = 0;
      for (int i = 0; i < 200; i++) sum += luma(belt.albedoRgb(random.nextDouble(-50, 50), random.nextDouble(-50, 50)));
      assertTrue(sum / 200 < 75, belt.describe());
      assertTrue(luma(Surface.random(random, SurfaceKind.PLAIN_LIGHT).baseRgb()) > 190);
    }
  }

  @Test
  void kindsArePickedWithTheirWeights() {
    SplittableRandom random = new SplittableRandom(10);
    Map<SurfaceKind, Integer> counts = new EnumMap<>(SurfaceKind.class);
    int n = 10_000;
    for (int i = 0; i < n; i++) counts.merge(Surface.random(random).kind(), 1, Integer::sum);
    double total = 0;
    for (SurfaceKind kind : SurfaceKind.values()) {
      total += kind.weight;
      double expected = kind.weight * n;
      assertEquals(expected, counts.getOrDefault(kind, 0), 4 * Math.sqrt(expected) + 1, kind.name());
    }
    assertEquals(1, total, 1e-12);
    assertTrue(SurfaceKind.PLAIN_LIGHT.weight > SurfaceKind.PAPER.weight, "mostly plain light, as in photos.md");
  }

  @Test
  void describeNamesTheKindAndBaseColour() {
    Surface paper = Surface.random(new SplittableRandom(1), SurfaceKind.PAPER);
    assertEquals(String.format("PAPER #%06X", paper.baseRgb()), paper.describe());
    assertTrue(paper.describe().matches("PAPER #[0-9A-F]{6}"), paper.describe());
  }
}
