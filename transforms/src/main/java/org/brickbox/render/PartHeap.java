package org.brickbox.render;

import java.util.Locale;
import org.brickbox.io.ldraw.PartSize;

/**
 * The heap one part holds while a worker renders it, estimated from its size before any of its geometry is built,
 * so that a part too large for a worker's share of memory becomes a dead letter naming the limit instead of an
 * {@link OutOfMemoryError} that fails every task of the JVM. Per triangle it counts the flattened mesh, the render
 * preparation (smoothed normals, colour slots, flags), the resting-pose analysis and the renderer's projected
 * triangles; per edge and conditional line their share of the same; and one renderer's raster buffers at the
 * settings' sample size. The per-primitive figures are upper bounds of what {@code ./brickbox bench heap} measures
 * on the library's largest parts (BENCHMARKS.md).
 */
public final class PartHeap {
  static final long BYTES_PER_TRIANGLE = 400;
  static final long BYTES_PER_EDGE = 100;
  static final long BYTES_PER_CONDITIONAL = 150;
  /** Per supersample (depth, id, colour) and per output pixel (backdrop, flags, image and mask). */
  static final long BYTES_PER_SAMPLE = 12;
  static final long BYTES_PER_PIXEL = 16;
  /** Shadow maps and the other fixed buffers of one renderer. */
  static final long FIXED_BYTES = 8L << 20;

  private PartHeap() {}

  /** The estimated bytes of heap rendering a part of this size holds with these settings. */
  public static long estimateBytes(PartSize size, RenderSettings settings) {
    long samples = (long) settings.sampleSize() * settings.sampleSize();
    long pixels = (long) settings.imageSize() * settings.imageSize();
    return size.triangles() * BYTES_PER_TRIANGLE + size.edges() * BYTES_PER_EDGE
        + size.conditionals() * BYTES_PER_CONDITIONAL + samples * BYTES_PER_SAMPLE + pixels * BYTES_PER_PIXEL
        + FIXED_BYTES;
  }

  /**
   * Refuses a part whose estimate exceeds {@code maxBytes}.
   *
   * @throws LimitExceededException naming the part, its size, the estimate and the limit
   */
  public static void check(String partId, PartSize size, RenderSettings settings, long maxBytes) {
    long estimate = estimateBytes(size, settings);
    if (estimate > maxBytes) {
      throw new LimitExceededException(String.format(Locale.ROOT,
          "part %s would need about %d MB of heap to render (%d triangles, %d edges, %d conditional lines at %d px), "
              + "over the limit --maxPartHeapMb=%d", partId, mb(estimate), size.triangles(), size.edges(),
          size.conditionals(), settings.imageSize(), mb(maxBytes)));
    }
  }

  private static long mb(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }

  /** A part over the heap limit; its message is the dead letter's. */
  public static final class LimitExceededException extends RuntimeException {
    LimitExceededException(String message) {
      super(message);
    }
  }
}
