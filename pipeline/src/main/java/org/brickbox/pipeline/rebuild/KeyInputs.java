package org.brickbox.pipeline.rebuild;

import java.util.Objects;
import org.brickbox.stages.render.RenderRecord;

/**
 * What decides one planned image, known before rendering: its render key and where it goes, and the four input
 * hashes a {@link RenderRecord} records. {@code closureHash} is null when the part cannot be loaded (it is then
 * rendered again, to report its dead letter again).
 */
public record KeyInputs(String key, String partId, int viewIndex, String image, String mask, String closureHash,
    String colourHash, String settingsHash, String rendererVersion) {

  /** True when {@code previous} was written to the same image and mask paths. */
  public boolean samePaths(RenderRecord previous) {
    return image.equals(previous.image()) && Objects.equals(mask, previous.mask());
  }
}
