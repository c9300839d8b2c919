package org.brickbox.render.photo;

import static org.brickbox.render.photo.ConvexHull.cross;
import static org.brickbox.render.photo.ConvexHull.dot;

/**
 * One planar face of a convex hull: its coplanar hull triangles merged into a convex polygon. The polygon lies in
 * the supporting plane {@code normal · x = offset}; its corners are held in the plane's own 2D frame
 * ({@code u}, {@code v}, with {@code u × v = normal}) and run counter-clockwise seen from outside.
 *
 * @param across for each polygon edge (corner i to i+1), the facet on the other side of the hull edge
 */
record Facet(double[] normal, double offset, double[] u, double[] v, double[] corners2d, int[] across) {
  int cornerCount() {
    return corners2d.length / 2;
  }

  double area() {
    double twice = 0;
    for (int i = 0, m = cornerCount(); i < m; i++) {
      int j = (i + 1) % m;
      twice += corners2d[2 * i] * corners2d[2 * j + 1] - corners2d[2 * j] * corners2d[2 * i + 1];
    }
    return twice / 2;
  }

  /** How far {@code point} lies below the plane: the height of a centre of mass resting on this facet. */
  double height(double[] point) {
    return offset - dot(normal, point);
  }

  /** The polygon edge that {@code point}, projected onto the plane, lies farthest outside of or nearest inside. */
  int weakestEdge(double[] point) {
    double x = dot(u, point), y = dot(v, point);
    int weakest = -1;
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0, m = cornerCount(); i < m; i++) {
      int j = (i + 1) % m;
      double ex = corners2d[2 * j] - corners2d[2 * i], ey = corners2d[2 * j + 1] - corners2d[2 * i + 1];
      double inside = (ex * (y - corners2d[2 * i + 1]) - ey * (x - corners2d[2 * i])) / Math.hypot(ex, ey);
      if (inside < least) {
        least = inside;
        weakest = i;
      }
    }
    return weakest;
  }

  /** Signed distance from {@code point}'s projection to the polygon's boundary: positive inside, negative outside. */
  double margin(double[] point) {
    int i = weakestEdge(point);
    int j = (i + 1) % cornerCount();
    double x = dot(u, point), y = dot(v, point);
    double ex = corners2d[2 * j] - corners2d[2 * i], ey = corners2d[2 * j + 1] - corners2d[2 * i + 1];
    return (ex * (y - corners2d[2 * i + 1]) - ey * (x - corners2d[2 * i])) / Math.hypot(ex, ey);
  }

  /** Corner {@code i} in 3D. */
  double[] corner(int i) {
    double x = corners2d[2 * i], y = corners2d[2 * i + 1];
    return new double[] {
      x * u[0] + y * v[0] + offset * normal[0],
      x * u[1] + y * v[1] + offset * normal[1],
      x * u[2] + y * v[2] + offset * normal[2]
    };
  }

  /**
   * The solid angle the polygon subtends at {@code eye}, in steradians, exact: the sum over a fan of triangles of
   * Van Oosterom and Strackee's closed form. Positive when {@code eye} lies below the plane.
   */
  double solidAngle(double[] eye) {
    double[] a = minus(corner(0), eye);
    double la = Math.sqrt(dot(a, a));
    double sum = 0;
    double[] b = minus(corner(1), eye);
    for (int i = 2, m = cornerCount(); i < m; i++) {
      double[] c = minus(corner(i), eye);
      double lb = Math.sqrt(dot(b, b)), lc = Math.sqrt(dot(c, c));
      double numerator = dot(a, cross(b, c));
      double denominator = la * lb * lc + dot(a, b) * lc + dot(a, c) * lb + dot(b, c) * la;
      sum += 2 * Math.atan2(numerator, denominator);
      b = c;
    }
    return sum;
  }

  private static double[] minus(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }
}
