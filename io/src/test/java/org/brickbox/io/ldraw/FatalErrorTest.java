package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FatalErrorTest {
  private static final String ID = "0 0 0 1 0 0 0 1 0 0 0 1";

  @TempDir Path dir;

  @Test
  void missingSubFileNamesFileLineAndChain() {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "0 BFC CERTIFY CCW", "1 16 " + ID + " s\\foo.dat")
        .file("parts/s/foo.dat", "0 Foo", "3 16 0 0 0 1 0 0 0 1 0", "1 16 " + ID + " bar.dat");

    LDrawException e = assertThrows(LDrawException.class, () -> library.open().load("test"));

    assertEquals("parts/s/foo.dat", e.file());
    assertEquals(3, e.line());
    assertEquals(List.of("parts/test.dat:3", "parts/s/foo.dat:3"), e.chain());
    assertEquals("parts/s/foo.dat:3: sub-file 'bar.dat' not found (via parts/test.dat:3 → parts/s/foo.dat:3)",
        e.getMessage());
  }

  @Test
  void referenceCycleIsFatal() {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "1 16 " + ID + " s\\a.dat")
        .file("parts/s/a.dat", "0 A", "1 16 " + ID + " s\\b.dat")
        .file("parts/s/b.dat", "0 B", "1 16 " + ID + " s\\a.dat");

    LDrawException e = assertThrows(LDrawException.class, () -> library.open().load("test"));

    assertTrue(e.getMessage().startsWith("parts/s/b.dat:2: reference cycle"), e.getMessage());
    assertEquals(List.of("parts/test.dat:2", "parts/s/a.dat:2", "parts/s/b.dat:2"), e.chain());
  }

  @Test
  void selfReferenceIsACycle() {
    TestLibrary library = new TestLibrary(dir).file("parts/test.dat", "0 T", "1 16 " + ID + " test.dat");

    assertThrows(LDrawException.class, () -> library.open().load("test"));
  }

  @ParameterizedTest(name = "chain of {0} files under the part, limit 3")
  @ValueSource(ints = {3, 4, 6})
  void nestingBeyondTheDepthLimitIsFatal(int levels) {
    TestLibrary library = new TestLibrary(dir).file("parts/test.dat", "0 T", "1 16 " + ID + " s\\l1.dat");
    for (int i = 1; i < levels; i++) library.file("parts/s/l" + i + ".dat", "0 L", "1 16 " + ID + " s\\l" + (i + 1) + ".dat");
    library.file("parts/s/l" + levels + ".dat", "0 Leaf", "3 16 0 0 0 1 0 0 0 1 0");
    LDrawLibrary opened = library.open(new LDrawLimits(3, 1000));

    if (levels <= 3) {
      assertEquals(1, opened.load("test").mesh().triangleCount());
    } else {
      LDrawException e = assertThrows(LDrawException.class, () -> opened.load("test"));
      assertTrue(e.getMessage().contains("nested deeper than 3 levels"), e.getMessage());
    }
  }

  @Test
  void depthIsCheckedOnEveryPathNotOnlyTheFirstVisit() {
    // The leaf is first met at depth 1, later at depth 3: the second path exceeds the limit of 3.
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "1 16 " + ID + " s\\leaf.dat", "1 16 " + ID + " s\\a.dat")
        .file("parts/s/a.dat", "0 A", "1 16 " + ID + " s\\b.dat")
        .file("parts/s/b.dat", "0 B", "1 16 " + ID + " s\\c.dat")
        .file("parts/s/c.dat", "0 C", "1 16 " + ID + " s\\leaf.dat")
        .file("parts/s/leaf.dat", "0 Leaf", "1 16 " + ID + " s\\tri.dat")
        .file("parts/s/tri.dat", "0 Tri", "3 16 0 0 0 1 0 0 0 1 0");

    assertThrows(LDrawException.class, () -> library.open(new LDrawLimits(4, 1000)).load("test"));
  }

  @Test
  void exponentialExpansionHitsTheTriangleLimit() {
    // Each level references the next 10 times: 10^6 triangles from seven tiny files.
    TestLibrary library = new TestLibrary(dir).file("parts/test.dat", "0 T", "1 16 " + ID + " s\\x1.dat");
    for (int i = 1; i <= 6; i++) {
      String[] lines = new String[11];
      lines[0] = "0 X";
      for (int k = 1; k <= 10; k++) lines[k] = "1 16 " + ID + " s\\x" + (i + 1) + ".dat";
      library.file("parts/s/x" + i + ".dat", lines);
    }
    library.file("parts/s/x7.dat", "0 Leaf", "3 16 0 0 0 1 0 0 0 1 0");

    LDrawException e = assertThrows(LDrawException.class,
        () -> library.open(new LDrawLimits(32, 100_000)).load("test"));

    assertTrue(e.getMessage().contains("over the limit of 100000"), e.getMessage());
    assertEquals(1_000_000, library.open(new LDrawLimits(32, 1_000_000)).load("test").mesh().triangleCount());
  }

  @Test
  void aPartReferencingMoreDistinctFilesThanTheLimitIsRefusedNamingTheLimit() {
    TestLibrary library = new TestLibrary(dir);
    String[] lines = new String[6];
    lines[0] = "0 Many";
    for (int k = 1; k <= 5; k++) {
      lines[k] = "1 16 " + ID + " s\\f" + k + ".dat";
      library.file("parts/s/f" + k + ".dat", "0 F", "3 16 0 0 0 1 0 0 0 1 0");
    }
    library.file("parts/test.dat", lines);

    LDrawException e = assertThrows(LDrawException.class,
        () -> library.open(new LDrawLimits(32, 1000, 1 << 20, 5)).load("test"));
    assertEquals("parts/test.dat:6: the part references more than 5 distinct files", e.getMessage());
    assertEquals(5, library.open(new LDrawLimits(32, 1000, 1 << 20, 6)).load("test").mesh().triangleCount(),
        "the part and its five files are within a limit of six");
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedBeforeItIsReadAndItsHeaderStillLists() {
    String[] lines = new String[2002];
    lines[0] = "0 Big Part";
    lines[1] = "0 Name: big.dat";
    for (int k = 2; k < lines.length; k++) lines[k] = "3 16 0 0 0 1 0 0 0 1 0";
    TestLibrary library = new TestLibrary(dir).file("parts/big.dat", lines)
        .file("parts/test.dat", "0 T", "1 16 " + ID + " big.dat");
    LDrawLibrary limited = library.open(new LDrawLimits(32, 1_000_000, 10_000, 100));

    LDrawException e = assertThrows(LDrawException.class, () -> limited.load("test"));
    assertTrue(e.getMessage().matches("parts/big\\.dat: file is \\d+ bytes, over the limit of 10000 bytes per "
        + "LDraw file \\(via parts/test\\.dat:2.*"), e.getMessage());
    assertEquals("Big Part", limited.catalog().header("big").description(), "listing reads only the head");
    assertEquals(2000, library.open(new LDrawLimits(32, 1_000_000, 100_000, 100)).load("big").mesh()
        .triangleCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..\\..\\x.dat", "../../../etc/passwd", "/etc/passwd", "C:\\x.dat", "c:/windows/x.dat", "s\\..\\..\\..\\x.dat"})
  void referencesEscapingTheRootAreFatal(String reference) throws Exception {
    Files.writeString(dir.resolve("x.dat"), "0 Outside\r\n3 16 0 0 0 1 0 0 0 1 0\r\n");
    Path root = Files.createDirectory(dir.resolve("library"));
    TestLibrary library = new TestLibrary(root).file("parts/test.dat", "0 T", "1 16 " + ID + " " + reference);

    LDrawException e = assertThrows(LDrawException.class, () -> library.open().load("test"));

    assertTrue(e.getMessage().startsWith("parts/test.dat:2: reference '" + reference + "'"), e.getMessage());
  }

  @Test
  void symbolicLinkResolvingOutsideTheRootIsFatal() throws Exception {
    Path outside = Files.writeString(dir.resolve("secret.dat"), "0 Secret\r\n3 16 0 0 0 1 0 0 0 1 0\r\n");
    Path root = Files.createDirectory(dir.resolve("library"));
    TestLibrary library = new TestLibrary(root).file("parts/test.dat", "0 T", "1 16 " + ID + " s\\link.dat");
    Files.createSymbolicLink(root.resolve("parts/s/link.dat"), outside);

    LDrawException e = assertThrows(LDrawException.class, () -> library.open().load("test"));

    assertTrue(e.getMessage().contains("escapes the library root"), e.getMessage());
  }

  @Test
  void unknownPartIsFatal() {
    TestLibrary library = new TestLibrary(dir);

    LDrawException e = assertThrows(LDrawException.class, () -> library.open().load("nope"));

    assertTrue(e.getMessage().contains("part 'nope' not found"), e.getMessage());
  }
}
