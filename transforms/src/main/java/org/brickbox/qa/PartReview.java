package org.brickbox.qa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges every measured view of one part: its own rules ({@link QaRules#imageReasons}), near-duplicates among the
 * part's views and anomalous embeddings. Views are taken in (view index, key) order, so that of two near-identical
 * views the later one is flagged, whatever order they arrive in.
 *
 * <p>An embedding outlier is a minority: a view far from every other view of its part while most of the part's
 * views are not. When most are far from each other (a few views in different colours and poses, a model that
 * spreads a part's views), the distance says nothing about any one view, and flagging them would take the whole
 * part out of the index.
 */
public final class PartReview {
  private PartReview() {}

  /**
   * @param views the part's measured views
   * @param vectors unit-length embedding vectors of the part's views by key (empty when the run has no embeddings;
   *     views whose image failed QA measuring still count as neighbours)
   */
  public static List<QaRecord> review(List<MeasuredView> views, Map<String, float[]> vectors, QaThresholds t) {
    List<MeasuredView> ordered = new ArrayList<>(views);
    ordered.sort(Comparator.comparingInt(MeasuredView::viewIndex).thenComparing(MeasuredView::key));
    Map<String, Double> embeddingDistances = new TreeMap<>();
    for (MeasuredView view : ordered) {
      Double d = roundedForRecords(nearestOtherView(view.key(), vectors));
      if (d != null) embeddingDistances.put(view.key(), d);
    }
    long far = embeddingDistances.values().stream().filter(d -> QaRules.embeddingOutlier(d, t)).count();
    boolean outliersAreAMinority = 2 * far < embeddingDistances.size();
    List<Long> earlierHashes = new ArrayList<>();
    List<QaRecord> records = new ArrayList<>();
    for (MeasuredView view : ordered) {
      ImageMetrics m = view.metrics();
      TreeSet<String> reasons = new TreeSet<>(QaRules.imageReasons(m, t));
      Map<String, Double> metrics = new TreeMap<>(m.values());
      long hash = PerceptualHash.parse(m.phash());
      String duplicateOf = null;
      int nearest = Integer.MAX_VALUE;
      for (int i = 0; i < earlierHashes.size(); i++) {
        int d = PerceptualHash.distance(hash, earlierHashes.get(i));
        if (d < nearest) {
          nearest = d;
          duplicateOf = ordered.get(i).key();
        }
      }
      earlierHashes.add(hash);
      if (nearest != Integer.MAX_VALUE) {
        metrics.put("phashDistance", (double) nearest);
        if (QaRules.nearDuplicate(nearest, t)) reasons.add(QaRules.NEAR_DUPLICATE);
        else duplicateOf = null;
      }
      Double embeddingDistance = embeddingDistances.get(view.key());
      if (embeddingDistance != null) {
        metrics.put("embeddingDistance", embeddingDistance);
        if (outliersAreAMinority && QaRules.embeddingOutlier(embeddingDistance, t)) {
          reasons.add(QaRules.EMBEDDING_OUTLIER);
        }
      }
      records.add(new QaRecord(view.key(), view.partId(), view.colourCode(), view.viewIndex(), view.image(),
          reasons.isEmpty(), List.copyOf(reasons), metrics, m.phash(), duplicateOf, view.imageSha256(),
          view.maskSha256(), view.cues()));
    }
    return records;
  }

  /**
   * Distances kept to 1e-4 in the records, the precision they mean something to. Equal across runners because the
   * vectors are (the embed stage's passes all have one size), not because of the rounding.
   */
  static Double roundedForRecords(Double distance) {
    return distance == null ? null : Math.round(distance * 1e4) / 1e4;
  }

  /** Cosine distance (1 − cos) from the view's vector to the closest vector of another view; null when there is none. */
  static Double nearestOtherView(String key, Map<String, float[]> vectors) {
    float[] own = vectors.get(key);
    if (own == null) return null;
    double best = Double.NaN;
    for (Map.Entry<String, float[]> other : new TreeMap<>(vectors).entrySet()) {
      if (other.getKey().equals(key)) continue;
      double dot = 0;
      float[] v = other.getValue();
      for (int i = 0; i < own.length; i++) dot += (double) own[i] * v[i];
      double distance = 1 - dot;
      if (Double.isNaN(best) || distance < best) best = distance;
    }
    return Double.isNaN(best) ? null : best;
  }
}
