package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColourInheritanceTest {
  private static final String ID = "0 0 0 1 0 0 0 1 0 0 0 1";
  private static final int RED = 4;
  private static final int RED_EDGE = 0x2333333;
  private static final int BLACK_EDGE = 0x2808080;

  @TempDir Path dir;

  /**
   * part → middle (referenced in {@code partRef}) → leaf (referenced in {@code middleRef}); the leaf has a
   * 16 triangle and a 24 edge. Expected codes as decimal or hex.
   */
  @ParameterizedTest(name = "part uses {0}, middle uses {1}")
  @CsvSource({
    "16, 16, 16, 24",
    "4, 16, 4, 0x2333333",
    "16, 4, 4, 0x2333333",
    "4, 0, 0, 0x2808080",
    "4, 24, 0x2333333, 0x2808080",
    "16, 24, 24, 24",
    "0x2FF8000, 16, 0x2FF8000, 0x2333333",
  })
  void inheritsMainAndEdgeColourThroughTwoLevels(String partRef, String middleRef, String triangle, String edge) {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "1 " + partRef + " " + ID + " s\\middle.dat")
        .file("parts/s/middle.dat", "0 Middle", "1 " + middleRef + " " + ID + " s\\leaf.dat")
        .file("parts/s/leaf.dat", "0 Leaf", "3 16 0 0 0 1 0 0 0 1 0", "2 24 0 0 0 1 0 0");

    Mesh mesh = library.open().load("test").mesh();

    assertEquals(Integer.decode(triangle), mesh.triangleColour(0));
    assertEquals(Integer.decode(edge), mesh.edgeColour(0));
  }

  @Test
  void keepsExplicitAndDirectColoursOfTheSubFile() {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "1 4 " + ID + " s\\leaf.dat")
        .file("parts/s/leaf.dat", "0 Leaf", "3 0 0 0 0 1 0 0 0 1 0", "3 0x2FF8000 0 0 0 1 0 0 0 1 0",
            "2 0 0 0 0 1 0 0", "5 0x2123456 0 0 0 1 0 0 0 1 0 0 0 1");

    Mesh mesh = library.open().load("test").mesh();

    assertEquals(0, mesh.triangleColour(0));
    assertEquals(0x2FF8000, mesh.triangleColour(1));
    assertEquals(0, mesh.edgeColour(0));
    assertEquals(0x2123456, mesh.conditionalColour(0));
    assertEquals(RED, library.open().colours().resolve(RED).code());
    assertEquals(RED_EDGE, library.open().colours().edgeCodeOf(RED));
    assertEquals(BLACK_EDGE, library.open().colours().edgeCodeOf(0));
  }
}
