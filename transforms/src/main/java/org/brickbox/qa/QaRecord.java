package org.brickbox.qa;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code qa/metrics-*.jsonl} (and, when quarantined, of {@code qa/quarantine.jsonl}): an image's verdict.
 *
 * @param passed false when any rule failed: the image is quarantined (kept on disk, kept out of the index)
 * @param reasons the failed rules, in name order ({@link QaRules})
 * @param metrics the image's metrics by name, plus {@code phashDistance} (to the nearest earlier view of the part)
 *     and {@code embeddingDistance} (cosine distance to the nearest other view of the part) where they apply
 * @param duplicateOf the earlier view this one nearly duplicates, or null
 */
public record QaRecord(String key, String partId, int colourCode, int viewIndex, String image, boolean passed,
    List<String> reasons, Map<String, Double> metrics, String phash, String duplicateOf) implements Serializable {}
