package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The confused pairs a run's fuse stage lists, read from its {@code fuse/queries.jsonl} as training writes it. */
class HardNegativesTest {
  private static final List<String> CLASSES = List.of("3001", "3003", "3004", "3010", "3622");

  @TempDir Path dir;

  @Test
  void partsRankedAboveTheTruePartArePairedWithIt() throws IOException {
    Path run = run("run", """
        {"key":"3001/c4/v05","partId":"3001","candidates":[{"partId":"3003"},{"partId":"3001"},{"partId":"3010"}]}
        {"key":"3004/c4/v05","partId":"3004","candidates":[{"partId":"3004"},{"partId":"3622"}]}
        {"key":"3010/c4/v05","partId":"3010","candidates":[{"partId":"3622"},{"partId":"9999"}]}
        {"key":"3003/c4/v11","partId":"3003","candidates":[{"partId":"3001"},{"partId":"3003"}]}
        """);
    HardNegatives h = HardNegatives.fromRuns(List.of(run), CLASSES);
    // 3001-3003 (twice, both ways: one pair); 3010-3622 (the true part missing: every candidate); 3004 was right.
    assertEquals(2, h.pairs());
    assertArrayEquals(new int[] {1}, h.partners(0), "3001's partner is 3003, not 3010 ranked below it");
    assertArrayEquals(new int[] {0}, h.partners(1));
    assertArrayEquals(new int[] {4}, h.partners(3));
    assertArrayEquals(new int[] {3}, h.partners(4));
    assertArrayEquals(new int[0], h.partners(2), "a part identified right has no hard negatives");
    assertEquals(1, h.partsOutsideTraining(), "9999 is not a training part");

    float[] mask = h.mask(new int[] {0, 2, 4}, CLASSES.size());
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, /**/ 0, 0, 0, 0, 0, /**/ 0, 0, 0, 1, 0}, mask);
    assertTrue(h.describe(0.1).contains("2 confused pairs"), h.describe(0.1));
  }

  @Test
  void otherPairsHashDifferentlySoACheckpointIsNotResumedWithThem() throws IOException {
    HardNegatives a = HardNegatives.fromRuns(List.of(run("a", """
        {"partId":"3001","candidates":[{"partId":"3003"},{"partId":"3001"}]}
        """)), CLASSES);
    HardNegatives b = HardNegatives.fromRuns(List.of(run("b", """
        {"partId":"3001","candidates":[{"partId":"3004"},{"partId":"3001"}]}
        """)), CLASSES);
    assertNotEquals(a.hash(), b.hash());
    assertTrue(HardNegatives.NONE.isEmpty());
  }

  @Test
  void aRunWithoutFuseQueriesIsAClearError() {
    IOException e = assertThrows(IOException.class, () -> HardNegatives.fromRuns(List.of(dir), CLASSES));
    assertTrue(e.getMessage().contains("fuse/queries.jsonl"), e.getMessage());
  }

  @Test
  void aBrokenLineNamesItsFileAndLine() throws IOException {
    Path run = run("broken", """
        {"partId":"3001","candidates":[{"partId":"3003"}]}
        {"partId":"3001","candid
        """);
    IOException e = assertThrows(IOException.class, () -> HardNegatives.fromRuns(List.of(run), CLASSES));
    assertTrue(e.getMessage().contains("queries.jsonl:2"), e.getMessage());
  }

  private Path run(String name, String queries) throws IOException {
    Path run = dir.resolve(name);
    Files.createDirectories(run.resolve("fuse"));
    Files.writeString(run.resolve(HardNegatives.QUERIES), queries);
    return run;
  }
}
