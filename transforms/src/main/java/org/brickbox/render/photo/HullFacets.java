package org.brickbox.render.photo;

import static org.brickbox.render.photo.ConvexHull.cross;
import static org.brickbox.render.photo.ConvexHull.dot;
import static org.brickbox.render.photo.ConvexHull.normalise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Merges a convex hull's triangles into planar facets. Triangles are taken largest first as seeds; a facet grows
 * from its seed across hull edges to every triangle whose three corners lie within the tolerance of the seed's
 * plane. Measuring against the seed's plane, not the neighbour's, keeps a gently curved run of triangles (a
 * cylinder's side) from creeping into one facet. A facet's polygon is the 2D convex hull of its triangles' corners
 * in its supporting plane, with corners within the tolerance of a straight line dropped.
 */
final class HullFacets {
  private HullFacets() {}

  static List<Facet> of(ConvexHull hull, double tolerance) {
    double[] p = hull.points();
    int count = hull.triangleCount();
    double[][] normals = new double[count][];
    double[] areas = new double[count];
    Integer[] bySize = new Integer[count];
    for (int t = 0; t < count; t++) {
      double[] a = corner(p, hull.vertex(t, 0));
      double[] areaVector = cross(minus(corner(p, hull.vertex(t, 1)), a), minus(corner(p, hull.vertex(t, 2)), a));
      areas[t] = Math.sqrt(dot(areaVector, areaVector)) / 2;
      normals[t] = normalise(areaVector);
      bySize[t] = t;
    }
    Arrays.sort(bySize, (s, t) -> areas[s] != areas[t] ? Double.compare(areas[t], areas[s]) : Integer.compare(s, t));

    int[] facetOf = new int[count];
    Arrays.fill(facetOf, -1);
    List<int[]> members = new ArrayList<>();
    for (int seed : bySize) {
      if (facetOf[seed] >= 0) continue;
      int id = members.size();
      double[] n = normals[seed];
      double d = dot(n, corner(p, hull.vertex(seed, 0)));
      int[] grown = {seed};
      int size = 1;
      facetOf[seed] = id;
      for (int k = 0; k < size; k++) {
        for (int e = 0; e < 3; e++) {
          int t = hull.neighbour(grown[k], e);
          if (facetOf[t] >= 0 || !withinPlane(hull, p, t, n, d, tolerance)) continue;
          facetOf[t] = id;
          if (size == grown.length) grown = Arrays.copyOf(grown, 2 * size);
          grown[size++] = t;
        }
      }
      members.add(Arrays.copyOf(grown, size));
    }

    List<Facet> facets = new ArrayList<>(members.size());
    for (int[] triangles : members) facets.add(facet(hull, p, triangles, normals, areas, facetOf, tolerance));
    return facets;
  }

  private static boolean withinPlane(ConvexHull hull, double[] p, int t, double[] n, double d, double tolerance) {
    for (int c = 0; c < 3; c++) {
      if (Math.abs(dot(n, corner(p, hull.vertex(t, c))) - d) > tolerance) return false;
    }
    return true;
  }

  /** The facet's plane: area-weighted normal of its triangles, offset through its outermost corner. */
  private static Facet facet(ConvexHull hull, double[] p, int[] triangles, double[][] normals, double[] areas,
      int[] facetOf, double tolerance) {
    double[] sum = new double[3];
    for (int t : triangles) {
      for (int a = 0; a < 3; a++) sum[a] += areas[t] * normals[t][a];
    }
    double[] n = normalise(sum);
    double[] u = normalise(Math.abs(n[0]) < 0.6 ? cross(new double[] {1, 0, 0}, n) : cross(new double[] {0, 1, 0}, n));
    double[] v = cross(n, u);
    double[] flat = new double[6 * triangles.length];
    double offset = Double.NEGATIVE_INFINITY;
    int k = 0;
    for (int t : triangles) {
      for (int c = 0; c < 3; c++) {
        double[] x = corner(p, hull.vertex(t, c));
        flat[k++] = dot(u, x);
        flat[k++] = dot(v, x);
        offset = Math.max(offset, dot(n, x));
      }
    }
    double[] corners = ConvexPolygon.hull(flat, tolerance);
    return new Facet(n, offset, u, v, corners, across(hull, p, triangles, facetOf, u, v, corners));
  }

  /**
   * The facet across each polygon edge: each hull edge on the facet's border is matched, by its midpoint, to the
   * nearest polygon edge; a polygon edge takes the facet that shares the greatest length of it. A polygon edge that
   * no border edge lies along (the facet's triangles, merged within the tolerance, need not fill their convex
   * polygon) takes the facet of the border edge whose midpoint is nearest its own.
   */
  private static int[] across(ConvexHull hull, double[] p, int[] triangles, int[] facetOf, double[] u, double[] v,
      double[] corners) {
    int m = corners.length / 2;
    List<TreeMap<Integer, Double>> shared = new ArrayList<>(m);
    for (int i = 0; i < m; i++) shared.add(new TreeMap<>());
    int self = facetOf[triangles[0]];
    List<double[]> border = new ArrayList<>();
    for (int t : triangles) {
      for (int e = 0; e < 3; e++) {
        int other = facetOf[hull.neighbour(t, e)];
        if (other == self) continue;
        double[] a = corner(p, hull.vertex(t, e));
        double[] b = corner(p, hull.vertex(t, (e + 1) % 3));
        double[] mid = {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2};
        border.add(new double[] {dot(u, mid), dot(v, mid), other});
        int edge = nearestEdge(corners, dot(u, mid), dot(v, mid));
        double length = Math.sqrt(dot(minus(b, a), minus(b, a)));
        shared.get(edge).merge(other, length, Double::sum);
      }
    }
    int[] across = new int[m];
    for (int i = 0; i < m; i++) {
      int best = -1;
      double most = 0;
      for (var entry : shared.get(i).entrySet()) {
        if (entry.getValue() > most) {
          most = entry.getValue();
          best = entry.getKey();
        }
      }
      across[i] = best >= 0 ? best : nearestBorder(border, corners, i);
    }
    return across;
  }

  private static int nearestBorder(List<double[]> border, double[] c, int edge) {
    int j = (edge + 1) % (c.length / 2);
    double x = (c[2 * edge] + c[2 * j]) / 2, y = (c[2 * edge + 1] + c[2 * j + 1]) / 2;
    int nearest = -1;
    double least = Double.POSITIVE_INFINITY;
    for (double[] b : border) {
      double d = (b[0] - x) * (b[0] - x) + (b[1] - y) * (b[1] - y);
      if (d < least) {
        least = d;
        nearest = (int) b[2];
      }
    }
    return nearest;
  }

  private static int nearestEdge(double[] c, double x, double y) {
    int m = c.length / 2;
    int nearest = -1;
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      int j = (i + 1) % m;
      double ex = c[2 * j] - c[2 * i], ey = c[2 * j + 1] - c[2 * i + 1];
      double s = Math.max(0, Math.min(1, ((x - c[2 * i]) * ex + (y - c[2 * i + 1]) * ey) / (ex * ex + ey * ey)));
      double dx = c[2 * i] + s * ex - x, dy = c[2 * i + 1] + s * ey - y;
      double d = dx * dx + dy * dy;
      if (d < least) {
        least = d;
        nearest = i;
      }
    }
    return nearest;
  }

  private static double[] corner(double[] p, int i) {
    return new double[] {p[3 * i], p[3 * i + 1], p[3 * i + 2]};
  }

  private static double[] minus(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }
}
