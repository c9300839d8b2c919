package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs against the installed LDraw library (Debian ldraw-parts 2206); CI installs it with ./brickbox setup. */
class RealLibraryTest {
  private static LDrawLibrary library;

  @BeforeAll
  static void openInstalledLibrary() {
    String fromEnv = System.getenv("LDRAW_DIR");
    Path root = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of("/root/.cache/brickbox/ldraw");
    assumeTrue(Files.isDirectory(root.resolve("parts")),
        "no LDraw library at " + root + ": run ./brickbox setup or set LDRAW_DIR to run the real-library tests");
    library = LDrawLibrary.shared(root);
  }

  @ParameterizedTest(name = "{0}: {1} triangles")
  @CsvSource({
    "3001, 700", "3003, 316", "3004, 172", "3005, 76", "3010, 364", "3020, 700", "3022, 316", "3023, 172",
    "3024, 76", "3068b, 140", "3069b, 44", "3070b, 44", "3040b, 178", "3062b, 384", "6141, 288", "3710, 364",
    "2420, 284", "32523, 868", "3673, 784", "2780, 1504",
  })
  void knownPartsLoadAsClosedOutwardSolids(String id, int triangles) {
    PartGeometry part = library.load(id);
    Mesh mesh = part.mesh();

    assertEquals(triangles, mesh.triangleCount());
    assertEquals(List.of(), part.warnings());
    assertTrue(TestLibrary.signedVolume(mesh) > 0, "outward faces wind CCW, so the signed volume is positive");
    assertTrue(IntStream.range(0, mesh.triangleCount()).noneMatch(mesh::isTwoSided), "all certified");
    assertEquals(64, part.closureHash().length());
  }

  @Test
  void brick2x4MatchesTheReferenceCounts() {
    PartGeometry brick = library.load("3001");

    assertEquals(700, brick.mesh().triangleCount());
    assertEquals(472, brick.mesh().edgeCount());
    assertEquals(224, brick.mesh().conditionalLineCount());
    assertEquals("Brick  2 x  4", brick.header().description());
    assertEquals("Brick", brick.header().category());
    float[] bounds = brick.mesh().bounds();
    assertEquals(-40f, bounds[0], 1e-4);
    assertEquals(-4f, bounds[1], 1e-4); // studs rise 4 LDU above the top face, −Y up
    assertEquals(24f, bounds[4], 1e-4);
  }

  @Test
  void catalogueAndColoursMatchTheLibraryFacts() {
    assertEquals(15_954, library.catalog().partIds().size());
    assertTrue(library.colours().all().size() >= 200);
    assertEquals(15_954 - 968, library.catalog().headers().stream().filter(h -> h.movedTo().isEmpty()).count());
  }

  /** Every top-level part flattens; the only warnings come from the one malformed line in the library. */
  @Test
  void wholeLibraryFlattensWithOnlyTheKnownWarning() {
    LibraryScan.Result result = LibraryScan.scan(library);

    assertEquals(15_954, result.parts());
    assertEquals(Map.of(), result.fatal());
    assertEquals(36_032_942, result.triangles());
    // Exactly the parts whose closure includes parts/s/30370ps2s01.dat, whose line 48 ends with "//".
    assertEquals(List.of("30370ps2", "30370ps3"), result.warnedParts());
    for (String id : result.warnedParts()) {
      List<LDrawProblem> warnings = library.load(id).warnings();
      assertEquals(1, warnings.size());
      assertEquals("parts/s/30370ps2s01.dat:48: malformed line skipped: expected 14 tokens, found 15",
          warnings.get(0).toString());
    }
  }
}
