package org.brickbox.pipeline.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (issue 18) of what an incremental rebuild reads from the previous run in its output
 * folder: the manifest, the newest history entry, render records, vector index lines with their matrix, photo
 * references, a render journal file and an embed journal file with its matrix, a QA verdict file and a newer history
 * entry (the run before it then the older one). The input holds those eleven files
 * separated by a line {@code ====} (a file whose part is absent is not written; the separator is text because the
 * matrix is binary).
 * Whatever they hold, reading them and planning the rebuild completes: every damaged file is reported and its work
 * redone, never trusted, and nothing throws.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/.../PreviousRunFuzzTestInputs/readAndPlan/};
 * {@code runners/scripts/fuzz.sh pipeline PreviousRunFuzzTest} fuzzes.
 */
class PreviousRunFuzzTest {
  static final List<String> FILES = List.of("manifest.json", "history/0001-manifest.json",
      "records/renders-00000-of-00001.jsonl", "embeddings/vectors-00000-of-00001.jsonl",
      "embeddings/vectors-00000-of-00001.npy", "records/photos-00000-of-00001.jsonl", "records/made/3001-v0-1.jsonl",
      "embeddings/made/vectors-0.jsonl", "embeddings/made/vectors-0.npy", "qa/metrics-00000-of-00001.jsonl",
      "history/0002-manifest.json");
  private static final List<KeyInputs> PLANNED = List.of(
      new KeyInputs("3001/c4/v00", "3001", 0, "images/3001/c4/v00.png", "images/3001/c4/v00.mask.png", "closure",
          "colour", "settings", "r1"),
      new KeyInputs("3003/c4/v01", "3003", 1, "images/3003/c4/v01.png", "images/3003/c4/v01.mask.png", "closure",
          "colour", "settings", "r1"));
  private static final RebuildPlanner.Current CURRENT = new RebuildPlanner.Current(true, 8, "builtin", "m-1", "opts",
      Map.of("renderer", "r1", "qa", "q1"), Set.of("renders-00000-of-00001.jsonl", "vectors-00000-of-00001.jsonl"));
  static final byte[] SEPARATOR = "\n====\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static Path out;

  @BeforeAll
  static void output() throws IOException {
    out = Files.createTempDirectory("brickbox-previous-run-fuzz");
    for (String image : new String[] {"images/3001/c4/v00.png", "images/3001/c4/v00.mask.png"}) {
      Files.createDirectories(out.resolve(image).getParent());
      Files.write(out.resolve(image), new byte[] {1});
    }
  }

  @AfterAll
  static void removeOutput() throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  // libFuzzer's dictionary syntax: bytes other than printable ASCII as \xNN.
  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "1h")
  @DictionaryEntries({"\\x0A====\\x0A", "\\x0A", "\"key\":", "\"image\":", "\"mask\":", "\"status\":\"running\"",
      "\"status\":\"failed\"", "\"row\":", "\"dimension\":", "\"model\":\"builtin\"", "\"modelVersion\":\"m-1\"",
      "\"sections\":{", "\"versions\":{", "null", "[]", "{}", "1e999", "-1", "2147483648", "\\x93NUMPY",
      "'descr': '<f4'", "'shape': (", "'fortran_order': False", "\"imageSha256\":",
      "\"outputHashes\":{\"qa/metrics-00000-of-00001.jsonl\":", "\"qa\":\"q1\""})
  void readAndPlan(byte[] input) throws IOException {
    byte[][] files = split(input);
    for (int i = 0; i < FILES.size(); i++) {
      Path file = out.resolve(FILES.get(i));
      if (files[i] == null) {
        Files.deleteIfExists(file);
      } else {
        Files.createDirectories(file.getParent());
        Files.write(file, files[i]);
      }
    }
    PreviousOutputs previous = PreviousOutputs.read(out.toString());
    // Each file written is trusted or reported under its own name, never both; one not written is never trusted.
    assertTrustedOrReported(files, previous, 2, previous.recordFiles().size(), "a records file");
    assertTrustedOrReported(files, previous, 3, previous.vectorFiles().size(), "a vector index file");
    assertTrustedOrReported(files, previous, 5, previous.photoFiles().size(), "a photo references file");
    assertTrustedOrReported(files, previous, 6, previous.made().size(), "a journal file");
    assertTrustedOrReported(files, previous, 7, previous.madeVectors().size(), "an embed journal file");
    PreviousOutputs.Verdicts verdicts = previous.verdicts();
    if (!verdicts.files().isEmpty()) {
      assertFalse("failed".equals(verdicts.run().status()), "verdicts of a failed run");
      assertEquals(1, verdicts.files().size());
      assertTrue(verdicts.files().get(0).endsWith(FILES.get(9)), verdicts.files().toString());
    }
    RebuildPlan plan = RebuildPlanner.plan(PLANNED, previous, CURRENT, record -> true);
    assertTrue(verdicts.files().containsAll(plan.earlierVerdictSources().keySet()), "verdicts from elsewhere");
    assertNotNull(plan.reason());
    assertTrue(plan.renderKeys() + plan.carriedKeys().size() == PLANNED.size(), "every planned key kept or redone");
    if (!previous.corrupt().isEmpty()) assertTrue(plan.reason().contains("damaged"), plan.reason());
  }

  /**
   * File {@code i}, when written, is either trusted (counted in {@code trusted}) or reported damaged, not both; when
   * not written, it is not trusted, and reported only as missing (the history may say a run wrote it).
   */
  private static void assertTrustedOrReported(byte[][] files, PreviousOutputs previous, int i, int trusted,
      String what) {
    List<String> reports = previous.corrupt().stream().filter(c -> c.startsWith(FILES.get(i) + ":")).toList();
    if (files[i] == null) {
      assertEquals(0, trusted, what + " trusted that is not there");
      assertTrue(reports.stream().allMatch(c -> c.startsWith(FILES.get(i) + ": missing (run ")), reports.toString());
    } else {
      assertEquals(1, trusted + reports.size(), what + " neither trusted nor reported, or both: " + reports);
    }
  }

  /** The eleven files separated by {@link #SEPARATOR}: null where the input ends before a file. */
  static byte[][] split(byte[] input) {
    byte[][] files = new byte[FILES.size()][];
    int start = 0;
    for (int file = 0; file < files.length && start <= input.length; file++) {
      int end = indexOf(input, SEPARATOR, start);
      files[file] = Arrays.copyOfRange(input, start, end < 0 ? input.length : end);
      start = end < 0 ? input.length + 1 : end + SEPARATOR.length;
    }
    return files;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
      return i;
    }
    return -1;
  }
}
