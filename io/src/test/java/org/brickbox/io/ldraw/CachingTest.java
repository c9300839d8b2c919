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
