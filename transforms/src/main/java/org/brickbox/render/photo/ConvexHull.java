package org.brickbox.render.photo;

import java.util.Arrays;

/**
 * The 3D convex hull of a point set as triangles wound counter-clockwise seen from outside, with the triangle
 * across each edge, built by quickhull.
 *
 * <p>Robustness comes from one distance tolerance: a point counts as outside a face only when it lies more than
 * {@code tolerance} above the face's plane, so points on or near the surface (coplanar grid points, float noise
 * from flattening) never create sliver faces. Coplanar hull triangles are left for {@link HullFacets} to merge.
 * The visible region seen from each new point is grown from the face that point was assigned to; should a face
 * that is not visible be enclosed by visible ones (possible only within the tolerance), it joins the region so that
 * the horizon stays one simple loop. Deterministic: the same points give the same triangles in the same order.
 */
final class ConvexHull {
  private final double[] points;
  private final int[] vertices;
  private final int[] neighbours;

  private ConvexHull(double[] points, int[] vertices, int[] neighbours) {
    this.points = points;
    this.vertices = vertices;
    this.neighbours = neighbours;
  }

  /**
   * @param xyz points, 3 doubles each; duplicates are allowed but slow the build down
   * @param tolerance how far above a face a point must lie to extend the hull, in the points' units
   * @throws IllegalArgumentException when the points lie within the tolerance of one plane
   */
  static ConvexHull of(double[] xyz, double tolerance) {
    return new Builder(xyz, tolerance).build();
  }

  double[] points() {
    return points;
  }

  int triangleCount() {
    return vertices.length / 3;
  }

  /** Index into {@link #points()} of corner {@code corner} (0..2) of triangle {@code t}. */
  int vertex(int t, int corner) {
    return vertices[3 * t + corner];
  }

  /** The triangle across the edge from corner {@code corner} to the next corner of triangle {@code t}. */
  int neighbour(int t, int corner) {
    return neighbours[3 * t + corner];
  }

  private static final class Builder {
    private final double[] p;
    private final int n;
    private final double tol;
    // Faces: corners, neighbour across edge (corner i -> i+1), plane (unit normal, offset), alive flag.
    private int faceCount;
    private int[] fv = new int[3 * 64];
    private int[] fn = new int[3 * 64];
    private double[] plane = new double[4 * 64];
    private boolean[] alive = new boolean[64];
    // Outside sets: a singly linked list of points per face.
    private int[] head = new int[64];
    private final int[] nextPoint;
    // Per-step marks, compared against the step's stamp so nothing needs clearing.
    private int[] visibleMark = new int[64];
    private int[] rejectedMark = new int[64];
    private final int[] horizonFrom;
    private int stamp;
    private int[] stack = new int[64];
    private int[] visible = new int[64];
    private int[] rejected = new int[64];
    private int[] horizon = new int[3 * 64];

    Builder(double[] xyz, double tolerance) {
      this.p = xyz;
      this.n = xyz.length / 3;
      this.tol = tolerance;
      this.nextPoint = new int[n];
      this.horizonFrom = new int[n];
    }

    ConvexHull build() {
      int[] simplex = initialSimplex();
      assignInitialPoints(simplex);
      for (int f = 0; f < faceCount; f++) {
        if (alive[f] && head[f] >= 0) addPointOf(f);
      }
      return compact();
    }

    private int[] initialSimplex() {
      int[] extremes = new int[6];
      for (int i = 1; i < n; i++) {
        for (int a = 0; a < 3; a++) {
          if (p[3 * i + a] < p[3 * extremes[2 * a] + a]) extremes[2 * a] = i;
          if (p[3 * i + a] > p[3 * extremes[2 * a + 1] + a]) extremes[2 * a + 1] = i;
        }
      }
      int i0 = 0, i1 = 0;
      double best = -1;
      for (int a = 0; a < 6; a++) {
        for (int b = a + 1; b < 6; b++) {
          double d = distanceSquared(extremes[a], extremes[b]);
          if (d > best) {
            best = d;
            i0 = extremes[a];
            i1 = extremes[b];
          }
        }
      }
      if (Math.sqrt(best) <= tol) throw new IllegalArgumentException("convex hull: all points coincide");
      double[] axis = difference(i1, i0);
      int i2 = -1;
      best = -1;
      for (int i = 0; i < n; i++) {
        double[] c = cross(axis, difference(i, i0));
        double d = dot(c, c);
        if (d > best) {
          best = d;
          i2 = i;
        }
      }
      if (Math.sqrt(best / dot(axis, axis)) <= tol) {
        throw new IllegalArgumentException("convex hull: all points lie on one line");
      }
      double[] normal = normalise(cross(axis, difference(i2, i0)));
      int i3 = -1;
      best = -1;
      for (int i = 0; i < n; i++) {
        double d = Math.abs(dot(normal, difference(i, i0)));
        if (d > best) {
          best = d;
          i3 = i;
        }
      }
      if (best <= tol) throw new IllegalArgumentException("convex hull: all points lie in one plane");
      int[] s = {i0, i1, i2, i3};
      int[][] corners = {{0, 1, 2}, {0, 3, 1}, {1, 3, 2}, {0, 2, 3}};
      for (int[] c : corners) {
        int f = newFace(s[c[0]], s[c[1]], s[c[2]]);
        int opposite = s[6 - c[0] - c[1] - c[2]];
        if (distance(f, opposite) > 0) {
          fv[3 * f + 1] = s[c[2]];
          fv[3 * f + 2] = s[c[1]];
          setPlane(f);
        }
      }
      for (int f = 0; f < 4; f++) {
        for (int e = 0; e < 3; e++) fn[3 * f + e] = faceWithEdge(fv[3 * f + (e + 1) % 3], fv[3 * f + e], 4);
      }
      return s;
    }

