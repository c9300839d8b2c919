package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.brickbox.io.ldraw.PartSize;
import org.junit.jupiter.api.Test;

class PartHeapTest {
  private static final RenderSettings DEFAULT = RenderSettings.builder().build();

  @Test
  void theEstimateGrowsWithTheGeometryAndTheRasterSize() {
    PartSize cube = new PartSize(12, 12, 0);
    PartSize large = new PartSize(130_604, 100_000, 25_600); // about the library's largest part
    RenderSettings big = RenderSettings.builder().imageSize(1024).build();

    long small = PartHeap.estimateBytes(cube, DEFAULT);
    assertTrue(PartHeap.estimateBytes(large, DEFAULT) - small > 130_604 * 150L, "geometry is charged per triangle");
    assertTrue(PartHeap.estimateBytes(cube, big) - small > 2048L * 2048 * 12 - 448L * 448 * 12,
        "a 1024 px render holds 4x4 times the supersamples of a 224 px one");
    assertTrue(PartHeap.estimateBytes(large, DEFAULT) < 512L << 20, "the largest official part fits the default");
  }

  @Test
  void aPartOverTheLimitIsRefusedWithTheEstimateAndTheLimitNamed() {
    PartSize huge = new PartSize(2_000_000, 2_000_000, 2_000_000);
    PartHeap.check("3001", new PartSize(12, 12, 0), DEFAULT, 512L << 20);

    PartHeap.LimitExceededException e = assertThrows(PartHeap.LimitExceededException.class,
        () -> PartHeap.check("huge", huge, DEFAULT, 512L << 20));

    long mb = (PartHeap.estimateBytes(huge, DEFAULT) + (1 << 20) - 1) >> 20;
    assertEquals("part huge would need about " + mb + " MB of heap to render (2000000 triangles, 2000000 edges, "
        + "2000000 conditional lines at 224 px), over the limit --maxPartHeapMb=512", e.getMessage());
  }
}
