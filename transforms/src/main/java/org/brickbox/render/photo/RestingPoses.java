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
 * <p>A part resting on a surface touches it with one facet of its convex hull. On each facet the part tips over
 * the facet's weakest edge (the one its centre of mass, projected onto the facet, lies farthest beyond or, when
 * inside, nearest to) onto the facet across that edge when the centre of mass lies beyond the edge, or when it lies
 * inside but a tilt of less than {@link #MIN_TIP_ANGLE_DEG} would carry it over and the facet across is lower. A
 * facet the part does not tip off is a resting pose. (A facet whose weakest edge leads uphill stays a pose even
 * when the tilt that edge needs is below the minimum: tipped over, the part would roll back.) Tipping over an edge
 * the centre of mass lies beyond always lowers it on a convex hull, so the tips end; facets merged from triangles
 * that are nearly but not quite coplanar can upset that, and a chain of tips that closes on itself rests on its
 * member with the greatest margin.
 *
 * <p>Probabilities follow the quasi-static drop model: a part lands first on the facet hit by a random direction
 * from its centre of mass, so each facet receives the solid angle it subtends at the centre of mass, computed
 * exactly (Van Oosterom and Strackee over a fan of the facet's polygon) and divided by the sum over all facets (4π
 * up to rounding); the pose a part then tips to inherits that share. Facets are the hull's triangles merged where
 * they lie in one plane to within 10⁻⁴ of the part's bounding-box diagonal.
 *
 * <p>Coordinates are LDraw's (−Y up); triangle corners come 9 floats per triangle, wound counter-clockwise seen
 * from outside. Results are deterministic: the same triangles give the same poses in the same order.
 */
public final class RestingPoses {
  /** The least tilt about a facet's weakest edge that a pose withstands before it tips over that edge, downhill. */
  public static final double MIN_TIP_ANGLE_DEG = 1.0;
  /** Hull triangles within this fraction of the bounding-box diagonal of one plane form one facet. */
  private static final double FACET_TOLERANCE = 1e-4;

  private RestingPoses() {}

  /**
   * The centre of mass of the solid a mesh bounds, taking the plastic to be of even density: the volume centroid
   * from signed tetrahedra between each triangle and the bounding-box centre.
   *
   * <p>LDraw parts are seldom closed: a stud stands on the face of the brick without a bottom of its own, a tube
   * ends against the underside of the top. Such holes are closed first: corners with equal coordinates are merged,
   * the directed edges the mesh holds more often than their reverse form loops round the holes, and each loop is
   * capped with a fan from the mean of its corners (exact for the flat, convex holes a stud or tube leaves; a
   * T-junction's loop encloses nothing and adds nothing). The caps are a guess at missing surface, so the centroid
   * falls back to the area-weighted centroid of the surface (the original triangles) when
   * <ul>
   *   <li>the caps guess more than 25% of the closed surface (a sheet, faces wound at random), counting each plane's
   *       caps by their net signed area, since caps that overlap with opposite signs cancel where a surface is
   *       closed but its pieces do not share edges (a Technic hole's 16-sided cylinder ending in a 48-sided face);
   *   <li>the capped volume is not positive or tiny: V ≤ 10⁻⁶·A·R, A the area, R the bounding-sphere radius;
   *   <li>or the volume centroid lies outside the convex hull, which only a broken mesh allows.
   * </ul>
   * On 3,000 parts spread over the library, 92% take the volume centroid; among the 200 common parts, 178.
   */
  public static double[] centreOfMass(float[] trianglePositions) {
    WeldedCorners mesh = WeldedCorners.of(trianglePositions);
    return CentreOfMass.of(mesh, hull(mesh)).centre();
  }

  /** The stable poses of a prepared part; see {@link #of(float[])}. */
  public static List<RestingPose> of(PreparedMesh mesh) {
    return of(mesh.mesh().triangles());
  }

  /**
   * The stable resting poses, most probable first (ties: by {@code down}, x then y then z).
   *
   * @throws IllegalArgumentException when the triangles are flat (no hull with a volume), or a surface so thin that
   *     its centroid lies on its own hull
   */
  public static List<RestingPose> of(float[] trianglePositions) {
    WeldedCorners mesh = WeldedCorners.of(trianglePositions);
    ConvexHull hull = hull(mesh);
    double[] centre = CentreOfMass.of(mesh, hull).centre();
    List<Facet> facets = HullFacets.of(hull, FACET_TOLERANCE * diagonal(mesh));

    int m = facets.size();
    double[] solidAngle = new double[m];
    double[] margin = new double[m];
    double[] height = new double[m];
    double total = 0;
    for (int f = 0; f < m; f++) {
      Facet facet = facets.get(f);
      height[f] = facet.height(centre);
      if (!(height[f] > 0)) {
        throw new IllegalArgumentException("resting poses: the centre of mass " + Arrays.toString(centre)
            + " lies outside the convex hull; are the faces wound consistently?");
      }
      margin[f] = facet.margin(centre);
      solidAngle[f] = facet.solidAngle(centre);
      total += solidAngle[f];
    }
    double minTip = Math.toRadians(MIN_TIP_ANGLE_DEG);
    int[] tipsTo = new int[m];
    for (int f = 0; f < m; f++) {
      Facet facet = facets.get(f);
      int next = facet.across()[facet.weakestEdge(centre)];
      boolean tips = margin[f] <= 0 || Math.atan2(margin[f], height[f]) < minTip && height[next] < height[f];
      tipsTo[f] = tips ? next : f;
    }
    int[] rest = restingFacets(tipsTo, margin);
    double[] probability = new double[m];
    for (int f = 0; f < m; f++) probability[rest[f]] += solidAngle[f] / total;

    List<RestingPose> poses = new ArrayList<>();
    for (int f = 0; f < m; f++) {
      if (rest[f] != f) continue;
      Facet facet = facets.get(f);
      poses.add(new RestingPose(facet.normal(), probability[f], facet.area(), margin[f]));
    }
    poses.sort(Comparator.comparingDouble(RestingPose::probability).reversed()
        .thenComparingDouble(p -> p.down()[0])
        .thenComparingDouble(p -> p.down()[1])
        .thenComparingDouble(p -> p.down()[2]));
    return List.copyOf(poses);
  }

  /**
   * Where a part that lands on each facet comes to rest, following {@code tipsTo}. A chain that closes on itself
   * rests on its member with the greatest margin, ties to the lower index.
   */
  private static int[] restingFacets(int[] tipsTo, double[] margin) {
    int m = tipsTo.length;
    int[] rest = new int[m];
    Arrays.fill(rest, -1);
    int[] walk = new int[m];
    for (int f = 0; f < m; f++) {
      if (rest[f] >= 0) continue;
      int g = f;
      while (rest[g] < 0 && walk[g] != f + 1) {
        walk[g] = f + 1;
        g = tipsTo[g];
      }
      int end = rest[g];
      if (end < 0) {
        end = g;
        for (int h = tipsTo[g]; h != g; h = tipsTo[h]) {
          if (margin[h] > margin[end] || (margin[h] == margin[end] && h < end)) end = h;
        }
        tipsTo[end] = end;
      }
      for (int h = f; rest[h] < 0; h = tipsTo[h]) rest[h] = end;
    }
    return rest;
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

  private static ConvexHull hull(WeldedCorners mesh) {
    return ConvexHull.of(mesh.points());
  }

  private static double diagonal(WeldedCorners mesh) {
    double[] box = mesh.bounds();
    return Math.sqrt(square(box[3] - box[0]) + square(box[4] - box[1]) + square(box[5] - box[2]));
  }

  private static double square(double x) {
    return x * x;
  }
}
