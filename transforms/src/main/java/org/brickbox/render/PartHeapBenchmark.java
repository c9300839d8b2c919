package org.brickbox.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.PartFilter;
import org.brickbox.io.ldraw.PartSelection;
import org.brickbox.io.ldraw.PartSize;

/**
 * Measures the heap one part holds while it is rendered (its flattened mesh, the render preparation, its resting
 * poses and a renderer that has drawn one photographic and one CAD view), beside {@link PartHeap}'s estimate of it
 * from the part's size. Retained heap is used heap after full collections, before and after; run it with a heap
 * large enough for the largest part and nothing else running in the JVM, ideally with the serial collector
 * ({@code BRICKBOX_JAVA_OPTS=-XX:+UseSerialGC ./brickbox bench heap}), whose figure after a full collection is exact.
 *
 * <p>Usage: {@code PartHeapBenchmark <libraryRoot|-> [parts,comma,separated|largest:N]} (default largest:8: the N
 * parts of the library that expand to the most triangles and lines).
 */
public final class PartHeapBenchmark {
  private PartHeapBenchmark() {}

  public static void main(String[] args) {
    LDrawLibrary library = LDrawLibrary.shared(LDrawLibrary.locate(args.length > 0 && !args[0].equals("-") ? args[0] : null));
    String spec = args.length > 1 ? args[1] : "largest:8";
    List<String> parts = spec.startsWith("largest:")
        ? largest(library, Integer.parseInt(spec.substring("largest:".length()))) : CommonParts.parse(spec);
    RenderSettings photo = RenderSettings.builder().style(RenderStyle.PHOTO).viewCount(1).build();
    RenderSettings cad = RenderSettings.builder().viewCount(1).build();
    System.out.printf("%-16s %10s %10s %12s %12s %7s%n", "part", "triangles", "lines", "estimate MB", "retained MB",
        "ratio");
    // Warm-up: classes, the colour table and lazily made tables are loaded once, not charged to the first part.
    new PartRenderer().render(PreparedMesh.of(library.load("3001").mesh()), library.colours(), photo,
        RenderKeys.forPart("3001", photo).get(0));
    double worst = 0;
    for (String part : parts) {
      long before = usedAfterGc();
      PartSize size = library.size(part);
      var geometry = library.load(part);
      PreparedMesh mesh = PreparedMesh.of(geometry.mesh());
      mesh.restingPoses();
      PartRenderer renderer = new PartRenderer();
      RenderedView a = renderer.render(mesh, library.colours(), photo, RenderKeys.forPart(part, photo).get(0));
      RenderedView b = renderer.render(mesh, library.colours(), cad, RenderKeys.forPart(part, cad).get(0));
      long retained = usedAfterGc() - before;
      java.lang.ref.Reference.reachabilityFence(new Object[] {geometry, mesh, renderer, a, b});
      long estimate = PartHeap.estimateBytes(size, photo);
      worst = Math.max(worst, retained / (double) estimate);
      System.out.printf("%-16s %10d %10d %12.1f %12.1f %7.2f%n", part, size.triangles(),
          size.edges() + size.conditionals(), estimate / 1e6, retained / 1e6, retained / (double) estimate);
    }
    System.out.printf("largest retained / estimate: %.2f (the estimate must stay above 1)%n", worst);
  }

  /** The {@code n} parts (aliases and patterned parts included) that expand to the most primitives. */
  private static List<String> largest(LDrawLibrary library, int n) {
    List<String> ids = PartSelection.matching(PartFilter.all())
        .select(library.catalog()).partIds();
    List<Object[]> sized = new ArrayList<>();
    for (String id : ids) {
      try {
        PartSize s = library.size(id);
        sized.add(new Object[] {id, s.triangles() + s.edges() + s.conditionals()});
      } catch (RuntimeException unbuildable) {
        // a part the library cannot build has no size; the library scan reports it
      }
    }
    sized.sort(Comparator.comparingLong((Object[] o) -> (Long) o[1]).reversed());
    return sized.stream().limit(n).map(o -> (String) o[0]).toList();
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }
}
