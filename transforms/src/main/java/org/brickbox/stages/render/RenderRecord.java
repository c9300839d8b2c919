package org.brickbox.stages.render;

import java.util.List;
import org.brickbox.render.ViewMetadata;

/**
 * One line of {@code records/renders-*.jsonl}: an image written by the render stage, where it is (paths
 * relative to the output directory), what it shows, and the hashes that identify its inputs and bytes.
 * Contains no timings, so equal inputs give equal records.
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
    List<String> warnings,
    ViewMetadata view) {}
