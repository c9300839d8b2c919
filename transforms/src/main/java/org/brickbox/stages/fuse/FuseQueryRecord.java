package org.brickbox.stages.fuse;

import java.util.List;
import org.brickbox.fuse.PartScore;

/**
 * One line of {@code fuse/queries.jsonl}: a held-out view identified against the run's index. {@code rank} is
 * the true part's fused rank (0 = not among the top five), {@code embeddingRank} the same on embeddings alone.
 */
public record FuseQueryRecord(String key, String partId, int colourCode, int viewIndex, String predicted, int rank,
    int embeddingRank, boolean ambiguous, double margin, Integer predictedColour, List<PartScore> candidates) {}
