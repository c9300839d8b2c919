package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingTest {
  private static final String ID = "0 0 0 1 0 0 0 1 0 0 0 1";

  @TempDir Path dir;

  private TestLibrary stampedPart() {
    String[] lines = new String[101];
    lines[0] = "0 Hundred studs";
    for (int i = 1; i <= 100; i++) lines[i] = "1 16 " + (i * 20) + " 0 0 1 0 0 0 1 0 0 0 1 stud.dat";
    return new TestLibrary(dir).file("parts/test.dat", lines).file("p/stud.dat", "0 Stud", "3 16 0 0 0 1 0 0 0 1 0");
  }

  @Test
  void subFileReferencedHundredTimesIsParsedOnce() {
    LDrawLibrary library = stampedPart().open();

    PartGeometry first = library.load("test");
    library.load("test");

    assertEquals(100, first.mesh().triangleCount());
    assertEquals(2, library.parseCount(), "the part and stud.dat, each parsed once across both loads");
    assertEquals(2000f + 1, first.mesh().triangles()[9 * 99 + 3], "each instance placed by its own transform");
  }

  @Test
  void aPartsSizeIsKnownBeforeItIsFlattenedAndCanRefuseIt() {
    LDrawLibrary library = new TestLibrary(dir).file("parts/test.dat", "0 Edged stud",
        "1 16 0 0 0 1 0 0 0 1 0 0 0 1 stud.dat", "1 16 5 0 0 1 0 0 0 1 0 0 0 1 stud.dat",
        "2 24 0 0 0 1 0 0", "5 24 0 0 0 1 0 0 0 1 0 0 0 1")
        .file("p/stud.dat", "0 Stud", "3 16 0 0 0 1 0 0 0 1 0", "4 16 0 0 0 1 0 0 1 1 0 0 1 0").open();

    PartSize size = library.size("test");
    List<PartSize> seen = new java.util.ArrayList<>();
    PartGeometry part = library.load("test", seen::add);

    assertEquals(new PartSize(6, 1, 1), size, "two studs of a triangle and a split quad, one edge, one conditional");
    assertEquals(List.of(size), seen);
    assertEquals(List.of(size.triangles(), size.edges(), size.conditionals()), List.of(
        (long) part.mesh().triangleCount(), (long) part.mesh().edgeCount(), (long) part.mesh().conditionalLineCount()));
    IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> library.load("test", s -> {
          throw new IllegalStateException("too big: " + s.triangles());
        }));
    assertEquals("too big: 6", refused.getMessage());
  }

  @Test
  void concurrentLoadsAgreeAndParseEachFileOnce() {
    LDrawLibrary library = stampedPart().open();

    List<PartGeometry> loads = IntStream.range(0, 64).parallel().mapToObj(i -> library.load("test")).toList();

    assertEquals(1, loads.stream().map(PartGeometry::closureHash).distinct().count());
    assertEquals(2, library.parseCount());
  }

  @Test
  void closureHashFollowsSubFileContent() {
    TestLibrary files = stampedPart();
    String before = files.open().load("test").closureHash();

    assertEquals(before, files.open().load("test").closureHash(), "stable across library instances");
    files.file("p/stud.dat", "0 Stud", "3 16 0 0 0 2 0 0 0 1 0");
    assertNotEquals(before, files.open().load("test").closureHash(), "changes with a sub-file");
    files.file("p/unrelated.dat", "0 Other");
    String after = files.open().load("test").closureHash();
    files.file("p/unrelated.dat", "0 Changed");
    assertEquals(after, files.open().load("test").closureHash(), "ignores files outside the closure");
    assertEquals(64, after.length());
  }

  @Test
  void sharedLibraryIsOnePerRoot() {
    stampedPart();

    assertEquals(LDrawLibrary.shared(dir), LDrawLibrary.shared(dir.resolve(".")));
  }

  @Test
  void partAndSubFileCanShareAReference() {
    TestLibrary files = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "1 16 " + ID + " s\\a.dat", "1 16 " + ID + " stud.dat")
        .file("parts/s/a.dat", "0 A", "1 16 " + ID + " stud.dat")
        .file("p/stud.dat", "0 Stud", "3 16 0 0 0 1 0 0 0 1 0");

    PartGeometry part = files.open().load("test");

    assertEquals(2, part.mesh().triangleCount());
  }
}
