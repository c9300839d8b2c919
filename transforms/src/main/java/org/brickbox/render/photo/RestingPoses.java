package org.brickbox.render.photo;

import static org.brickbox.render.photo.ConvexHull.cross;
import static org.brickbox.render.photo.ConvexHull.dot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.brickbox.render.PreparedMesh;

/**
 * The ways a part can lie still on a flat surface, and how likely each is when the part is dropped, for renders
 * that look like photos of parts lying on a table.
 *
 * <p>A part resting on a surface touches it with one facet of its convex hull. The pose on a facet is stable when
 * the centre of mass, projected onto the facet's plane, falls inside the facet with a margin: the part must tilt by
 * at least {@link #MIN_TIP_ANGLE_DEG} about the nearest facet edge before it tips. Probabilities follow the
 * quasi-static drop model: a part lands first on the facet hit by a random direction from its centre of mass, so
 * each facet receives the solid angle it subtends at the centre of mass, computed exactly. A part landing on an
 * unstable facet tips over the edge its centre of mass lies farthest beyond (or, when inside but within the margin,
 * nearest to) onto the facet across that edge, and on until it reaches a stable facet, which inherits the
 * probability. Rolling over an edge the centre of mass lies beyond always lowers the centre of mass, so the rolls
 * end.
 *
 * <p>Coordinates are LDraw's (−Y up); triangle corners come 9 floats per triangle, wound counter-clockwise seen
 * from outside. Results are deterministic: the same triangles give the same poses in the same order.
 */
public final class RestingPoses {
  /** The least tilt, about any edge of the facet it rests on, that a stable pose withstands before it tips. */
  public static final double MIN_TIP_ANGLE_DEG = 1.0;
  /** Hull points within this fraction of the bounding-box diagonal of a face's plane do not extend the hull. */
  private static final double HULL_TOLERANCE = 1e-5;
  /** Hull triangles within this fraction of the bounding-box diagonal of one plane form one facet. */
  private static final double FACET_TOLERANCE = 1e-4;
  /**
   * A mesh counts as closed when moving the origin anywhere in its bounding sphere changes its signed volume by at
   * most this fraction.
   */
  private static final double OPEN_LIMIT = 0.01;
  /** A closed mesh has a volume when |V| exceeds this fraction of its area times its bounding-sphere radius. */
  private static final double THIN_LIMIT = 1e-6;

  private RestingPoses() {}

  /**
   * The centre of mass of the solid a mesh bounds, taking the plastic to be of even density: the volume centroid
   * from signed tetrahedra between each triangle and the bounding-box centre. An open mesh has no volume of its own
   * (the signed volume then depends on where the tetrahedra's apex is), so the centroid falls back to the
   * area-weighted centroid of the surface when the mesh is open or has next to no volume. The test: the vector sum
   * S of the triangles' area vectors is zero for a closed surface and moving the apex by t changes the signed
   * volume V by t·S/3, so the mesh counts as closed when R|S|/3 ≤ 1% of |V| (R the bounding-sphere radius), and as
   * having a volume when |V| > 10⁻⁶·A·R (A the total area). T-junctions and duplicated faces, common in LDraw parts,
   * do not disturb either test; holes and uncertified faces wound at random do.
   */
  public static double[] centreOfMass(float[] trianglePositions) {
    requireTriangles(trianglePositions);
    double[] box = bounds(trianglePositions);
    double[] o = {(box[0] + box[3]) / 2, (box[1] + box[4]) / 2, (box[2] + box[5]) / 2};
    double radius = Math.sqrt(square(box[3] - box[0]) + square(box[4] - box[1]) + square(box[5] - box[2])) / 2;
    double sixVolume = 0, twiceArea = 0;
    double[] volumeMoment = new double[3], areaMoment = new double[3], twiceAreaVector = new double[3];
    float[] t = trianglePositions;
    for (int i = 0; i < t.length; i += 9) {
      double[] a = {t[i] - o[0], t[i + 1] - o[1], t[i + 2] - o[2]};
      double[] b = {t[i + 3] - o[0], t[i + 4] - o[1], t[i + 5] - o[2]};
      double[] c = {t[i + 6] - o[0], t[i + 7] - o[1], t[i + 8] - o[2]};
      double det = dot(a, cross(b, c));
      double[] n = cross(new double[] {b[0] - a[0], b[1] - a[1], b[2] - a[2]},
          new double[] {c[0] - a[0], c[1] - a[1], c[2] - a[2]});
      double area = Math.sqrt(dot(n, n));
      sixVolume += det;
      twiceArea += area;
      for (int k = 0; k < 3; k++) {
        double sum = a[k] + b[k] + c[k];
        volumeMoment[k] += det * sum;
        areaMoment[k] += area * sum;
        twiceAreaVector[k] += n[k];
      }
    }
    double volume = Math.abs(sixVolume) / 6;
    double openness = radius * Math.sqrt(dot(twiceAreaVector, twiceAreaVector)) / 2 / 3;
    boolean solid = volume > THIN_LIMIT * twiceArea / 2 * radius && openness <= OPEN_LIMIT * volume;
    double[] centre = new double[3];
    for (int k = 0; k < 3; k++) {
      centre[k] = o[k] + (solid ? volumeMoment[k] / (4 * sixVolume) : areaMoment[k] / (3 * twiceArea));
    }
    return centre;
  }

