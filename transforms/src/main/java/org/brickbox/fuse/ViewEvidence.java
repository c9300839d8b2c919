package org.brickbox.fuse;

import java.util.Map;

/**
 * One query view against candidate parts: for each part, one {@code {cosine, shape distance}} pair per reference
 * view of the part. Computed once, then ranked under any {@link FusionWeights}, which makes fitting them cheap.
 */
public record ViewEvidence(Map<String, float[][]> byPart) {}