    /** The face among the first {@code count} holding the directed edge from {@code a} to {@code b}. */
    private int faceWithEdge(int a, int b, int count) {
      for (int f = 0; f < count; f++) {
        for (int e = 0; e < 3; e++) {
          if (fv[3 * f + e] == a && fv[3 * f + (e + 1) % 3] == b) return f;
        }
      }
      throw new IllegalStateException("convex hull: initial simplex is not closed");
    }

    private void assignInitialPoints(int[] simplex) {
      for (int i = 0; i < n; i++) {
        if (i == simplex[0] || i == simplex[1] || i == simplex[2] || i == simplex[3]) continue;
        assign(i, 0, faceCount);
      }
    }

    /** Puts point {@code i} in the outside set of the face in [from, to) it lies farthest above, if any. */
    private void assign(int i, int from, int to) {
      int bestFace = -1;
      double best = tol;
      for (int f = from; f < to; f++) {
        double d = distance(f, i);
        if (d > best) {
          best = d;
          bestFace = f;
        }
      }
      if (bestFace >= 0) {
        nextPoint[i] = head[bestFace];
        head[bestFace] = i;
      }
    }

    private void addPointOf(int f) {
      int eye = -1;
      double far = -1;
      for (int i = head[f]; i >= 0; i = nextPoint[i]) {
        double d = distance(f, i);
        if (d > far) {
          far = d;
          eye = i;
        }
      }
      stamp++;
      int visibleCount = findVisible(f, eye);
      int horizonCount = horizon(visibleCount);
      int firstNew = faceCount;
      for (int k = 0; k < horizonCount; k++) {
        int a = horizon[3 * k], b = horizon[3 * k + 1], outer = horizon[3 * k + 2];
        int g = newFace(a, b, eye);
        fn[3 * g] = outer;
        fn[3 * g + 1] = firstNew + (k + 1) % horizonCount;
        fn[3 * g + 2] = firstNew + (k + horizonCount - 1) % horizonCount;
        for (int e = 0; e < 3; e++) {
          if (fv[3 * outer + e] == b && fv[3 * outer + (e + 1) % 3] == a) fn[3 * outer + e] = g;
        }
      }
      for (int v = 0; v < visibleCount; v++) {
        int g = visible[v];
        alive[g] = false;
        for (int i = head[g], next; i >= 0; i = next) {
          next = nextPoint[i];
          if (i != eye) assign(i, firstNew, faceCount);
        }
        head[g] = -1;
      }
    }

    /** Marks the faces {@code eye} lies above, grown from face {@code f}; returns how many. */
    private int findVisible(int f, int eye) {
      int visibleCount = 0, rejectedCount = 0, top = 0;
      visibleMark[f] = stamp;
      visible = grow(visible, visibleCount + 1);
      visible[visibleCount++] = f;
      stack[top++] = f;
      while (top > 0) {
        int g = stack[--top];
        for (int e = 0; e < 3; e++) {
          int h = fn[3 * g + e];
          if (visibleMark[h] == stamp || rejectedMark[h] == stamp) continue;
          if (distance(h, eye) > tol) {
            visibleMark[h] = stamp;
            visible = grow(visible, visibleCount + 1);
            visible[visibleCount++] = h;
            stack = grow(stack, top + 1);
            stack[top++] = h;
          } else {
            rejectedMark[h] = stamp;
            rejected = grow(rejected, rejectedCount + 1);
            rejected[rejectedCount++] = h;
          }
        }
      }
      boolean changed = true;
      while (changed) {
        changed = false;
        for (int r = 0; r < rejectedCount; r++) {
          int h = rejected[r];
          if (visibleMark[h] == stamp) continue;
          if (visibleMark[fn[3 * h]] == stamp && visibleMark[fn[3 * h + 1]] == stamp
              && visibleMark[fn[3 * h + 2]] == stamp) {
            visibleMark[h] = stamp;
            visible = grow(visible, visibleCount + 1);
            visible[visibleCount++] = h;
            changed = true;
          }
        }
      }
      return visibleCount;
    }

