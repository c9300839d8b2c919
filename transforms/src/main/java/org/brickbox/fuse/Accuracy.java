package org.brickbox.fuse;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The manifest's {@code accuracy} section: identification of held-out query views against the run's index,
 * embedding-only and fused, single views and groups of views of the same part, with the fusion weights fitted on
 * validation views and the parts most often confused. {@code colourTop1}: share of queries whose nearest LDraw
 * colour was the rendered one (null when not measured). {@code fit}: how the weights were chosen (null when they
 * were given, e.g. those stored with an index).
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
    String searchMode,
    WeightFit fit) {

  public Accuracy withColourTop1(Double share) {
    return new Accuracy(parts, references, queries, embeddingOnly, fusedSingleView, fusedMultiView,
        validationEmbeddingOnly, validationFused, weights, confusedPairs, ambiguous, share, searchMode, fit);
  }

  /** Share of queries whose true part is first / among the first five; {@code groupSize} for multi-view. */
  public record TopK(double top1, double top5, long queries, Integer groupSize) {}

  /**
   * The fitting on validation views: the weights with the best validation top-1, how many views they got
   * right that embedding-only got wrong ({@code fixed}) and the reverse ({@code broken}), the one-sided sign
   * test's p-value of that, and whether it was significant enough to use them ({@code weights} is embedding-only
   * otherwise), then the view-confidence fit on groups of validation views ({@code views}; null when there were
   * no groups), then the photo weight fitted on a user's photo references ({@code photos}; null when no part has
   * photos of two captures).
   */
  public record WeightFit(FusionWeights best, long fixed, long broken, double pValue, boolean accepted,
      ViewConfidenceFit views, PhotoWeightFit photos) {
    /**
     * The weights identification uses: the best single-view ones if accepted, the fitted view confidence and the
     * fitted photo weight.
     */
    public FusionWeights used() {
      FusionWeights single = accepted ? best : FusionWeights.EMBEDDING_ONLY;
      FusionWeights views = this.views == null ? single : single.withViewConfidence(this.views.viewConfidence());
      return photos == null ? views : views.withPhotoWeight(photos.photoWeight());
    }

    public WeightFit withPhotos(PhotoWeightFit fit) {
      return new WeightFit(best, fixed, broken, pValue, accepted, views, fit);
    }
  }

  /**
   * The photo weight ({@link FusionWeights#photoWeight}) fitted on a user's photo references ({@link
   * FusionEvaluation#fitPhotoWeight}) in two cases: as a photographed part, each capture of a part with photos of at
   * least two captures identified against the index without that capture ({@code captures} of them; {@code
   * hitsByWeight} right per weight tried), and as a part not photographed, each capture of every photographed part
   * against the index without any of its part's photos ({@code unphotographedCaptures}; {@code
   * unphotographedHitsByWeight}). {@code defaultHits} of both together were right at {@link
   * FusionWeights#DEFAULT_PHOTO_WEIGHT}, {@code hits} at {@code photoWeight}: the smallest weight with most right in
   * the mix of the index's parts where it beats weight 0 significantly ({@code test}), else 0 (in a fit written before
   * 2026-12-07 16:00, the smallest with most right over both cases alike, and before 13:00 the default unless another
   * got strictly more right). The per-weight
   * counts show how sharply the choice was made. A fit written before the second case was measured has the two
   * unphotographed fields null and counted the first case alone; one written before the per-weight counts were kept
   * has {@code hitsByWeight} null too; {@code test} is null before the test was made. {@code trainedCaptures}
   * captures were not queried because the model was trained on their photos (null before they were left out).
   */
  public record PhotoWeightFit(long captures, long defaultHits, long hits, double photoWeight,
      SortedMap<Double, Long> hitsByWeight, Long unphotographedCaptures,
      SortedMap<Double, Long> unphotographedHitsByWeight, PhotoWeightTest test, Long trainedCaptures) {
    public PhotoWeightFit {
      hitsByWeight = hitsByWeight == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(hitsByWeight));
      unphotographedHitsByWeight = unphotographedHitsByWeight == null ? null
          : Collections.unmodifiableSortedMap(new TreeMap<>(unphotographedHitsByWeight));
    }

    /** The fit's figures as one clause, for the run summary and the k-shot table alike. */
    public String figures() {
      if (unphotographedCaptures == null) {
        String clause = String.format(java.util.Locale.ROOT, "one capture left out at a time, %d captures of parts"
            + " with two or more: %d right at the default %.2f, %d at %.2f", captures, defaultHits,
            FusionWeights.DEFAULT_PHOTO_WEIGHT, hits, photoWeight);
        return hitsByWeight == null ? clause : clause + "; by weight " + counts(hitsByWeight);
      }
      String clause = String.format(java.util.Locale.ROOT, "%d captures queried as parts photographed (that capture"
          + " left out) and %d as parts not photographed (all their part's photos left out): %d right at the default"
          + " %.2f, %d at %.2f; photographed by weight %s; not photographed by weight %s", captures,
          unphotographedCaptures, defaultHits, FusionWeights.DEFAULT_PHOTO_WEIGHT, hits, photoWeight,
          counts(hitsByWeight), counts(unphotographedHitsByWeight));
      if (trainedCaptures != null && trainedCaptures > 0) {
        if (captures == 0 && unphotographedCaptures == 0) {
          return "all " + trainedCaptures + " captures' photos were trained on by the model: none left to query,"
              + " weight 0";
        }
        clause = trainedCaptures + " captures not queried (the model was trained on their photos); " + clause;
      }
      return test == null ? clause : clause + "; " + test.figures();
    }

    private static String counts(SortedMap<Double, Long> byWeight) {
      StringJoiner tried = new StringJoiner(", ");
      byWeight.forEach((weight, right) ->
          tried.add(BigDecimal.valueOf(weight).stripTrailingZeros().toPlainString() + ": " + right));
      return tried.toString();
    }
  }

  /**
   * The photo weight with most right ({@code best}) when photographed parts make up {@code photographedShare} of the
   * queries (their share of the index's parts), against weight 0 on the same cases of {@link PhotoWeightFit}: {@code
   * fixed} right only with it, {@code broken} only without it (both cases counted), the sign test's one-sided {@code
   * pValue}; it is used ({@code accepted}) only when it fixes more than it breaks at {@link
   * FusionEvaluation#SIGNIFICANCE}.
   */
  public record PhotoWeightTest(double photographedShare, double best, long fixed, long broken, double pValue,
      boolean accepted) {
    String figures() {
      return String.format(java.util.Locale.ROOT, "photographed parts %.1f %% of the index: best %s against 0: %d"
          + " fixed, %d broken, p %.4f: %s", 100 * photographedShare,
          BigDecimal.valueOf(best).stripTrailingZeros().toPlainString(), fixed, broken, pValue,
          accepted ? "used" : best == 0 ? "0 kept" : "not significant, 0 used");
    }
  }

  /**
   * Views weighted by confidence, fitted on {@code groups} groups of validation views of one part: how many groups
   * the plain mean gets right ({@code equalHits}), how many the best confidence temperature does ({@code
   * weightedHits}), and the temperature used: 0 (the plain mean) unless it gets strictly more groups right.
   */
  public record ViewConfidenceFit(long groups, long equalHits, long weightedHits, double viewConfidence) {}

  /** A part and the part it was most often taken for (fused, single view). */
  public record ConfusedPair(String actual, String predicted, long count) {}
}
