package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backdrop skips a tile's shadow and occlusion lookups when {@link ShadowMap#unshadowed} or
 * {@link ShadowMap#unoccluded} says they would find nothing: then every lookup inside the tile must indeed give 1 (lit)
 * or 0 (not occluded).
 */
class ShadowMapTest {
  private static PreparedMesh brick;

  @BeforeAll
  static void openLibrary() {
    brick = PreparedMesh.of(TestScenes.library().load("3001").mesh());
  }

  @Test
  void aQuadRuledOutHasNoShadowAndNoOcclusionAnywhereInside() {
    SplittableRandom random = new SplittableRandom(5);
    double r = brick.radius();
    double[] c = brick.centre();
    int unshadowed = 0, unoccluded = 0, shadowed = 0;
    for (int trial = 0; trial < 400; trial++) {
      double[] down = direction(random);
      double[] towardsLight = direction(random);
      ShadowMap shadow = new ShadowMap(160);
      shadow.build(brick, towardsLight);
      ShadowMap contact = new ShadowMap(96);
      contact.build(brick, down);
      // A small quadrilateral on a plane near the part, like a tile of the backdrop's grid on the surface.
      double[] centre = new double[3];
      double[] e1 = Camera.perpendicular(down), e2 = Camera.cross(down, e1);
      double ground = 0;
      for (int a = 0; a < 3; a++) centre[a] = c[a] + random.nextDouble(-2, 2) * r * (a == 1 ? 0.5 : 1);
      double side = random.nextDouble(0.02, 0.4) * r;
      double[] xs = new double[4], ys = new double[4], zs = new double[4];
      for (int k = 0; k < 4; k++) {
        double s = (k % 2 == 0 ? -side : side) * random.nextDouble(0.6, 1.4);
        double t = (k < 2 ? -side : side) * random.nextDouble(0.6, 1.4);
        xs[k] = centre[0] + s * e1[0] + t * e2[0];
        ys[k] = centre[1] + s * e1[1] + t * e2[1];
        zs[k] = centre[2] + s * e1[2] + t * e2[2];
        ground = Math.max(ground, Camera.dot(new double[] {xs[k], ys[k], zs[k]}, down));
      }
      double spread = random.nextDouble(0.05, 0.4);
      double bias = r * 0.01;
      boolean noShadow = shadow.unshadowed(xs, ys, zs, spread, bias);
      boolean noOcclusion = contact.unoccluded(xs, ys, zs, ground, r * 0.25, r * 0.35);
      for (int p = 0; p < 50; p++) { // points of the quadrilateral: bilinear mixes of its corners
        double u = random.nextDouble(), v = random.nextDouble();
        double[] w = {(1 - u) * (1 - v), u * (1 - v), (1 - u) * v, u * v};
        double x = 0, y = 0, z = 0;
        for (int k = 0; k < 4; k++) {
          x += w[k] * xs[k];
          y += w[k] * ys[k];
          z += w[k] * zs[k];
        }
        double lit = shadow.lit(x, y, z, spread, bias);
        if (noShadow) assertEquals(1.0, lit, "trial " + trial);
        if (lit < 1) shadowed++;
        if (noOcclusion) assertEquals(0.0, contact.occlusion(x, y, z, ground, r * 0.25, r * 0.35), "trial " + trial);
      }
      if (noShadow) unshadowed++;
      if (noOcclusion) unoccluded++;
    }
    assertTrue(unshadowed > 40 && unshadowed < 360, "quads ruled out of shadow: " + unshadowed);
    assertTrue(unoccluded > 40, "quads ruled out of occlusion: " + unoccluded);
    assertTrue(shadowed > 100, "shadowed points: " + shadowed);
  }

  private static double[] direction(SplittableRandom random) {
    double z = random.nextDouble(-1, 1), phi = random.nextDouble(0, 2 * Math.PI), s = Math.sqrt(1 - z * z);
    return new double[] {s * Math.cos(phi), s * Math.sin(phi), z};
  }
}
