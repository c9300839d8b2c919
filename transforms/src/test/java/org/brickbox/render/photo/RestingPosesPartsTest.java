package org.brickbox.render.photo;

import static org.brickbox.render.photo.RestingPosesTest.assertAllStableAndSumToOne;
import static org.brickbox.render.photo.RestingPosesTest.assertSame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.PreparedMesh;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resting poses of real LDraw parts. LDraw's −Y is up, so {@code down} = (0, 1, 0) is a part standing on its
 * bottom and (0, −1, 0) a part lying upside down on its studs.
 */
class RestingPosesPartsTest {
  static final Path ROOT = Path.of(System.getProperty("user.home"), ".cache/brickbox/ldraw");
  static final Path COMMON_200 = Path.of("..", "runners", "parts", "common-200.txt");
  private static final double[] BOTTOM = {0, 1, 0};
  private static final double[] STUDS = {0, -1, 0};
  static LDrawLibrary library;

  @BeforeAll
  static void openLibrary() {
    assumeTrue(Files.isDirectory(ROOT.resolve("parts")), "needs the LDraw library at " + ROOT);
    library = LDrawLibrary.shared(ROOT);
  }

  static List<RestingPose> poses(String part) {
    return RestingPoses.of(PreparedMesh.of(library.load(part).mesh()));
  }

  /**
   * A 2x4 brick lies on its studs, its bottom or one of its long sides. The stud tops make one hull facet (the
   * plane through all eight); the centre of mass sits above the brick's middle (solid top and studs, open bottom),
   * nearer that facet, so it subtends more: upside down is the most likely pose.
   */
  @Test
  void brickLandsOnItsStudsItsBottomOrALongSide() {
    List<RestingPose> poses = poses("3001");
    assertAllStableAndSumToOne(poses);
    assertEquals(6, poses.size());
    Set<String> top4 = directions(poses.subList(0, 4));
    assertEquals(Set.of("0,1,0", "0,-1,0", "0,0,1", "0,0,-1"), top4);
    double sum = poses.subList(0, 4).stream().mapToDouble(RestingPose::probability).sum();
    assertTrue(sum > 0.8, "top four sum to " + sum);
    assertArrayEquals(STUDS, poses.get(0).down(), 1e-9);
    assertEquals(poses.get(2).probability(), poses.get(3).probability(), 1e-9, "the long sides are mirror images");
    assertEquals(80 * 40, find(poses, BOTTOM).contactAreaLdu2(), 1e-6);
  }

  /**
   * A 1x2 plate is not flat enough for top and bottom to take 90%: under the drop model its long sides (8 LDU high,
   * the centre of mass 10 LDU above them and 2.7 LDU from their edge, a 15° tilt from tipping) and the 45° facets
   * from its top edge to the stud tops are stable too. Top and bottom lead with 57%; a 4x4 plate passes 90%.
   */
  @Test
  void platesLieMostlyOnTopOrBottomTheMoreSoTheWiderTheyAre() {
    List<RestingPose> small = poses("3023");
    assertAllStableAndSumToOne(small);
    assertEquals(Set.of("0,1,0", "0,-1,0"), directions(small.subList(0, 2)));
    double topAndBottom = small.get(0).probability() + small.get(1).probability();
    assertTrue(topAndBottom > 0.5 && topAndBottom < 0.65, "1x2 plate top and bottom: " + topAndBottom);
    assertTrue(find(small, new double[] {0, 0, 1}).probability() < small.get(1).probability());

    List<RestingPose> wide = poses("3031");
    assertAllStableAndSumToOne(wide);
    assertEquals(Set.of("0,1,0", "0,-1,0"), directions(wide.subList(0, 2)));
    assertTrue(wide.get(0).probability() + wide.get(1).probability() > 0.9);
  }

  /** A 45° slope 2x1 lies on its slope, on its sides, its bottom or its back: all stable. */
  @Test
  void slopeRestsOnItsSlope() {
    List<RestingPose> poses = poses("3040b");
    assertAllStableAndSumToOne(poses);
    RestingPose slope = find(poses, new double[] {0, -Math.sqrt(0.5), -Math.sqrt(0.5)});
    assertTrue(slope.probability() > 0.2, "slope face: " + slope.probability());
    assertTrue(slope.stabilityMarginLdu() > 5, "slope face margin: " + slope.stabilityMarginLdu());
    assertEquals(Set.of("-1,0,0", "1,0,0", "0,-0.707,-0.707"), directions(poses.subList(0, 3)));
  }

  /**
   * A 1x1 round plate (4073, an alias of 6141): its side is 16 flat faces and 16 bevelled ones, each a stable pose
   * (a 16-sided cylinder must tilt 11.25° to roll to the next face), so the round side as a whole takes about 40%,
   * each face under 2%. Upside down on the stud is the likeliest single pose: the hollow underside puts the centre
   * of mass near the top.
   */
  @Test
  void roundPlateRestsOnItsStudItsBottomOrAnyOfItsSideFaces() {
    List<RestingPose> poses = poses("4073");
    assertAllStableAndSumToOne(poses);
    assertArrayEquals(STUDS, poses.get(0).down(), 1e-9);
    assertArrayEquals(BOTTOM, poses.get(1).down(), 1e-9);
    List<RestingPose> sides = poses.stream().filter(p -> Math.abs(p.down()[1]) < 0.5).toList();
    assertEquals(32, sides.size());
    double side = sides.stream().mapToDouble(RestingPose::probability).sum();
    assertTrue(side > 0.3 && side < 0.5, "round side: " + side);
    for (RestingPose pose : sides) assertTrue(pose.probability() < 0.02);
    List<RestingPose> upright = sides.stream().filter(p -> Math.abs(p.down()[1]) < 1e-6).toList();
    assertEquals(16, upright.size());
    for (RestingPose pose : upright) assertEquals(upright.get(0).probability(), pose.probability(), 1e-6);
  }

  /** Every common part: poses found, all stable, summing to 1; a second run gives the same answer. */
  @Test
  void everyCommonPartHasStablePosesThatSumToOne() throws IOException {
    assumeTrue(Files.isRegularFile(COMMON_200), "needs " + COMMON_200);
    List<String> parts = Files.readAllLines(COMMON_200).stream()
        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertTrue(parts.size() >= 200);
    for (String part : parts) {
      float[] triangles = library.load(part).mesh().triangles();
      List<RestingPose> poses = RestingPoses.of(triangles);
      assertTrue(!poses.isEmpty(), part);
      assertAllStableAndSumToOne(poses);
      if (part.equals("3001") || part.equals("32523")) assertSame(poses, RestingPoses.of(triangles.clone()));
    }
  }

  private static RestingPose find(List<RestingPose> poses, double[] down) {
    for (RestingPose pose : poses) {
      double[] d = pose.down();
      if (d[0] * down[0] + d[1] * down[1] + d[2] * down[2] > 1 - 1e-6) return pose;
    }
    throw new AssertionError("no pose with down " + Arrays.toString(down));
  }

  /** Each pose's down rounded to 3 decimals, as "x,y,z" with -0 written 0. */
  private static Set<String> directions(List<RestingPose> poses) {
    return poses.stream().map(p -> {
      double[] d = p.down();
      return format(d[0]) + "," + format(d[1]) + "," + format(d[2]);
    }).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String format(double x) {
    double r = Math.round(x * 1000) / 1000.0;
    return r == 0 ? "0" : r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
  }
}
