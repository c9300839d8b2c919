package org.brickbox.render.photo;

import java.util.Arrays;

/** The convex hull of 2D points by Andrew's monotone chain. */
final class ConvexPolygon {
  private ConvexPolygon() {}

  /**
   * @param xy points, 2 doubles each
   * @param tolerance a corner closer than this to the line through its neighbours is dropped, so float noise
   *     along a straight edge does not leave a row of tiny edges
   * @return the hull's corners, counter-clockwise, 2 doubles each
   */
  static double[] hull(double[] xy, double tolerance) {
    int n = xy.length / 2;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> xy[2 * a] != xy[2 * b]
        ? Double.compare(xy[2 * a], xy[2 * b])
        : Double.compare(xy[2 * a + 1], xy[2 * b + 1]));
    int[] chain = new int[2 * n + 1];
    int size = 0;
    for (int pass = 0; pass < 2; pass++) {
      int start = size;
      for (int k = 0; k < n; k++) {
        int i = order[pass == 0 ? k : n - 1 - k];
        while (size >= start + 2 && !turnsLeft(xy, chain[size - 2], chain[size - 1], i, tolerance)) size--;
        chain[size++] = i;
      }
      size--; // the last point of each chain starts the other
    }
    double[] corners = new double[2 * size];
    for (int k = 0; k < size; k++) {
      corners[2 * k] = xy[2 * chain[k]];
      corners[2 * k + 1] = xy[2 * chain[k] + 1];
    }
    return corners;
  }

  /** True when a, b, c turn counter-clockwise with {@code b} more than {@code tolerance} off the line a to c. */
  private static boolean turnsLeft(double[] xy, int a, int b, int c, double tolerance) {
    double ex = xy[2 * c] - xy[2 * a], ey = xy[2 * c + 1] - xy[2 * a + 1];
    double cross = (xy[2 * b] - xy[2 * a]) * ey - (xy[2 * b + 1] - xy[2 * a + 1]) * ex;
    return cross > tolerance * Math.hypot(ex, ey);
  }
}
