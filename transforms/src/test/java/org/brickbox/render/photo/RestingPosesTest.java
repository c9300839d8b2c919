package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Resting poses of solids whose answers are known in closed form or by an independent Monte-Carlo drop. */
class RestingPosesTest {
  private static final double EPS = 1e-9;

  @Test
  void boxRestsOnEachFaceWithTheSolidAngleOfThatFace() {
    List<RestingPose> poses = RestingPoses.of(TestSolids.box(2, 1, 0.5));
    assertEquals(6, poses.size());
    assertAllStableAndSumToOne(poses);
    // Largest faces (2 x 1, normal along z) first, then 2 x 0.5 (along y), then 1 x 0.5 (along x).
    double[][] expectedDown = {{0, 0, -1}, {0, 0, 1}, {0, -1, 0}, {0, 1, 0}, {-1, 0, 0}, {1, 0, 0}};
    double[] halfSides = {1, 0.5, 1, 0.25, 0.5, 0.25};
    double[] distance = {0.25, 0.5, 1};
    for (int i = 0; i < 6; i++) {
      RestingPose pose = poses.get(i);
      assertArrayEquals(expectedDown[i], pose.down(), EPS, "pose " + i);
      double a = halfSides[2 * (i / 2)], b = halfSides[2 * (i / 2) + 1], d = distance[i / 2];
      double solidAngle = 4 * Math.atan(a * b / (d * Math.sqrt(a * a + b * b + d * d)));
      assertEquals(solidAngle / (4 * Math.PI), pose.probability(), EPS, "pose " + i);
      assertEquals(4 * a * b, pose.contactAreaLdu2(), EPS);
      assertEquals(b, pose.stabilityMarginLdu(), EPS);
    }
  }

  @Test
  void regularTetrahedronRestsOnEachFaceAQuarterOfTheTime() {
    List<RestingPose> poses = RestingPoses.of(TestSolids.tetrahedron());
    assertEquals(4, poses.size());
    for (RestingPose pose : poses) assertEquals(0.25, pose.probability(), EPS);
    assertAllStableAndSumToOne(poses);
  }

  /** A leaning wedge: its centre of mass lies beyond the end of its short base, so it tips onto its long side. */
  @Test
  void wedgeTipsOffItsBaseOntoTheFaceBeyondTheBasesEdge() {
    float[] wedge = TestSolids.prism(new double[] {0, 0, 1, 0, 3, 1}, 1);
    double[] centre = {4.0 / 3, 1.0 / 3, 0.5};
    assertArrayEquals(centre, RestingPoses.centreOfMass(wedge), 1e-6);
    double[][] planes = {
      {0, -1, 0, 0}, {1 / Math.sqrt(5), -2 / Math.sqrt(5), 0, 1 / Math.sqrt(5)},
      {-1 / Math.sqrt(10), 3 / Math.sqrt(10), 0, 0}, {0, 0, -1, 0}, {0, 0, 1, 1}
    };
    double[] dropped = monteCarloDrop(planes, centre);
    List<RestingPose> poses = RestingPoses.of(wedge);
    assertAllStableAndSumToOne(poses);
    assertEquals(4, poses.size());
    assertEquals(-1, find(poses, planes[0]), "the base is unstable");
    assertEquals(dropped[0] + dropped[1], poses.get(find(poses, planes[1])).probability(), 4e-3);
    for (int p = 2; p < 5; p++) assertEquals(dropped[p], poses.get(find(poses, planes[p])).probability(), 4e-3);
  }

  /**
   * An L-shaped prism: on the short top face of the L's upright arm the centre of mass hangs beyond the arm, so the
   * part rolls onto the hull facet that bridges the L's notch.
   */
  @Test
  void lShapeRollsOffTheFacetItsCentreOfMassMisses() {
    float[] l = TestSolids.prism(new double[] {0, 0, 4, 0, 4, 1, 1, 1, 1, 2, 0, 2}, 1);
    double[] centre = {1.7, 0.7, 0.5};
    assertArrayEquals(centre, RestingPoses.centreOfMass(l), 1e-6);
    double r10 = Math.sqrt(10);
    double[][] planes = {
      {0, -1, 0, 0}, {1, 0, 0, 4}, {1 / r10, 3 / r10, 0, 7 / r10}, {0, 1, 0, 2}, {-1, 0, 0, 0}, {0, 0, -1, 0},
      {0, 0, 1, 1}
    };
    double[] dropped = monteCarloDrop(planes, centre);
    List<RestingPose> poses = RestingPoses.of(l);
    assertAllStableAndSumToOne(poses);
    assertEquals(6, poses.size());
    assertEquals(-1, find(poses, planes[3]), "the top of the upright arm is unstable");
    assertEquals(dropped[2] + dropped[3], poses.get(find(poses, planes[2])).probability(), 4e-3);
    RestingPose right = poses.get(find(poses, planes[1]));
    assertEquals(0.3, right.stabilityMarginLdu(), 1e-6);
    assertEquals(1.0, right.contactAreaLdu2(), 1e-6);
  }