    /**
     * Collects the horizon (edges from a visible to a hidden face) as one loop into {@link #horizon}: from-vertex,
     * to-vertex, hidden face; returns its length.
     */
    private int horizon(int visibleCount) {
      int count = 0;
      int[] edges = new int[0];
      for (int v = 0; v < visibleCount; v++) {
        int g = visible[v];
        for (int e = 0; e < 3; e++) {
          int h = fn[3 * g + e];
          if (visibleMark[h] == stamp) continue;
          edges = grow(edges, 3 * count + 3);
          int from = fv[3 * g + e];
          edges[3 * count] = from;
          edges[3 * count + 1] = fv[3 * g + (e + 1) % 3];
          edges[3 * count + 2] = h;
          count++;
        }
      }
      for (int k = 0; k < count; k++) horizonFrom[edges[3 * k]] = -1;
      for (int k = 0; k < count; k++) {
        int from = edges[3 * k];
        if (horizonFrom[from] != -1) {
          throw new IllegalStateException("convex hull: the region visible from a point touches itself at vertex "
              + from + "; the tolerance " + tol + " is too small for these points");
        }
        horizonFrom[from] = k;
      }
      horizon = grow(horizon, 3 * count);
      int k = 0;
      for (int i = 0; i < count; i++) {
        System.arraycopy(edges, 3 * k, horizon, 3 * i, 3);
        int next = horizonFrom[edges[3 * k + 1]];
        if (next < 0 || (next == 0) != (i == count - 1)) {
          throw new IllegalStateException("convex hull: the horizon is not one loop; the tolerance " + tol
              + " is too small for these points");
        }
        k = next;
      }
      return count;
    }

    private int newFace(int a, int b, int c) {
      int f = faceCount++;
      if (f == alive.length) {
        int cap = 2 * f;
        fv = Arrays.copyOf(fv, 3 * cap);
        fn = Arrays.copyOf(fn, 3 * cap);
        plane = Arrays.copyOf(plane, 4 * cap);
        alive = Arrays.copyOf(alive, cap);
        head = Arrays.copyOf(head, cap);
        visibleMark = Arrays.copyOf(visibleMark, cap);
        rejectedMark = Arrays.copyOf(rejectedMark, cap);
      }
      fv[3 * f] = a;
      fv[3 * f + 1] = b;
      fv[3 * f + 2] = c;
      alive[f] = true;
      head[f] = -1;
      setPlane(f);
      return f;
    }

    private void setPlane(int f) {
      int a = fv[3 * f], b = fv[3 * f + 1], c = fv[3 * f + 2];
      double[] normal = normalise(cross(difference(b, a), difference(c, a)));
      System.arraycopy(normal, 0, plane, 4 * f, 3);
      double sum = 0;
      for (int v : new int[] {a, b, c}) sum += normal[0] * p[3 * v] + normal[1] * p[3 * v + 1] + normal[2] * p[3 * v + 2];
      plane[4 * f + 3] = sum / 3;
    }

    /** Signed distance of point {@code i} above the plane of face {@code f}. */
    private double distance(int f, int i) {
      int o = 4 * f;
      return plane[o] * p[3 * i] + plane[o + 1] * p[3 * i + 1] + plane[o + 2] * p[3 * i + 2] - plane[o + 3];
    }

    private ConvexHull compact() {
      int[] newIndex = new int[faceCount];
      int count = 0;
      for (int f = 0; f < faceCount; f++) newIndex[f] = alive[f] ? count++ : -1;
      int[] vertices = new int[3 * count];
      int[] neighbours = new int[3 * count];
      for (int f = 0; f < faceCount; f++) {
        if (!alive[f]) continue;
        int g = newIndex[f];
        for (int e = 0; e < 3; e++) {
          vertices[3 * g + e] = fv[3 * f + e];
          neighbours[3 * g + e] = newIndex[fn[3 * f + e]];
        }
      }
      return new ConvexHull(p, vertices, neighbours);
    }

    private double distanceSquared(int i, int j) {
      double[] d = difference(i, j);
      return dot(d, d);
    }

    private double[] difference(int i, int j) {
      return new double[] {p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]};
    }
  }

  static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  static double[] normalise(double[] a) {
    double length = Math.sqrt(dot(a, a));
    return new double[] {a[0] / length, a[1] / length, a[2] / length};
  }

  private static int[] grow(int[] array, int needed) {
    return needed <= array.length ? array : Arrays.copyOf(array, Math.max(needed, 2 * array.length));
  }
}
