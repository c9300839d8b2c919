package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BfcTest {
  private static final String IDENTITY = "0 0 0 1 0 0 0 1 0 0 0 1";
  private static final String MIRROR_X = "0 0 0 -1 0 0 0 1 0 0 0 1";

  @TempDir Path dir;

  /** Each case builds a closed cube [-1,1]³ a different way; the outcome must be the same outward mesh. */
  static Stream<Arguments> cubes() {
    return Stream.of(
        Arguments.of("CCW file", new String[] {"1 16 " + IDENTITY + " s\\cube-ccw.dat"}),
        Arguments.of("CW file", new String[] {"1 16 " + IDENTITY + " s\\cube-cw.dat"}),
        Arguments.of("mirrored CCW file", new String[] {"1 16 " + MIRROR_X + " s\\cube-ccw.dat"}),
        Arguments.of("mirrored CW file", new String[] {"1 16 " + MIRROR_X + " s\\cube-cw.dat"}),
        Arguments.of("INVERTNEXT inside-out file",
            new String[] {"0 BFC INVERTNEXT", "1 16 " + IDENTITY + " s\\cube-inside-out.dat"}),
        Arguments.of("INVERTNEXT mirrored inside-out CW file",
            new String[] {"0 BFC INVERTNEXT", "1 16 " + MIRROR_X + " s\\cube-inside-out-cw.dat"}),
        Arguments.of("two levels: mirrored wrapper of mirrored cube",
            new String[] {"1 16 " + MIRROR_X + " s\\mirror-wrapper.dat"}),
        Arguments.of("two levels: INVERTNEXT of a wrapper that inverts",
            new String[] {"0 BFC INVERTNEXT", "1 16 " + IDENTITY + " s\\invert-wrapper.dat"}),
        Arguments.of("CW part referencing a CCW cube", new String[] {"0 BFC CW", "1 16 " + IDENTITY + " s\\cube-ccw.dat"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cubes")
  void closedCubeHasPositiveVolumeAndOneSidedFaces(String name, String[] body) {
    TestLibrary library = cubeLibrary();
    String[] lines = Stream.concat(Stream.of("0 Test " + name, "0 BFC CERTIFY CCW"), Stream.of(body)).toArray(String[]::new);
    library.file("parts/test.dat", lines);

    Mesh mesh = library.open().load("test").mesh();

    assertEquals(12, mesh.triangleCount());
    assertEquals(8.0, TestLibrary.signedVolume(mesh), 1e-5);
    assertTrue(IntStream.range(0, 12).noneMatch(mesh::isTwoSided), "certified faces are one-sided");
  }

  private TestLibrary cubeLibrary() {
    return new TestLibrary(dir)
        .cube("parts/s/cube-ccw.dat", false, false)
        .cube("parts/s/cube-cw.dat", true, false)
        .cube("parts/s/cube-inside-out.dat", false, true)
        .cube("parts/s/cube-inside-out-cw.dat", true, true)
        .file("parts/s/mirror-wrapper.dat", "0 Wrapper", "0 BFC CERTIFY CCW", "1 16 " + MIRROR_X + " s\\cube-ccw.dat")
        .file("parts/s/invert-wrapper.dat", "0 Wrapper", "0 BFC CERTIFY CCW",
            "0 BFC INVERTNEXT", "1 16 " + IDENTITY + " s\\cube-ccw.dat");
  }

  @Test
  void splitsClosedCubeAcrossCwAndCcwFilesStillPositive() {
    TestLibrary library = new TestLibrary(dir);
    String[] ccw = {"0 Half", "0 BFC CERTIFY CCW", "4 16 " + TestLibrary.CUBE_FACES[0], "4 16 " + TestLibrary.CUBE_FACES[2],
        "4 16 " + TestLibrary.CUBE_FACES[4]};
    String[] cw = {"0 Half", "0 BFC CERTIFY CW", "4 16 " + TestLibrary.reversed(TestLibrary.CUBE_FACES[1]),
        "0 BFC CCW", "4 16 " + TestLibrary.CUBE_FACES[3], "0 BFC CW", "4 16 " + TestLibrary.reversed(TestLibrary.CUBE_FACES[5])};
    library.file("parts/s/half-ccw.dat", ccw).file("parts/s/half-cw.dat", cw)
        .file("parts/test.dat", "0 Test", "0 BFC CERTIFY CCW",
            "1 16 " + IDENTITY + " s\\half-ccw.dat", "1 16 " + IDENTITY + " s\\half-cw.dat");

    assertEquals(8.0, TestLibrary.signedVolume(library.open().load("test").mesh()), 1e-5);
  }

  static Stream<Arguments> twoSidedCases() {
    String tri = "3 16 0 0 0 1 0 0 0 1 0";
    return Stream.of(
        Arguments.of("uncertified file", new String[] {"0 Test", tri}, true),
        Arguments.of("NOCERTIFY", new String[] {"0 Test", "0 BFC NOCERTIFY", tri}, true),
        Arguments.of("certified", new String[] {"0 Test", "0 BFC CERTIFY CCW", tri}, false),
        Arguments.of("NOCLIP", new String[] {"0 Test", "0 BFC CERTIFY CCW", "0 BFC NOCLIP", tri}, true),
        Arguments.of("NOCLIP then CLIP CW", new String[] {"0 Test", "0 BFC CERTIFY", "0 BFC NOCLIP", "0 BFC CLIP CW", tri}, false),
        Arguments.of("certified sub-file from uncertified part",
            new String[] {"0 Test", "1 16 " + IDENTITY + " s\\tri.dat"}, true),
        Arguments.of("certified sub-file under NOCLIP",
            new String[] {"0 Test", "0 BFC CERTIFY CCW", "0 BFC NOCLIP", "1 16 " + IDENTITY + " s\\tri.dat"}, true),
        Arguments.of("certified sub-file after CLIP again",
            new String[] {"0 Test", "0 BFC CERTIFY CCW", "0 BFC NOCLIP", "0 BFC CLIP", "1 16 " + IDENTITY + " s\\tri.dat"}, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("twoSidedCases")
  void marksUncertifiedAndNoclipGeometryTwoSided(String name, String[] lines, boolean twoSided) {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/s/tri.dat", "0 Tri", "0 BFC CERTIFY CCW", "3 16 0 0 0 1 0 0 0 1 0")
        .file("parts/test.dat", lines);

    Mesh mesh = library.open().load("test").mesh();

    assertEquals(1, mesh.triangleCount());
    assertEquals(twoSided, mesh.isTwoSided(0));
  }

  @Test
  void cwSectionIsRewoundToCcw() {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 Test", "0 BFC CERTIFY CW", "3 16 0 0 0 0 1 0 1 0 0");

    float[] t = library.open().load("test").mesh().triangles();

    assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, t);
  }
}
