package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the LDraw parser and flattener (issue 18) with Jazzer. The input is a part file and
 * the two files it may reference, separated by NUL bytes: {@code parts/fz.dat}, {@code parts/s/fz-s.dat} and the
 * primitive {@code p/fz-p.dat}. Whatever they hold, loading the part either gives a mesh whose coordinates are all
 * finite and within the triangle limit, or an {@link LDrawException} that names the file: never another exception,
 * a hang or an out-of-memory.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/.../LDrawFuzzTestInputs/partAndSubFiles/}
 * (every finding fixed is kept there); {@code runners/scripts/fuzz.sh io LDrawFuzzTest} fuzzes.
 */
class LDrawFuzzTest {
  /** Small limits so the fuzzer reaches them in a few lines instead of spending its time on huge meshes. */
  private static final LDrawLimits LIMITS = new LDrawLimits(12, 20_000, 64 * 1024, 50);
  private static Path root;

  @BeforeAll
  static void library() throws IOException {
    root = Files.createTempDirectory("brickbox-ldraw-fuzz");
    new TestLibrary(root);
  }

  @AfterAll
  static void removeLibrary() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  // Dictionary entries are libFuzzer's syntax: bytes other than printable ASCII as \xNN.
  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "1h")
  @DictionaryEntries({"1 16 0 0 0 1 0 0 0 1 0 0 0 1 s/fz-s.dat", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 fz-p.dat",
      "1 16 0 0 0 1 0 0 0 1 0 0 0 1 fz.dat", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 ../../x.dat", "\\x0D\\x0A",
      "3 16 0 0 0 1 0 0 0 1 0 ", "4 16 0 0 0 1 0 0 1 1 0 0 1 0 ", "2 24 0 0 0 1 1 1", "5 24 0 0 0 1 0 0 0 1 0 1 1 0",
      "0 BFC CERTIFY CCW", "0 BFC CERTIFY CW", "0 BFC INVERTNEXT", "0 BFC NOCLIP", "0 BFC CLIP", "0 BFC NOCERTIFY",
      "0 !LDRAW_ORG Part UPDATE 2024-01", "0 !CATEGORY Brick", "0 Name: fz.dat", "0 ~Moved to 3001", "0 !COLOUR",
      "NaN", "Infinity", "-1e39", "1e308", "0x10", "-0", "16", "24", "0x2FF0000", "\\x00"})
  void partAndSubFiles(byte[] input) throws IOException {
    byte[][] files = split(input);
    write("parts/fz.dat", files[0]);
    write("parts/s/fz-s.dat", files[1]);
    write("p/fz-p.dat", files[2]);
    LDrawLibrary library = LDrawLibrary.open(root, LIMITS);
    try {
      PartGeometry part = library.load("fz");
      Mesh mesh = part.mesh();
      assertTrue(mesh.triangleCount() <= LIMITS.maxTriangles(), "triangles over the limit: " + mesh.triangleCount());
      for (float[] coordinates : new float[][] {mesh.triangles(), mesh.edges(), mesh.conditionalLines()}) {
        for (float c : coordinates) assertTrue(Float.isFinite(c), "a non-finite coordinate reached the mesh");
      }
    } catch (LDrawException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an error without a message");
      assertTrue(e.getMessage().contains("fz"), "the error names no file: " + e.getMessage());
    }
  }

  /** Up to three files separated by NUL; missing ones are empty. */
  private static byte[][] split(byte[] input) {
    byte[][] files = {new byte[0], new byte[0], new byte[0]};
    int file = 0;
    int start = 0;
    for (int i = 0; i <= input.length && file < 3; i++) {
      if (i == input.length || input[i] == 0) {
        files[file++] = Arrays.copyOfRange(input, start, i);
        start = i + 1;
      }
    }
    return files;
  }

  private static void write(String relative, byte[] content) throws IOException {
    Files.write(root.resolve(relative), content);
  }
}
