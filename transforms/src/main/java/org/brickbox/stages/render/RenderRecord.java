package org.brickbox.stages.render;

import java.util.List;
import org.brickbox.render.ViewMetadata;

/**
 * One line of {@code records/renders-*.jsonl}: an image written by the render stage, where it is (paths
 * relative to the output directory), what it shows, and the hashes that identify its inputs and bytes.
 * Contains no timings, so equal inputs give equal records. An image's inputs are {@code closureHash} (the part's
 * files), {@code colourHash} (its colour's definition), {@code settingsHash} and {@code rendererVersion}: an
 * incremental rebuild keeps the image while all four are unchanged.
 */
public record RenderRecord(
    String key,
    String partId,
    String description,
    String category,
    int colourCode,
    String colourName,
    int viewIndex,
    long seed,
    String image,
    String mask,
    String format,
    int width,
    int height,
    String imageSha256,
    String maskSha256,
    String closureHash,
    String libraryVersion,
    String rendererVersion,
    String settingsHash,
    String colourHash,
    List<String> warnings,
    ViewMetadata view) {

  /** This record as a run on library {@code version} writes it (the version is recorded, it draws nothing). */
  public RenderRecord withLibraryVersion(String version) {
    return new RenderRecord(key, partId, description, category, colourCode, colourName, viewIndex, seed, image, mask,
        format, width, height, imageSha256, maskSha256, closureHash, version, rendererVersion, settingsHash,
        colourHash, warnings, view);
  }
}
