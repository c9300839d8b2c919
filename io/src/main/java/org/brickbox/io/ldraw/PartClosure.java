package org.brickbox.io.ldraw;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.brickbox.io.records.Hashes;

/**
 * A part's file and every file it references, transitively, each parsed once; built by {@link ClosureWalker},
 * which has already rejected missing files, cycles, escapes and over-limit nesting or size.
 *
 * @param files the closure by key, sorted
 * @param triangles how many triangles the part expands to (and likewise {@code edges}, {@code conditionals})
 */
record PartClosure(String rootKey, Map<String, LDrawFile> files, long triangles, long edges, long conditionals) {
  PartClosure {
    files = new TreeMap<>(files);
  }

  PartSize size() {
    return new PartSize(triangles, edges, conditionals);
  }

  LDrawFile root() {
    return files.get(rootKey);
  }

  /** Recoverable problems of every file in the closure, by file then line. */
  List<LDrawProblem> warnings() {
    List<LDrawProblem> warnings = new ArrayList<>();
    for (LDrawFile file : files.values()) warnings.addAll(file.problems());
    warnings.sort(Comparator.comparing(LDrawProblem::file).thenComparingInt(LDrawProblem::line));
    return warnings;
  }

  /**
   * SHA-256 over the closure sorted by relative path, each entry the path, a NUL and the SHA-256 of the file's
   * bytes: equivalent to hashing path + bytes, without keeping every file's bytes in memory.
   */
  String hash() {
    MessageDigest sha = Hashes.sha256();
    for (LDrawFile file : files.values()) {
      sha.update(file.key().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(file.digest());
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
