package org.brickbox.fuse;

import java.util.List;

/**
 * The manifest's {@code accuracy} section: identification of held-out query views against the run's index,
 * embedding-only and fused, single views and groups of views of the same part, with the fusion weights fitted on
 * validation views and the parts most often confused. {@code colourTop1}: share of queries whose nearest LDraw
 * colour was the rendered one (null when not measured).
 */
public record Accuracy(
    int parts,
    long references,
    long queries,
    TopK embeddingOnly,
    TopK fusedSingleView,
    TopK fusedMultiView,
    TopK validationEmbeddingOnly,
    TopK validationFused,
    FusionWeights weights,
    List<ConfusedPair> confusedPairs,
    long ambiguous,
    Double colourTop1,
    String searchMode) {

  public Accuracy withColourTop1(Double share) {
    return new Accuracy(parts, references, queries, embeddingOnly, fusedSingleView, fusedMultiView,
        validationEmbeddingOnly, validationFused, weights, confusedPairs, ambiguous, share, searchMode);
  }

  /** Share of queries whose true part is first / among the first five; {@code groupSize} for multi-view. */
  public record TopK(double top1, double top5, long queries, Integer groupSize) {}

  /** A part and the part it was most often taken for (fused, single view). */
  public record ConfusedPair(String actual, String predicted, long count) {}
}
