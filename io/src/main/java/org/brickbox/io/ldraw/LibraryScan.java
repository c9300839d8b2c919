package org.brickbox.io.ldraw;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/** Loads and flattens every top-level part of a library in parallel and tallies the outcome. */
public final class LibraryScan {
  /**
   * @param warnedParts ids of parts that loaded with warnings
   * @param fatal message per id of parts that failed
   */
  public record Result(
      int parts, long triangles, List<String> warnedParts, Map<String, String> fatal, long wallMillis) {
    public double partsPerSecond() {
      return parts * 1000.0 / Math.max(1, wallMillis);
    }
  }

  private LibraryScan() {}

  public static Result scan(LDrawLibrary library) {
    long start = System.nanoTime();
    List<String> ids = library.catalog().partIds();
    LongAdder triangles = new LongAdder();
    TreeSet<String> warned = new TreeSet<>();
    TreeMap<String, String> fatal = new TreeMap<>();
    ids.parallelStream().forEach(id -> {
      try {
        PartGeometry part = library.load(id);
        triangles.add(part.mesh().triangleCount());
        if (!part.warnings().isEmpty()) synchronized (warned) { warned.add(id); }
      } catch (LDrawException e) {
        synchronized (fatal) { fatal.put(id, e.getMessage()); }
      }
    });
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    return new Result(ids.size(), triangles.sum(), List.copyOf(warned), fatal, wallMillis);
  }
}
