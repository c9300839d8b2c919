package org.brickbox.qa;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.brickbox.fuse.ImageCues;

/**
 * One line of {@code qa/metrics-*.jsonl} (and, when quarantined, of {@code qa/quarantine.jsonl}): an image's verdict.
 *
 * @param passed false when any rule failed: the image is quarantined (kept on disk, kept out of the index)
 * @param reasons the failed rules, in name order ({@link QaRules})
 * @param metrics the image's metrics by name, plus {@code phashDistance} (to the nearest earlier view of the part)
 *     and {@code embeddingDistance} (cosine distance to the nearest other view of the part) where they apply
 * @param duplicateOf the earlier view this one nearly duplicates, or null
 * @param imageSha256 the image's bytes that were measured (its render record's hash), with {@code maskSha256}; what
 *     a rebuild checks before it reuses the measurement ({@link MeasuredView#reusedFrom}); null in records written
 *     before 2026-12-06
 * @param cues what fusion read off the same pixels, when the run fused; null otherwise
 */
public record QaRecord(String key, String partId, int colourCode, int viewIndex, String image, boolean passed,
    List<String> reasons, Map<String, Double> metrics, String phash, String duplicateOf, String imageSha256,
    String maskSha256, ImageCues cues) implements Serializable {}