  @Test
  void centreOfMassIsTheVolumeCentroidOfAClosedMeshDespiteTJunctions() {
    // A unit cube whose top face is cut at the midpoint of one of its edges: a T-junction with the side face.
    double[][] v = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1},
      {0.5, 0, 1}};
    int[][] faces = {{0, 3, 2, 1}, {0, 1, 5, 4}, {1, 2, 6, 5}, {2, 3, 7, 6}, {3, 0, 4, 7}, {8, 5, 6}, {8, 6, 7},
      {8, 7, 4}};
    float[] cube = TestSolids.polyhedron(v, faces);
    assertTrue(TestSolids.sixVolume(cube) > 0);
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, RestingPoses.centreOfMass(cube), 1e-7);
  }

  /** Like an LDraw stud: a box standing on the top face of a bigger one, with no bottom of its own. */
  @Test
  void centreOfMassClosesTheHoleUnderAStudStandingOnAFace() {
    double[][] v = {{0, 0, 0}, {2, 0, 0}, {2, 2, 0}, {0, 2, 0}, {0, 0, 2}, {2, 0, 2}, {2, 2, 2}, {0, 2, 2},
      {0.5, 0.5, 2}, {1.5, 0.5, 2}, {1.5, 1.5, 2}, {0.5, 1.5, 2}, {0.5, 0.5, 3}, {1.5, 0.5, 3}, {1.5, 1.5, 3},
      {0.5, 1.5, 3}};
    int[][] faces = {{0, 3, 2, 1}, {0, 1, 5, 4}, {1, 2, 6, 5}, {2, 3, 7, 6}, {3, 0, 4, 7}, {4, 5, 6, 7},
      {8, 9, 13, 12}, {9, 10, 14, 13}, {10, 11, 15, 14}, {11, 8, 12, 15}, {12, 13, 14, 15}};
    // Volume 8 centred at z = 1 plus volume 1 centred at z = 2.5.
    assertArrayEquals(new double[] {1, 1, 10.5 / 9}, RestingPoses.centreOfMass(TestSolids.polyhedron(v, faces)), 1e-7);
  }

  @Test
  void centreOfMassOfAMeshWithLargeHolesIsTheCentroidOfItsSurface() {
    // The unit cube without its top and +x faces: a third of the closed surface would be guessed.
    double[][] v = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
    int[][] faces = {{0, 3, 2, 1}, {0, 1, 5, 4}, {2, 3, 7, 6}, {3, 0, 4, 7}};
    float[] open = TestSolids.polyhedron(v, faces);
    assertArrayEquals(new double[] {0.375, 0.5, 0.375}, RestingPoses.centreOfMass(open), 1e-7);
  }

  @Test
  void duplicatedAndShuffledTrianglesGiveTheSamePoses() {
    float[] box = TestSolids.box(3, 2, 1);
    List<float[]> twice = new ArrayList<>();
    for (int t = box.length / 9 - 1; t >= 0; t--) {
      float[] triangle = new float[9];
      System.arraycopy(box, 9 * t, triangle, 0, 9);
      twice.add(triangle);
      twice.add(triangle);
    }
    List<RestingPose> a = RestingPoses.of(box), b = RestingPoses.of(TestSolids.concat(twice));
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).down(), b.get(i).down(), EPS);
      assertEquals(a.get(i).probability(), b.get(i).probability(), EPS);
    }
  }

  @Test
  void sameTrianglesGiveIdenticalPoses() {
    float[] l = TestSolids.prism(new double[] {0, 0, 4, 0, 4, 1, 1, 1, 1, 2, 0, 2}, 1);
    assertSame(RestingPoses.of(l), RestingPoses.of(l.clone()));
  }

  @Test
  void flatMeshIsRefused() {
    float[] square = TestSolids.polyhedron(new double[][] {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}},
        new int[][] {{0, 1, 2, 3}, {0, 3, 2, 1}});
    assertThrows(IllegalArgumentException.class, () -> RestingPoses.of(square));
    assertThrows(IllegalArgumentException.class, () -> RestingPoses.of(new float[10]));
  }

  @Test
  void rotationTurnsDownToPlusYAndIsAProperRotation() {
    Random random = new Random(7);
    List<double[]> downs = new ArrayList<>(List.of(new double[] {0, 1, 0}, new double[] {0, -1, 0},
        new double[] {1, 0, 0}, new double[] {0, 0, -1}, new double[] {0, -1, 1e-9}));
    for (int i = 0; i < 50; i++) {
      downs.add(new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()});
    }
    for (double[] down : downs) {
      double[] r = RestingPoses.rotationTo(down);
      double length = Math.sqrt(down[0] * down[0] + down[1] * down[1] + down[2] * down[2]);
      double[] turned = new double[3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) turned[i] += r[3 * i + j] * down[j] / length;
      }
      assertArrayEquals(new double[] {0, 1, 0}, turned, 1e-9);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          double rowDot = 0;
          for (int k = 0; k < 3; k++) rowDot += r[3 * i + k] * r[3 * j + k];
          assertEquals(i == j ? 1 : 0, rowDot, 1e-9);
        }
      }
      double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
          + r[2] * (r[3] * r[7] - r[4] * r[6]);
      assertEquals(1, det, 1e-9);
    }
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, RestingPoses.rotationTo(new double[] {0, 1, 0}), 0);
    assertArrayEquals(new double[] {1, 0, 0, 0, -1, 0, 0, 0, -1}, RestingPoses.rotationTo(new double[] {0, -1, 0}), 0);
    // The shortest turn: the horizontal axis down x (+Y), here +Z, stays where it is.
    double[] r = RestingPoses.rotationTo(new double[] {1, 0, 0});
    assertArrayEquals(new double[] {0, 0, 1}, new double[] {r[2], r[5], r[8]}, 1e-12);
  }

  static void assertAllStableAndSumToOne(List<RestingPose> poses) {
    double sum = 0;
    for (RestingPose pose : poses) {
      assertTrue(pose.probability() > 0, "probability " + pose.probability());
      assertTrue(pose.stabilityMarginLdu() > 0, "margin " + pose.stabilityMarginLdu());
      double[] d = pose.down();
      assertEquals(1, Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]), 1e-9);
      sum += pose.probability();
    }
    assertEquals(1, sum, 1e-9);
    for (int i = 1; i < poses.size(); i++) assertTrue(poses.get(i - 1).probability() >= poses.get(i).probability());
  }

  static void assertSame(List<RestingPose> a, List<RestingPose> b) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).down(), b.get(i).down(), 0);
      assertEquals(a.get(i).probability(), b.get(i).probability(), 0);
      assertEquals(a.get(i).contactAreaLdu2(), b.get(i).contactAreaLdu2(), 0);
      assertEquals(a.get(i).stabilityMarginLdu(), b.get(i).stabilityMarginLdu(), 0);
    }
  }

  /** Index of the pose whose down is the plane's normal, or -1. */
  private static int find(List<RestingPose> poses, double[] plane) {
    for (int i = 0; i < poses.size(); i++) {
      double[] d = poses.get(i).down();
      if (d[0] * plane[0] + d[1] * plane[1] + d[2] * plane[2] > 1 - 1e-9) return i;
    }
    return -1;
  }

  /**
   * The share of uniformly random directions from {@code centre} whose ray leaves a convex solid, given as its
   * planes (unit normal, offset), through each plane: an estimate independent of the code under test.
   */
  private static double[] monteCarloDrop(double[][] planes, double[] centre) {
    Random random = new Random(42);
    int samples = 400_000;
    double[] hits = new double[planes.length];
    for (int s = 0; s < samples; s++) {
      double z = 2 * random.nextDouble() - 1, phi = 2 * Math.PI * random.nextDouble(), r = Math.sqrt(1 - z * z);
      double[] dir = {r * Math.cos(phi), r * Math.sin(phi), z};
      int first = -1;
      double nearest = Double.POSITIVE_INFINITY;
      for (int p = 0; p < planes.length; p++) {
        double along = planes[p][0] * dir[0] + planes[p][1] * dir[1] + planes[p][2] * dir[2];
        if (along <= 0) continue;
        double height = planes[p][3] - (planes[p][0] * centre[0] + planes[p][1] * centre[1] + planes[p][2] * centre[2]);
        if (height / along < nearest) {
          nearest = height / along;
          first = p;
        }
      }
      hits[first]++;
    }
    for (int p = 0; p < hits.length; p++) hits[p] /= samples;
    return hits;
  }
}