  /** The stable poses of a prepared part; see {@link #of(float[])}. */
  public static List<RestingPose> of(PreparedMesh mesh) {
    return of(mesh.mesh().triangles());
  }

  /**
   * The stable resting poses, most probable first (ties: by {@code down}, x then y then z).
   *
   * @throws IllegalArgumentException when the triangles are flat (no hull with a volume) or their centre of mass
   *     lies outside their convex hull (faces wound at random)
   */
  public static List<RestingPose> of(float[] trianglePositions) {
    double[] centre = centreOfMass(trianglePositions);
    double[] points = distinctPoints(trianglePositions);
    double[] box = bounds(trianglePositions);
    double diagonal = Math.sqrt(square(box[3] - box[0]) + square(box[4] - box[1]) + square(box[5] - box[2]));
    ConvexHull hull = ConvexHull.of(points, HULL_TOLERANCE * diagonal);
    List<Facet> facets = HullFacets.of(hull, FACET_TOLERANCE * diagonal);

    int m = facets.size();
    double[] solidAngle = new double[m];
    double[] margin = new double[m];
    boolean[] stable = new boolean[m];
    double total = 0;
    double minTip = Math.toRadians(MIN_TIP_ANGLE_DEG);
    for (int f = 0; f < m; f++) {
      Facet facet = facets.get(f);
      double height = facet.height(centre);
      if (!(height > 0)) {
        throw new IllegalArgumentException("resting poses: the centre of mass " + Arrays.toString(centre)
            + " lies outside the convex hull; are the faces wound consistently?");
      }
      margin[f] = facet.margin(centre);
      stable[f] = Math.atan2(margin[f], height) >= minTip;
      solidAngle[f] = facet.solidAngle(centre);
      total += solidAngle[f];
    }
    double[] probability = new double[m];
    for (int f = 0; f < m; f++) probability[restsOn(f, facets, stable, centre)] += solidAngle[f] / total;

    List<RestingPose> poses = new ArrayList<>();
    for (int f = 0; f < m; f++) {
      if (!stable[f]) continue;
      Facet facet = facets.get(f);
      poses.add(new RestingPose(facet.normal(), probability[f], facet.area(), margin[f]));
    }
    poses.sort(Comparator.comparingDouble(RestingPose::probability).reversed()
        .thenComparingDouble(p -> p.down()[0])
        .thenComparingDouble(p -> p.down()[1])
        .thenComparingDouble(p -> p.down()[2]));
    return List.copyOf(poses);
  }

