package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The exact hull is a closed, consistently wound, convex surface holding every point, whatever the degeneracies. */
class ConvexHullTest {
  @Test
  void latticeCubeIsSixFacetsWhateverItsManyCoplanarPoints() {
    double[] xyz = new double[3 * 125];
    for (int i = 0; i < 125; i++) {
      xyz[3 * i] = i % 5;
      xyz[3 * i + 1] = i / 5 % 5;
      xyz[3 * i + 2] = i / 25;
    }
    ConvexHull hull = ConvexHull.of(xyz);
    assertValid(hull);
    List<Facet> facets = HullFacets.of(hull, 1e-6);
    assertEquals(6, facets.size());
    for (Facet facet : facets) {
      assertEquals(16, facet.area(), 1e-9);
      assertEquals(4, facet.cornerCount());
    }
  }

  /**
   * Rows of nearly collinear points a few thousandths apart, as LDraw parts have, once broke a tolerance-based
   * quickhull: sliver faces pointed anywhere and points it had dropped ended up outside.
   */
  @Test
  void jitteredRowsGiveAValidHull() {
    Random random = new Random(3);
    double[] xyz = new double[3 * 2000];
    for (int i = 0; i < 2000; i++) {
      int row = i % 8;
      xyz[3 * i] = random.nextDouble() * 48 - 24;
      xyz[3 * i + 1] = (row & 1) * 10 + random.nextGaussian() * 0.001;
      xyz[3 * i + 2] = (row >> 1) * 5 + random.nextGaussian() * 0.001;
    }
    assertValid(ConvexHull.of(xyz));
  }

  @Test
  void randomPointsInABallGiveAValidHull() {
    Random random = new Random(11);
    double[] xyz = new double[3 * 20000];
    for (int i = 0; i < xyz.length; i++) xyz[i] = random.nextGaussian();
    assertValid(ConvexHull.of(xyz));
  }

  /** Closed (every edge's neighbour holds it reversed), Euler characteristic 2, every point on or below every face. */
  static void assertValid(ConvexHull hull) {
    double[] p = hull.points();
    int triangles = hull.triangleCount();
    Set<Integer> vertices = new HashSet<>();
    for (int t = 0; t < triangles; t++) {
      for (int e = 0; e < 3; e++) {
        vertices.add(hull.vertex(t, e));
        int u = hull.neighbour(t, e);
        boolean reversed = false;
        for (int f = 0; f < 3; f++) {
          reversed |= hull.vertex(u, f) == hull.vertex(t, (e + 1) % 3)
              && hull.vertex(u, (f + 1) % 3) == hull.vertex(t, e);
        }
        assertTrue(reversed, "triangle " + t + " edge " + e);
      }
      double[] a = corner(p, hull.vertex(t, 0));
      double[] n = ConvexHull.normalise(ConvexHull.cross(minus(corner(p, hull.vertex(t, 1)), a),
          minus(corner(p, hull.vertex(t, 2)), a)));
      for (int i = 0; i < p.length / 3; i++) {
        double above = ConvexHull.dot(n, minus(corner(p, i), a));
        assertTrue(above < 1e-9, "point " + i + " lies " + above + " above triangle " + t);
      }
    }
    assertEquals(2, vertices.size() - triangles * 3 / 2 + triangles);
  }

  private static double[] corner(double[] p, int i) {
    return new double[] {p[3 * i], p[3 * i + 1], p[3 * i + 2]};
  }

  private static double[] minus(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }
}
