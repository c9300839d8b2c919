package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LookupTest {
  @TempDir Path dir;

  /** References as written in files: any case, either slash, relative to parts/, p/, models/ or the file's dir. */
  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource({
    "s\\sub.dat, parts/s/sub.dat",
    "S\\SUB.DAT, parts/s/sub.dat",
    "s/Sub.Dat, parts/s/sub.dat",
    "48\\ring.dat, p/48/ring.dat",
    "8\\disc.dat, p/8/disc.dat",
    "stud.dat, p/stud.dat",
    "STUD.DAT, p/stud.dat",
    "other.dat, parts/other.dat",
    "model.ldr, models/model.ldr",
    "s\\s\\deep.dat, parts/s/s/deep.dat",
    "'name with space.dat', parts/name with space.dat",
  })
  void resolvesReferences(String reference, String file) {
    TestLibrary library = new TestLibrary(dir).file("parts/test.dat", "0 T", "1 4 0 0 0 1 0 0 0 1 0 0 0 1 " + reference);
    library.file(file, "0 Target", "3 16 0 0 0 1 0 0 0 1 0");

    Mesh mesh = library.open().load("test").mesh();

    assertEquals(1, mesh.triangleCount());
    assertEquals(4, mesh.triangleColour(0));
  }

  @ParameterizedTest
  @CsvSource({"3001.dat", "3001", "3001.DAT", "' 3001 '"})
  void acceptsPartIdsWithOrWithoutExtension(String id) {
    TestLibrary library = new TestLibrary(dir).file("parts/3001.dat", "0 Brick", "3 16 0 0 0 1 0 0 0 1 0");

    assertEquals("3001", library.open().load(id).partId());
  }

  @Test
  void searchesTheReferencingFilesOwnDirectoryFirst() {
    String reference = "in-own-dir.dat";
    TestLibrary library = new TestLibrary(dir)
        .file("parts/test.dat", "0 T", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\sub.dat")
        .file("parts/s/sub.dat", "0 Sub", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 " + reference)
        .file("parts/s/" + reference, "0 Own dir", "3 4 0 0 0 1 0 0 0 1 0")
        .file("p/" + reference, "0 Primitive", "3 0 0 0 0 1 0 0 0 1 0");

    assertEquals(4, library.open().load("test").mesh().triangleColour(0));
  }
}