  /** The stable facet a part landing on facet {@code f} ends up on. */
  private static int restsOn(int f, List<Facet> facets, boolean[] stable, double[] centre) {
    int g = f;
    for (int step = 0; !stable[g]; step++) {
      Facet facet = facets.get(g);
      int next = facet.across()[facet.weakestEdge(centre)];
      if (next < 0 || step == facets.size()) {
        throw new IllegalStateException("resting poses: a part landing on the facet with normal "
            + Arrays.toString(facets.get(f).normal()) + " finds no stable facet to roll onto");
      }
      g = next;
    }
    return g;
  }

  /**
   * The rotation (row-major 3×3, applied as R·x) that turns {@code down} to LDraw's down, +Y, so the part rests on
   * that facet with its centre of mass above it. Of all such rotations it is the shortest: a turn about the
   * horizontal axis {@code down × (+Y)}, so a part whose facet already faces +Y is left as it is and the part's
   * heading about the vertical follows {@code down} continuously. For {@code down} = −Y exactly (the part upside
   * down) it is the half-turn about LDraw's X axis. The renderer adds its own seeded spin about the vertical.
   */
  public static double[] rotationTo(double[] down) {
    double length = Math.sqrt(dot(down, down));
    if (!(length > 0) || Double.isInfinite(length)) {
      throw new IllegalArgumentException("rotationTo: down must be a finite non-zero vector, got "
          + Arrays.toString(down));
    }
    double[] d = {down[0] / length, down[1] / length, down[2] / length};
    double c = d[1];
    if (c <= -1 + 1e-12) return new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1};
    double[] k = cross(d, new double[] {0, 1, 0});
    double[] skew = {0, -k[2], k[1], k[2], 0, -k[0], -k[1], k[0], 0};
    double[] r = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double squared = 0;
        for (int l = 0; l < 3; l++) squared += skew[3 * i + l] * skew[3 * l + j];
        r[3 * i + j] = (i == j ? 1 : 0) + skew[3 * i + j] + squared / (1 + c);
      }
    }
    return r;
  }

  /** The distinct corners, 3 doubles each, in order of first appearance; −0 and +0 are the same. */
  static double[] distinctPoints(float[] t) {
    requireTriangles(t);
    int n = t.length / 3;
    int capacity = Integer.highestOneBit(2 * n) << 1;
    int[] table = new int[capacity];
    Arrays.fill(table, -1);
    double[] points = new double[3 * n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      float x = t[3 * i] + 0f, y = t[3 * i + 1] + 0f, z = t[3 * i + 2] + 0f;
      int h = Float.floatToIntBits(x) * 0x9E3779B1 + Float.floatToIntBits(y) * 0x85EBCA77
          + Float.floatToIntBits(z) * 0xC2B2AE3D;
      int slot = (h ^ (h >>> 16)) & (capacity - 1);
      while (table[slot] >= 0) {
        int j = table[slot];
        if (points[3 * j] == x && points[3 * j + 1] == y && points[3 * j + 2] == z) break;
        slot = (slot + 1) & (capacity - 1);
      }
      if (table[slot] < 0) {
        table[slot] = count;
        points[3 * count] = x;
        points[3 * count + 1] = y;
        points[3 * count + 2] = z;
        count++;
      }
    }
    return Arrays.copyOf(points, 3 * count);
  }

  private static void requireTriangles(float[] t) {
    if (t.length == 0 || t.length % 9 != 0) {
      throw new IllegalArgumentException("resting poses: expected 9 floats per triangle, got " + t.length);
    }
  }

  /** Min x, y, z then max x, y, z of the corners. */
  private static double[] bounds(float[] xyz) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE,
      -Double.MAX_VALUE};
    for (int i = 0; i < xyz.length; i += 3) {
      for (int k = 0; k < 3; k++) {
        b[k] = Math.min(b[k], xyz[i + k]);
        b[k + 3] = Math.max(b[k + 3], xyz[i + k]);
      }
    }
    return b;
  }

  private static double square(double x) {
    return x * x;
  }
}
