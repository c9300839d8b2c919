package org.brickbox.stages.render;

import java.io.Serializable;
import org.brickbox.io.ldraw.LDrawLimits;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;
import org.brickbox.render.RenderSettings;

/**
 * Everything the render stage needs on a worker: where the library and the outputs are, the render settings
 * and how images are encoded, and the limits a part must keep. {@code libraryFingerprint} is the library's state the launcher planned with, so a
 * worker JVM that opened it before an edit opens it again. {@link #settingsHash()} covers whatever changes the pixels.
 */
public record RenderConfig(
    String libraryRoot,
    String libraryFingerprint,
    String outputDir,
    RenderSettings settings,
    LDrawLimits limits,
    long maxPartHeapBytes,
    ImageFormat format,
    int pngCompression,
    int webpQuality,
    int viewsPerTask)
    implements Serializable {

  public RenderConfig {
    if (pngCompression < 0 || pngCompression > 9) {
      throw new IllegalArgumentException("--pngCompression must be 0..9, was " + pngCompression);
    }
    if (webpQuality < 1 || webpQuality > 100) {
      throw new IllegalArgumentException("--webpQuality must be 1..100, was " + webpQuality);
    }
    if (maxPartHeapBytes < 1) {
      throw new IllegalArgumentException("--maxPartHeapMb must be >= 1, was " + (maxPartHeapBytes >> 20));
    }
    if (viewsPerTask < 1) {
      throw new IllegalArgumentException("--viewsPerTask must be >= 1, was " + viewsPerTask);
    }
  }

  /** Hash of the settings and encoding that decide an image's bytes (not where it is written). */
  public String settingsHash() {
    // viewsPerTask only decides how work is split, never what is drawn.
    return Hashes.sha256Hex(Json.line(new Object[] {settings, format, pngCompression, webpQuality}));
  }
}
