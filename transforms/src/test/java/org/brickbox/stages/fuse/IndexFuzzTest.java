package org.brickbox.stages.fuse;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.brickbox.fuse.Identification;
import org.brickbox.fuse.QueryView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (issue 18) of opening a reference index that {@code identify} and {@code serve} are
 * pointed at: {@code index.json}, {@code references.jsonl} and {@code vectors.npy}, separated in the input by a
 * line {@code ====}. Whatever they hold, opening either gives an index that answers a query, or refuses with an
 * {@link IllegalArgumentException} or {@link UncheckedIOException} that names the index folder: never another
 * exception on open, and never one on the first query of an index that opened.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/.../IndexFuzzTestInputs/openAndQuery/};
 * {@code runners/scripts/fuzz.sh transforms IndexFuzzTest} fuzzes.
 */
class IndexFuzzTest {
  private static final List<String> FILES = List.of(IndexManifest.FILE, IndexManifest.REFERENCES,
      IndexManifest.VECTORS);
  private static final byte[] SEPARATOR = "\n====\n".getBytes(StandardCharsets.US_ASCII);
  private static Path dir;

  @BeforeAll
  static void folder() throws IOException {
    dir = Files.createTempDirectory("brickbox-index-fuzz");
  }

  @AfterAll
  static void removeFolder() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  // libFuzzer's dictionary syntax: bytes other than printable ASCII as \xNN.
  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "1h")
  @DictionaryEntries({"\\x0A====\\x0A", "\"searchMode\":\"exact\"", "\"searchMode\":\"hnsw\"", "\"dimension\":",
      "\"weights\":", "\"shapeScale\":", "\"partId\":", "\"shape\":", "\"features\":", "\"photo\":true", "null",
      "[]", "{}", "NaN", "-1", "1e999", "\\x93NUMPY", "'descr': '<f4'", "'shape': (", "'fortran_order': False"})
  void openAndQuery(byte[] input) throws IOException {
    byte[][] files = split(input);
    for (int i = 0; i < FILES.size(); i++) {
      Path file = dir.resolve(FILES.get(i));
      if (files[i] == null) Files.deleteIfExists(file);
      else Files.write(file, files[i]);
    }
    IndexStore.Opened opened;
    try {
      opened = IndexStore.open(dir);
    } catch (IllegalArgumentException | UncheckedIOException refused) {
      assertTrue(refused.getMessage() != null && refused.getMessage().contains(dir.toString()),
          "a refusal that does not name the index: " + refused.getMessage());
      return;
    }
    try (opened) {
      float[] query = new float[opened.manifest().dimension()];
      query[0] = 1f;
      Identification answer = opened.index().identify(List.of(new QueryView("query", null, -1, query, null)),
          opened.manifest().weights(), 5, opened.manifest().ambiguousMargin());
      assertNotNull(answer);
    }
  }

  private static byte[][] split(byte[] input) {
    byte[][] files = new byte[FILES.size()][];
    int start = 0;
    for (int file = 0; file < files.length && start <= input.length; file++) {
      int end = indexOf(input, start);
      files[file] = Arrays.copyOfRange(input, start, end < 0 ? input.length : end);
      start = end < 0 ? input.length + 1 : end + SEPARATOR.length;
    }
    return files;
  }

  private static int indexOf(byte[] data, int from) {
    outer:
    for (int i = from; i <= data.length - SEPARATOR.length; i++) {
      for (int j = 0; j < SEPARATOR.length; j++) if (data[i + j] != SEPARATOR[j]) continue outer;
      return i;
    }
    return -1;
  }
}
