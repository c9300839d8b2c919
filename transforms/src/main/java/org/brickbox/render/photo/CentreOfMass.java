package org.brickbox.render.photo;

import static org.brickbox.render.photo.ConvexHull.cross;
import static org.brickbox.render.photo.ConvexHull.dot;

import java.util.ArrayList;
import java.util.List;

/**
 * The centre of mass of a part, taking the plastic to be of even density. See
 * {@link RestingPoses#centreOfMass(float[])} for the method and when it falls back to the surface's centroid.
 */
final class CentreOfMass {
  /** A capped mesh has a volume when V exceeds this fraction of its area times its bounding-sphere radius. */
  static final double THIN_LIMIT = 1e-6;
  /** The caps are a guess at missing surface; past this share of all surface the guess is not trusted. */
  static final double CAP_LIMIT = 0.25;
  /** Caps whose planes lie within this fraction of the bounding-box diagonal of each other may cancel. */
  static final double PLANE_TOLERANCE = 0.01;

  private CentreOfMass() {}

  /** What was computed: the centre, and whether it is the volume's centroid (else the surface's). */
  record Result(double[] centre, boolean solid) {}

  /** @param hull the convex hull of the mesh's corners: a volume centroid outside it betrays a broken mesh */
  static Result of(WeldedCorners mesh, ConvexHull hull) {
    double[] p = mesh.points();
    double[] box = mesh.bounds();
    double[] o = {(box[0] + box[3]) / 2, (box[1] + box[4]) / 2, (box[2] + box[5]) / 2};
    double diagonal = Math.sqrt(square(box[3] - box[0]) + square(box[4] - box[1]) + square(box[5] - box[2]));
    int[] c = mesh.corners();
    Sums surface = new Sums();
    for (int t = 0; t < c.length; t += 3) surface.add(at(p, c[t], o), at(p, c[t + 1], o), at(p, c[t + 2], o));
    Sums capped = new Sums();
    capped.add(surface);
    CapPlanes planes = new CapPlanes(PLANE_TOLERANCE * diagonal);
    for (int[] loop : BoundaryLoops.of(mesh)) {
      double[] apex = new double[3];
      for (int v : loop) {
        for (int k = 0; k < 3; k++) apex[k] += (p[3 * v + k] - o[k]) / loop.length;
      }
      Sums cap = new Sums();
      for (int i = 0; i < loop.length; i++) cap.add(apex, at(p, loop[(i + 1) % loop.length], o), at(p, loop[i], o));
      capped.add(cap);
      planes.add(cap.twiceAreaVector, apex);
    }
    double area = surface.twiceArea / 2;
    double guessed = planes.guessedArea();
    double capShare = guessed / (area + guessed);
    double[] local = capped.volumeCentroid();
    double[] volumeCentroid = {o[0] + local[0], o[1] + local[1], o[2] + local[2]};
    boolean solid = capped.sixVolume / 6 > THIN_LIMIT * area * diagonal / 2 && capShare <= CAP_LIMIT
        && inside(hull, volumeCentroid);
    if (solid) return new Result(volumeCentroid, true);
    local = surface.areaCentroid();
    return new Result(new double[] {o[0] + local[0], o[1] + local[1], o[2] + local[2]}, false);
  }

  /** True when {@code x} lies strictly below the plane of every hull triangle. */
  private static boolean inside(ConvexHull hull, double[] x) {
    double[] p = hull.points();
    for (int t = 0; t < hull.triangleCount(); t++) {
      double[] a = at(p, hull.vertex(t, 0), x);
      double[] b = at(p, hull.vertex(t, 1), x);
      double[] c = at(p, hull.vertex(t, 2), x);
      if (!(dot(a, cross(b, c)) > 0)) return false;
    }
    return true;
  }

  /**
   * How much surface the caps guess. Each cap counts with its vector area, the area its loop encloses seen along
   * its normal, so a sliver between two differently tessellated copies of one seam counts as nearly nothing however
   * long it is. Caps in one plane (within the tolerance) overlap and cancel where the mesh is closed but its pieces
   * do not share edges (a Technic hole's cylinder of 16 sides ending in a face of 48, a dish's rim left open by a
   * fraction of an LDU), so only each plane's net signed area counts; cancelling across a gap g misplaces at most
   * area·g of volume.
   */
  private static final class CapPlanes {
    private final double tolerance;
    /** Unit normal, offset, net signed area. */
    private final List<double[]> planes = new ArrayList<>();

    CapPlanes(double tolerance) {
      this.tolerance = tolerance;
    }

    void add(double[] twiceAreaVector, double[] apex) {
      double area = Math.sqrt(dot(twiceAreaVector, twiceAreaVector)) / 2;
      if (!(area > 0)) return;
      double[] n = {twiceAreaVector[0] / 2 / area, twiceAreaVector[1] / 2 / area, twiceAreaVector[2] / 2 / area};
      double offset = dot(n, apex);
      for (double[] plane : planes) {
        double cos = n[0] * plane[0] + n[1] * plane[1] + n[2] * plane[2];
        if (Math.abs(cos) > 1 - 1e-6 && Math.abs(Math.signum(cos) * offset - plane[3]) <= tolerance) {
          plane[4] += Math.signum(cos) * area;
          return;
        }
      }
      planes.add(new double[] {n[0], n[1], n[2], offset, area});
    }

    double guessedArea() {
      double net = 0;
      for (double[] plane : planes) net += Math.abs(plane[4]);
      return net;
    }
  }

  /** Volume and area, and their first moments, of triangles taken with the origin as the tetrahedra's apex. */
  private static final class Sums {
    double sixVolume;
    double twiceArea;
    final double[] twiceAreaVector = new double[3];
    final double[] volumeMoment = new double[3];
    final double[] areaMoment = new double[3];

    void add(double[] a, double[] b, double[] c) {
      double det = dot(a, cross(b, c));
      double[] n = cross(new double[] {b[0] - a[0], b[1] - a[1], b[2] - a[2]},
          new double[] {c[0] - a[0], c[1] - a[1], c[2] - a[2]});
      double twice = Math.sqrt(dot(n, n));
      sixVolume += det;
      twiceArea += twice;
      for (int k = 0; k < 3; k++) {
        double sum = a[k] + b[k] + c[k];
        twiceAreaVector[k] += n[k];
        volumeMoment[k] += det * sum;
        areaMoment[k] += twice * sum;
      }
    }

    void add(Sums other) {
      sixVolume += other.sixVolume;
      twiceArea += other.twiceArea;
      for (int k = 0; k < 3; k++) {
        twiceAreaVector[k] += other.twiceAreaVector[k];
        volumeMoment[k] += other.volumeMoment[k];
        areaMoment[k] += other.areaMoment[k];
      }
    }

    double[] volumeCentroid() {
      return new double[] {volumeMoment[0] / (4 * sixVolume), volumeMoment[1] / (4 * sixVolume),
        volumeMoment[2] / (4 * sixVolume)};
    }

    double[] areaCentroid() {
      return new double[] {areaMoment[0] / (3 * twiceArea), areaMoment[1] / (3 * twiceArea),
        areaMoment[2] / (3 * twiceArea)};
    }
  }

  private static double[] at(double[] p, int v, double[] o) {
    return new double[] {p[3 * v] - o[0], p[3 * v + 1] - o[1], p[3 * v + 2] - o[2]};
  }

  private static double square(double x) {
    return x * x;
  }
}
