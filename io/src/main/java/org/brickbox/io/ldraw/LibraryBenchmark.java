package org.brickbox.io.ldraw;

import java.nio.file.Path;

/**
 * Opens a library, loads and flattens all its top-level parts, and prints throughput.
 * Usage: {@code LibraryBenchmark [libraryRoot]} (default: {@link LDrawLibrary#locate}).
 */
public final class LibraryBenchmark {
  private LibraryBenchmark() {}

  public static void main(String[] args) {
    Path root = LDrawLibrary.locate(args.length > 0 ? args[0] : null);
    long openStart = System.nanoTime();
    LDrawLibrary library = LDrawLibrary.open(root);
    long openMillis = (System.nanoTime() - openStart) / 1_000_000;
    LibraryScan.Result result = LibraryScan.scan(library);
    System.out.printf("library %s (version %s), opened in %d ms, %d threads%n",
        library.root(), library.version(), openMillis, Runtime.getRuntime().availableProcessors());
    System.out.printf("parts %d, %.0f parts/s, triangles %d, wall %.1f s%n",
        result.parts(), result.partsPerSecond(), result.triangles(), result.wallMillis() / 1000.0);
    System.out.printf("parts with warnings %d, fatal %d%n", result.warnedParts().size(), result.fatal().size());
    result.fatal().entrySet().stream().limit(20).forEach(e -> System.out.println("  fatal " + e.getKey() + ": " + e.getValue()));
  }
}
