package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParsingTest {
  @TempDir Path dir;

  @Test
  void readsEveryLineType() {
    TestLibrary library = new TestLibrary(dir).file("parts/test.dat",
        "0 Test",
        "0 // a comment",
        "2 24 0 0 0 1 0 0",
        "3 4 0 0 0 1 0 0 0 1 0",
        "4 16 0 0 0 1 0 0 1 1 0 0 1 0",
        "5 24 0 0 0 0 1 0 1 0 0 -1 0 0");

    Mesh mesh = library.open().load("test").mesh();

    assertEquals(3, mesh.triangleCount());
    assertEquals(1, mesh.edgeCount());
    assertEquals(1, mesh.conditionalLineCount());
    assertEquals(4, mesh.triangleColour(0));
    assertEquals(Mesh.MAIN_COLOUR, mesh.triangleColour(1));
    assertEquals(Mesh.EDGE_COLOUR, mesh.edgeColour(0));
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 1, 0, 0, -1, 0, 0}, mesh.conditionalLines());
  }

  /** Separators and line ends vary between editors; all must give the same geometry and no warnings. */
  @ParameterizedTest
  @ValueSource(strings = {
    "0 T\r\n3 16 0 0 0 1 0 0 0 1 0\r\n",
    "0 T\n3 16 0 0 0 1 0 0 0 1 0\n",
    "0 T\r\n3 16 0 0 0 1 0 0 0 1 0",
    "0 T\r\n\r\n   \r\n3\t16 0  0\t0 1 0 0 0 1 0  \t\r\n\r\n",
    "0 T\r\n3 16 0.0 -0 +0 1. 0 0 0 1e0 0\r\n",
  })
  void toleratesWhitespaceAndLineEnds(String content) {
    TestLibrary library = new TestLibrary(dir).raw("parts/test.dat", content);

    PartGeometry part = library.open().load("test");

    assertEquals(List.of(), part.warnings());
    assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, part.mesh().triangles());
  }

  static Stream<Arguments> quads() {
    return Stream.of(
        Arguments.of("convex", "0 0 0 2 0 0 2 2 0 0 2 0", 4.0),
        Arguments.of("concave at b", "0 0 0 1 1 0 2 0 0 1 3 0", 2.0),
        Arguments.of("concave at a", "1 1 0 2 0 0 1 3 0 0 0 0", 2.0),
        Arguments.of("bow-tie, c and d swapped", "0 0 0 2 0 0 0 2 0 2 2 0", 4.0),
        Arguments.of("bow-tie, b and c swapped", "0 0 0 2 2 0 2 0 0 0 2 0", 4.0));
  }

  /** A quad must become two triangles facing the same way that cover the quad exactly once. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("quads")
  void splitsQuadsIntoTwoConsistentTriangles(String name, String points, double area) {
    TestLibrary library = new TestLibrary(dir).file("parts/test.dat", "0 T", "4 16 " + points);

    float[] t = library.open().load("test").mesh().triangles();

    double first = signedAreaZ(t, 0);
    double second = signedAreaZ(t, 9);
    assertTrue(first * second > 0, "both triangles face the same way");
    assertEquals(area, Math.abs(first + second), 1e-6);
  }

  private static double signedAreaZ(float[] t, int o) {
    return ((t[o + 3] - t[o]) * (t[o + 7] - t[o + 1]) - (t[o + 4] - t[o + 1]) * (t[o + 6] - t[o])) / 2.0;
  }

  static Stream<Arguments> malformedLines() {
    return Stream.of(
        Arguments.of("3 16 0 0 0 1 0 0 0 1", "expected 11 tokens, found 10"),
        Arguments.of("4 16 0 0 0 1 0 0 1 1 0 0 1 0 //", "expected 14 tokens, found 15"),
        Arguments.of("2 24 0 0 0 1 0 x", "not a number"),
        Arguments.of("3 red 0 0 0 1 0 0 0 1 0", "not a number"),
        Arguments.of("5 24 0 0 0 1 0 0 0 1 0 NaN 0 0", "not a number"),
        Arguments.of("1 16 0 0 0 1 0 0 0 1 0 0 0 1", "expected 15 tokens"),
        Arguments.of("1 16 0 0 0 1 0 0 0 one 0 0 0 1 s\\x.dat", "not a number"),
        Arguments.of("7 what is this", "unknown line type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedLines")
  void skipsMalformedLineWithLocatedWarning(String line, String reason) {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\sub.dat")
        .file("parts/s/sub.dat", "0 Sub", "3 16 0 0 0 1 0 0 0 1 0", line, "3 16 0 0 0 1 0 0 0 1 0");

    PartGeometry part = library.open().load("test");

    assertEquals(2, part.mesh().triangleCount(), "the good lines around it still load");
    assertEquals(1, part.warnings().size());
    LDrawProblem warning = part.warnings().get(0);
    assertEquals("parts/s/sub.dat", warning.file());
    assertEquals(3, warning.line());
    assertTrue(warning.toString().startsWith("parts/s/sub.dat:3: malformed line skipped"), warning.toString());
    assertTrue(warning.message().contains(reason), warning.message());
  }
}
