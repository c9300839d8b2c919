package org.brickbox.fuse;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.brickbox.embed.Vectors;

/**
 * The reference views of every part with their vectors, a vector search over them, and the per-feature scale of
 * the silhouette cues. Answers "which part is this?" for one or several views by fusing embedding similarity with
 * silhouette similarity against each candidate part's best-matching reference view.
 */
public final class ReferenceIndex implements Closeable {
  /** Reference vectors fetched per view to collect candidate parts. */
  public static final int NEIGHBOURS = 64;

  private final List<ReferenceView> views;
  private final float[][] vectors;
  private final VectorSearch search;
  private final SilhouetteDistance silhouettes;
  private final Map<String, int[]> ordinalsByPart;
  private final Map<String, String> descriptions;
  /** Per part, the sorted logs of its rendered views' repeat counts ({@link ShapeDescriptor#periods}). */
  private final Map<String, double[]> periodsByPart;
  /** Whether any rendered view has a count: an index written before counts were read has none, and is judged without. */
  private final boolean hasPeriods;
  private final boolean hasPhotos;
  private final boolean hasSizes;
  private final PhotoComparison photoComparison;
  /**
   * Under {@link PhotoComparison#WHITENED}, where the photo references are enough to measure it ({@link
   * PhotoMetric#fit}): their metric, and each photo reference's vector mapped by it (null at renders); else null.
   */
  private final PhotoMetric photoMetric;
  private final float[][] metricVectors;

  /** An index over the reference views and their vectors; silhouettes are compared in units of these views' spread. */
  public ReferenceIndex(List<ReferenceView> views, float[][] vectors, VectorSearch search) {
    this(views, vectors, search, PhotoComparison.CURRENT);
  }

  /**
   * {@link #ReferenceIndex(List, float[][], VectorSearch)} comparing photos with its photo references as {@code
   * photoComparison} says (an index keeps the comparison its photo weight was fitted under).
   */
  public ReferenceIndex(List<ReferenceView> views, float[][] vectors, VectorSearch search,
      PhotoComparison photoComparison) {
    this(views, vectors, search, SilhouetteDistance.over(views), photoComparison);
  }

  private ReferenceIndex(List<ReferenceView> views, float[][] vectors, VectorSearch search,
      SilhouetteDistance silhouettes, PhotoComparison photoComparison) {
    if (views.size() != vectors.length) {
      throw new IllegalArgumentException(views.size() + " reference views but " + vectors.length + " vectors");
    }
    this.views = List.copyOf(views);
    this.vectors = vectors;
    this.search = search;
    this.silhouettes = silhouettes;
    Map<String, List<Integer>> byPart = new TreeMap<>();
    // Looked up per candidate part in every ranking (41 weight settings × every validation view when the index is
    // built): hash maps, since a tree of 11,000 part ids made those lookups most of a whole-library index build.
    descriptions = new HashMap<>();
    for (int i = 0; i < views.size(); i++) {
      byPart.computeIfAbsent(views.get(i).partId(), p -> new ArrayList<>()).add(i);
      descriptions.putIfAbsent(views.get(i).partId(), views.get(i).description());
    }
    ordinalsByPart = new HashMap<>();
    byPart.forEach((part, ordinals) -> ordinalsByPart.put(part, ordinals.stream().mapToInt(Integer::intValue).toArray()));
    periodsByPart = new HashMap<>();
    byPart.forEach((part, ordinals) -> {
      double[] logs = ordinals.stream().map(views::get).filter(v -> !v.photo() && v.shape() != null
          && v.shape().periods() != null).mapToDouble(v -> Math.log(v.shape().periods())).sorted().toArray();
      periodsByPart.put(part, logs);
    });
    hasPeriods = periodsByPart.values().stream().anyMatch(logs -> logs.length > 0);
    hasPhotos = views.stream().anyMatch(ReferenceView::photo);
    hasSizes = views.stream().anyMatch(v -> !v.photo() && v.sizeMm() != null);
    this.photoComparison = photoComparison;
    photoMetric = hasPhotos && photoComparison == PhotoComparison.WHITENED ? fitPhotoMetric(views, vectors) : null;
    metricVectors = photoMetric == null ? null : new float[vectors.length][];
    for (int i = 0; photoMetric != null && i < vectors.length; i++) {
      if (views.get(i).photo()) metricVectors[i] = photoMetric.apply(vectors[i]);
    }
  }

  private static PhotoMetric fitPhotoMetric(List<ReferenceView> views, float[][] vectors) {
    List<float[]> photoVectors = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < views.size(); i++) {
      if (!views.get(i).photo()) continue;
      photoVectors.add(vectors[i]);
      parts.add(views.get(i).partId());
    }
    return PhotoMetric.fit(photoVectors, parts, PhotoMetric.SHRINKAGE);
  }

  /** How photos are compared with this index's photo references. */
  public PhotoComparison photoComparison() {
    return photoComparison;
  }

  /**
   * This index with a user's labelled photos added as reference views ({@link ReferenceView#photo}), searched
   * exactly beside the index's own search and compared as this index compares photos ({@link #photoComparison}); this
   * index is unchanged and still owns (and closes) its search.
   *
   * @param photos each photo's reference view, with the part's description when the index has the part
   * @param photoVectors each photo's unit vector, in the same order
   */
  public ReferenceIndex withPhotos(List<ReferenceView> photos, float[][] photoVectors) {
    if (photos.size() != photoVectors.length) {
      throw new IllegalArgumentException(photos.size() + " photo references but " + photoVectors.length + " vectors");
    }
    List<ReferenceView> all = new ArrayList<>(views);
    for (ReferenceView p : photos) {
      if (!p.photo()) throw new IllegalArgumentException(p.key() + " is not marked as a photo");
      all.add(new ReferenceView(p.key(), p.partId(), descriptions.getOrDefault(p.partId(), p.description()),
          p.colourCode(), p.viewIndex(), p.shape(), true, p.sizeMm()));
    }
    float[][] allVectors = java.util.Arrays.copyOf(vectors, vectors.length + photoVectors.length);
    System.arraycopy(photoVectors, 0, allVectors, vectors.length, photoVectors.length);
    // The photos' silhouettes come from segmentation: the unit stays that of the rendered references.
    return new ReferenceIndex(all, allVectors, new AppendedSearch(search, vectors.length, photoVectors), silhouettes,
        photoComparison);
  }

  /**
   * This index without {@code parts}' references, searched exactly, silhouettes still compared in this index's units:
   * an index that never rendered those parts, to measure parts a user knows only from photos ({@code bench photos
   * --photoOnly}). This index is unchanged and still owns (and closes) its search.
   */
  public ReferenceIndex withoutParts(Set<String> parts) {
    List<ReferenceView> kept = new ArrayList<>();
    List<float[]> keptVectors = new ArrayList<>();
    for (int i = 0; i < views.size(); i++) {
      if (parts.contains(views.get(i).partId())) continue;
      kept.add(views.get(i));
      keptVectors.add(vectors[i]);
    }
    float[][] matrix = keptVectors.toArray(new float[0][]);
    return new ReferenceIndex(kept, matrix, new ExactSearch(matrix), silhouettes, photoComparison);
  }

  /** A photo reference's vector: the mean direction of its crops' embeddings. */
  public static float[] photoVector(PhotoQuery photo) {
    float[] mean = new float[photo.crops().get(0).length];
    for (float[] crop : photo.crops()) for (int d = 0; d < mean.length; d++) mean[d] += crop[d];
    return Vectors.l2Normalise(mean);
  }

  /**
   * The size {@code part} has in the reference views that look most like {@code photo}: the median {@link
   * ReferenceView#sizeMm} of the {@code k} rendered views of the part nearest to the photo's mean crop direction (its
   * pose and viewpoint, as far as the embedding tells them); NaN when the part has no rendered view with a size.
   * What a photo of a known part says about its camera's scale: its box in pixels over this.
   */
  public double typicalSize(PhotoQuery photo, String part, int k) {
    int[] ordinals = ordinalsByPart.get(part);
    if (ordinals == null) return Double.NaN;
    float[] direction = photoVector(photo);
    List<double[]> scored = new ArrayList<>(); // {similarity, size}
    for (int o : ordinals) {
      ReferenceView v = views.get(o);
      if (v.photo() || v.sizeMm() == null) continue;
      scored.add(new double[] {Vectors.dot(direction, vectors[o]), v.sizeMm()});
    }
    if (scored.isEmpty()) return Double.NaN;
    scored.sort((a, b) -> Double.compare(b[0], a[0]));
    double[] sizes = scored.subList(0, Math.min(k, scored.size())).stream().mapToDouble(x -> x[1]).sorted().toArray();
    int n = sizes.length;
    return n % 2 == 1 ? sizes[n / 2] : (sizes[n / 2 - 1] + sizes[n / 2]) / 2;
  }

  public int size() {
    return views.size();
  }

  /** The reference views, in vector order. */
  public List<ReferenceView> views() {
    return views;
  }

  public int parts() {
    return ordinalsByPart.size();
  }

  public float[][] vectors() {
    return vectors;
  }

  /** Whether the rendered references have sizes ({@link ReferenceView#sizeMm}): an index written since they are. */
  public boolean hasSizes() {
    return hasSizes;
  }

  /** Per silhouette feature, the unit of distance ({@link SilhouetteDistance#scale}). */
  public float[] shapeScale() {
    return silhouettes.scale();
  }

  public String searchMode() {
    return search.mode();
  }

  /**
   * Identifies one physical part from its views: candidates are the parts of each view's nearest reference
   * vectors; every candidate is scored on every view against its best-matching reference view, and the scores
   * are averaged over the views.
   */
  public Identification identify(List<QueryView> query, FusionWeights weights, int topK, double ambiguousMargin) {
    if (query.isEmpty()) throw new IllegalArgumentException("nothing to identify: no views");
    Set<String> candidates = new LinkedHashSet<>();
    for (QueryView view : query) candidates.addAll(candidates(view));
    List<ViewEvidence> evidence = new ArrayList<>(query.size());
    for (QueryView view : query) evidence.add(evidence(view, candidates));
    return rank(evidence, weights, topK, ambiguousMargin);
  }

  /**
   * Identifies one physical part from photos, each embedded as several crops: candidates are the parts of the
   * nearest reference vectors of what is scored (under {@link CropPooling#MEAN} each photo's mean crop direction,
   * under {@link CropPooling#MAX} every crop); each photo scores each candidate's reference views by its crops'
   * cosines pooled by {@code pooling} (plus the shape term when the photo has a silhouette), and the photos are
   * averaged as views are in {@link #identify}. Searching with the mean direction instead of each crop: the same
   * answers on the 475 proxy captures (top-1, top-5 and every photo alone), a third of the searches and fewer
   * candidates to score: fusion in {@code serve} about half as long (BENCHMARKS.md).
   */
  public Identification identifyPhotos(List<PhotoQuery> photos, CropPooling pooling, FusionWeights weights, int topK,
      double ambiguousMargin) {
    if (photos.isEmpty()) throw new IllegalArgumentException("nothing to identify: no photos");
    List<float[]> searched = new ArrayList<>();
    for (PhotoQuery photo : photos) {
      // The mean's cosine is what MEAN scores, so its neighbours are where the answer is.
      if (pooling == CropPooling.MEAN) searched.add(photoVector(photo));
      else searched.addAll(photo.crops());
    }
    Set<String> candidates = new LinkedHashSet<>();
    for (List<VectorSearch.Neighbour> nearest : search.searchAll(searched, Math.min(NEIGHBOURS, vectors.length))) {
      for (VectorSearch.Neighbour n : nearest) candidates.add(views.get(n.ordinal()).partId());
    }
    List<ViewEvidence> evidence = new ArrayList<>(photos.size());
    for (PhotoQuery photo : photos) evidence.add(evidence(photo, pooling, candidates));
    return rank(evidence, weights, topK, ambiguousMargin);
  }

  /** What one photo says about each candidate part: pooled crop similarity and silhouette distance per reference. */
  public ViewEvidence evidence(PhotoQuery photo, CropPooling pooling, Set<String> parts) {
    var similarity = pooling.against(photo.crops().toArray(float[][]::new));
    var photoSimilarity = photoMetric == null ? similarity
        : pooling.against(photo.crops().stream().map(photoMetric::apply).toArray(float[][]::new));
    Map<String, float[][]> byPart = new LinkedHashMap<>();
    for (String part : parts) {
      int[] ordinals = ordinalsByPart.get(part);
      if (ordinals == null) throw new IllegalArgumentException("part " + part + " is not in the index");
      float[][] pairs = new float[ordinals.length][2];
      double periods = periodsMismatch(photo.shape(), part);
      for (int i = 0; i < ordinals.length; i++) {
        float[] mapped = metricVectors == null ? null : metricVectors[ordinals[i]];
        pairs[i][0] = (float) (mapped != null ? photoSimilarity.applyAsDouble(mapped)
            : similarity.applyAsDouble(vectors[ordinals[i]]));
        ReferenceView view = views.get(ordinals[i]);
        pairs[i][1] = (float) silhouettes.between(photo.shape(), photo.sizeMm(), view.shape(), view.size(), periods);
      }
      byPart.put(part, pairs);
    }
    return new ViewEvidence(byPart);
  }

  /**
   * How far a silhouette's repeat count is from what {@code part}'s rendered views count: the share of them, among
   * those with a count, that are not within {@link SilhouetteDistance#PERIODS_TOLERANCE} of it (1 when none has a
   * count: a part that never shows repeats, against a photo that does); NaN when the silhouette has no count, or the
   * index none (written before fuse version 6: judged as it was built).
   * A part's views count differently by pose (an end seen, the underside's tubes, a harmonic), so the count is
   * judged against all of them, not against the view the embedding prefers.
   */
  double periodsMismatch(ShapeDescriptor shape, String part) {
    if (shape == null || shape.periods() == null || !hasPeriods) return Double.NaN;
    double[] logs = periodsByPart.get(part);
    if (logs == null || logs.length == 0) return 1;
    double c = Math.log(shape.periods());
    int from = lowerBound(logs, c - SilhouetteDistance.PERIODS_TOLERANCE);
    int to = lowerBound(logs, c + SilhouetteDistance.PERIODS_TOLERANCE);
    return 1 - (to - from) / (double) logs.length;
  }

  private static int lowerBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The parts of the view's nearest reference vectors: where its answer is looked for (the expensive step). */
  public Set<String> candidates(QueryView view) {
    return candidates(view, null);
  }

  /**
   * {@link #candidates(QueryView)} as if the reference views {@code leftOut} (by ordinal; null for none) were not in
   * the index: the same number of nearest references, none of those.
   */
  public Set<String> candidates(QueryView view, BitSet leftOut) {
    Set<String> parts = new LinkedHashSet<>();
    int kept = 0;
    int extra = leftOut == null ? 0 : leftOut.cardinality();
    for (VectorSearch.Neighbour n : search.search(view.vector(), Math.min(NEIGHBOURS + extra, vectors.length))) {
      if (leftOut != null && leftOut.get(n.ordinal())) continue;
      if (kept++ == NEIGHBOURS) break;
      parts.add(views.get(n.ordinal()).partId());
    }
    return parts;
  }

  /** What one view says about each candidate part: similarity and silhouette distance to each reference view. */
  public ViewEvidence evidence(QueryView view, Set<String> parts) {
    return evidence(view, parts, null);
  }

  /**
   * {@link #evidence(QueryView, Set)} with the reference views {@code leftOut} (by ordinal; null for none) marked as
   * absent: a NaN similarity, which {@link #totals} skips.
   */
  public ViewEvidence evidence(QueryView view, Set<String> parts, BitSet leftOut) {
    Map<String, float[][]> byPart = new LinkedHashMap<>();
    float[] mappedView = photoMetric == null ? null : photoMetric.apply(view.vector());
    for (String part : parts) byPart.put(part, evidence(view, mappedView, part, leftOut));
    return new ViewEvidence(byPart);
  }

  /**
   * What one view says about one part: {@link ViewEvidence}'s pairs for {@code part}.
   *
   * @param mappedView the view's vector under the photo metric, null without one
   */
  private float[][] evidence(QueryView view, float[] mappedView, String part, BitSet leftOut) {
    int[] ordinals = ordinalsByPart.get(part);
    if (ordinals == null) throw new IllegalArgumentException("part " + part + " is not in the index");
    float[][] pairs = new float[ordinals.length][2];
    double periods = periodsMismatch(view.shape(), part);
    for (int i = 0; i < ordinals.length; i++) {
      float[] mapped = metricVectors == null ? null : metricVectors[ordinals[i]];
      pairs[i][0] = leftOut != null && leftOut.get(ordinals[i]) ? Float.NaN
          : (float) (mapped != null ? Vectors.dot(mappedView, mapped)
              : Vectors.dot(view.vector(), vectors[ordinals[i]]));
      pairs[i][1] = (float) silhouettes.between(view.shape(), Double.NaN, views.get(ordinals[i]).shape(), Double.NaN,
          periods);
    }
    return pairs;
  }

  /**
   * Ranks the parts every view has evidence for: per view, a part scores its reference views' {@code cosine +
   * shape term} pooled by {@link FusionWeights#pool}; the part's score is the mean over the views, weighted by each
   * view's confidence ({@link FusionWeights#viewWeights}). The reported shape share is that of the part's best
   * reference view; the embedding share is the rest of the score. A user's photo references are pooled apart from
   * the renders and move the score by their lead over the other candidates' photos ({@link #addPhotoEvidence}).
   */
  public Identification rank(List<ViewEvidence> evidence, FusionWeights weights, int topK, double ambiguousMargin) {
    Totals totals = totals(evidence, weights);
    List<PartScore> scores = new ArrayList<>(totals.parts().size());
    for (int p = 0; p < totals.parts().size(); p++) {
      String part = totals.parts().get(p);
      double score = totals.scores()[p];
      double shape = totals.shapes()[p];
      scores.add(new PartScore(part, descriptions.get(part), score, score - shape, shape));
    }
    scores.sort(Comparator.comparingDouble(PartScore::score).reversed().thenComparing(PartScore::partId));
    double margin = scores.size() < 2 ? 1.0 : scores.get(0).score() - scores.get(1).score();
    return new Identification(List.copyOf(scores.subList(0, Math.min(topK, scores.size()))), margin,
        margin < ambiguousMargin);
  }

  /**
   * Every part the views have evidence for, in the evidence's order, with its score and shape share as {@link #rank}
   * computes them, unsorted: what fitting needs (is the true part first, by how much) under hundreds of weight
   * settings a view, without building and sorting a ranking for each.
   */
  public record Totals(List<String> parts, double[] scores, double[] shapes) {
    /**
     * Whether {@code truth} would rank first: the highest score as {@link Double#compare} orders them, ties to the
     * smaller part id, as {@link #rank} sorts.
     */
    public boolean first(String truth) {
      int at = parts.indexOf(truth);
      if (at < 0) return false;
      for (int p = 0; p < parts.size(); p++) {
        int c = Double.compare(scores[p], scores[at]);
        if (p != at && (c > 0 || (c == 0 && parts.get(p).compareTo(truth) < 0))) return false;
      }
      return true;
    }
  }

  /**
   * Whether the true part ranks first ({@link Totals#first}) and its margin over the best other part: -1 (a full
   * miss) when the truth is not a candidate or has no score, 1 when it is the only candidate.
   */
  public record Outcome(boolean first, double margin) {
    static Outcome of(Totals totals, String truth) {
      int at = totals.parts().indexOf(truth);
      if (at < 0 || Double.isNaN(totals.scores()[at])) return new Outcome(false, -1);
      double bestOther = Double.NEGATIVE_INFINITY;
      for (int p = 0; p < totals.parts().size(); p++) {
        if (p != at) bestOther = Math.max(bestOther, totals.scores()[p]);
      }
      return new Outcome(totals.first(truth),
          bestOther == Double.NEGATIVE_INFINITY ? 1 : totals.scores()[at] - bestOther);
    }
  }

  /** The {@link Outcome} of {@link #totals} under {@code weights}. */
  public Outcome outcome(List<ViewEvidence> evidence, FusionWeights weights, String truth) {
    return Outcome.of(totals(evidence, weights), truth);
  }

  /**
   * {@link #outcome} of one view's evidence under each of {@code settings}, the same doubles, for fitting hundreds of
   * settings a view. What settings share is done once: each shape term once per shape scale, each part's values and
   * their maximum once per shape weight and scale. And a pooled score lies between the part's maximum value m and
   * {@code m + temperature · log(1/n)} over its n values (so do the computed ones: the largest value adds exactly 1 to
   * the sum of exponentials and none adds more), so a part whose maximum is below that floor of some other part than
   * the truth can be neither first ahead of the truth nor the best other part: it is not pooled. Pooling was most of
   * a whole-library fit.
   */
  public Outcome[] outcomes(ViewEvidence evidence, List<FusionWeights> settings, String truth) {
    Outcome[] outcomes = new Outcome[settings.size()];
    List<String> parts = new ArrayList<>(evidence.byPart().keySet());
    int at = parts.indexOf(truth);
    boolean leftOut = false;
    for (float[][] pairs : evidence.byPart().values()) {
      for (float[] pair : pairs) leftOut |= Float.isNaN(pair[0]);
    }
    if (at < 0 || hasPhotos || leftOut) { // nothing to share, or paths of totals this does not take
      for (int s = 0; s < settings.size(); s++) outcomes[s] = outcome(List.of(evidence), settings.get(s), truth);
      return outcomes;
    }
    float[][][] pairs = new float[parts.size()][][];
    for (int p = 0; p < parts.size(); p++) pairs[p] = evidence.byPart().get(parts.get(p));
    Map<Double, double[][]> shapeTermsOfScale = new HashMap<>(); // exp(-distance / scale); NaN for no silhouette
    Map<List<Double>, double[][]> valuesOfShape = new HashMap<>(); // per part its values, then their maximum last
    double[] scores = new double[parts.size()];
    for (int s = 0; s < settings.size(); s++) {
      FusionWeights w = settings.get(s);
      double[][] values = valuesOfShape.computeIfAbsent(List.of(w.shapeWeight(), w.shapeScale()), key -> {
        double[][] terms = w.shapeWeight() == 0 ? null : shapeTermsOfScale.computeIfAbsent(w.shapeScale(),
            scale -> shapeTerms(pairs, scale));
        double[][] v = new double[pairs.length][];
        for (int p = 0; p < pairs.length; p++) {
          v[p] = new double[pairs[p].length + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < pairs[p].length; i++) {
            double term = terms == null || Double.isNaN(terms[p][i]) ? 0 : w.shapeWeight() * terms[p][i];
            v[p][i] = pairs[p][i][0] + term;
            max = Math.max(max, v[p][i]);
          }
          v[p][pairs[p].length] = max;
        }
        return v;
      });
      double floor = Double.NEGATIVE_INFINITY; // the highest floor of a part other than the truth
      for (int p = 0; p < parts.size(); p++) {
        int n = pairs[p].length;
        if (p != at) floor = Math.max(floor, values[p][n] + w.poolTemperature() * Math.log(1.0 / n));
      }
      for (int p = 0; p < parts.size(); p++) {
        int n = pairs[p].length;
        scores[p] = p == at || values[p][n] >= floor ? w.pool(values[p], n) : Double.NEGATIVE_INFINITY;
      }
      outcomes[s] = Outcome.of(new Totals(parts, scores, scores), truth);
    }
    return outcomes;
  }

  /** Per part and reference view, {@code exp(-distance / scale)} of its silhouette distance (NaN for none). */
  private static double[][] shapeTerms(float[][][] pairs, double scale) {
    double[][] terms = new double[pairs.length][];
    for (int p = 0; p < pairs.length; p++) {
      terms[p] = new double[pairs[p].length];
      for (int i = 0; i < pairs[p].length; i++) {
        terms[p][i] = Double.isNaN(pairs[p][i][1]) ? Double.NaN : Math.exp(-pairs[p][i][1] / scale);
      }
    }
    return terms;
  }

  /** The unsorted scores behind {@link #rank}. */
  public Totals totals(List<ViewEvidence> evidence, FusionWeights weights) {
    List<String> parts = new ArrayList<>(evidence.get(0).byPart().keySet());
    double[][] viewScores = new double[evidence.size()][parts.size()];
    double[][] viewShapes = new double[evidence.size()][parts.size()];
    double[] values = new double[0];
    double[] photoScores = hasPhotos ? new double[parts.size()] : null;
    for (int v = 0; v < evidence.size(); v++) {
      for (int p = 0; p < parts.size(); p++) {
        float[][] pairs = evidence.get(v).byPart().get(parts.get(p));
        if (values.length < pairs.length) values = new double[pairs.length];
        int[] ordinals = hasPhotos ? ordinalsByPart.get(parts.get(p)) : null; // which references are photos
        for (int source = 0; source < (hasPhotos ? 2 : 1); source++) {
          // A photo reference's outline counts only under the plain cosine (PhotoComparison).
          boolean outlined = source == 0 || photoComparison == PhotoComparison.COSINE;
          int n = 0;
          double bestTotal = Double.NEGATIVE_INFINITY;
          double bestShape = 0;
          for (int i = 0; i < pairs.length; i++) {
            if (hasPhotos && views.get(ordinals[i]).photo() != (source == 1)) continue;
            if (Float.isNaN(pairs[i][0])) continue; // a reference view left out (see evidence)
            double s = outlined ? weights.shapeTerm(pairs[i][1]) : 0;
            values[n] = pairs[i][0] + s;
            if (values[n] > bestTotal) {
              bestTotal = values[n];
              bestShape = s;
            }
            n++;
          }
          double pooled = n == 0 ? Double.NaN : weights.pool(values, n);
          if (source == 1) {
            photoScores[p] = pooled;
          } else {
            viewScores[v][p] = pooled;
            viewShapes[v][p] = bestShape;
          }
        }
      }
      if (hasPhotos) addPhotoEvidence(viewScores[v], photoScores, weights.photoWeight());
    }
    double[] viewWeights = weights.viewWeights(viewScores);
    double weightSum = 0;
    for (double w : viewWeights) weightSum += w;
    double[] scores = new double[parts.size()];
    double[] shapes = new double[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      double total = 0;
      double shape = 0;
      for (int v = 0; v < evidence.size(); v++) {
        total += viewWeights[v] * viewScores[v][p];
        shape += viewWeights[v] * viewShapes[v][p];
      }
      scores[p] = total / weightSum;
      shapes[p] = shape / weightSum;
    }
    return new Totals(parts, scores, shapes);
  }

  /**
   * A user's photos move a part's score by how far its photo references stand above the photo references of the
   * other candidates: {@code render score + photoWeight · (photo score - mean photo score)}. Photos resemble photos
   * (same light, surface, camera), so a photo's raw similarity says little; its lead over the other parts' photos
   * does. Taking the better of the photo and render scores instead let any part with photos outscore the renders
   * (k-shot fused top-1 0.640 against 0.747 at one capture a part, BENCHMARKS.md).
   *
   * <p>A part known only from photos has no render score to move, so it gets the render score its photo score
   * predicts: a least-squares line {@code render ≈ a + b · photo} over this view's candidates that have both (slope
   * at least 0; without three such candidates, or when their photo scores are all equal, the renders' mean). Standing
   * at the renders' mean instead left such a part below every well-matched rendered part: fused top-1 0.092 against
   * 0.446 with the line (50 such parts among 1,000, BENCHMARKS.md). Its lead counts at least {@link
   * FusionWeights#DEFAULT_PHOTO_WEIGHT}: its photos are all the evidence there is, and the fit cannot weigh them (left
   * out whole, such a part is never found); at a fitted 0 it stood where the line puts it and one photo-only part's
   * capture in five was found (seed 1: 0.215 against 0.431 at 0.25).
   *
   * @param scores the view's render score per candidate part, NaN for a part without renders; updated in place
   * @param photo per part, its pooled photo score (NaN without photo references)
   */
  private static void addPhotoEvidence(double[] scores, double[] photo, double weight) {
    double photoSum = 0;
    int photoParts = 0;
    double renderSum = 0;
    int renderParts = 0;
    RenderFromPhoto line = new RenderFromPhoto();
    for (int p = 0; p < scores.length; p++) {
      boolean hasPhoto = !Double.isNaN(photo[p]);
      boolean hasRender = !Double.isNaN(scores[p]);
      if (hasPhoto) {
        photoSum += photo[p];
        photoParts++;
      }
      if (hasRender) {
        renderSum += scores[p];
        renderParts++;
      }
      if (hasPhoto && hasRender) line.add(photo[p], scores[p]);
    }
    if (photoParts == 0) return;
    double photoMean = photoSum / photoParts;
    double renderMean = renderParts == 0 ? 0 : renderSum / renderParts;
    double photoOnlyWeight = Math.max(weight, FusionWeights.DEFAULT_PHOTO_WEIGHT);
    for (int p = 0; p < scores.length; p++) {
      if (Double.isNaN(photo[p])) continue;
      boolean photoOnly = Double.isNaN(scores[p]);
      double base = photoOnly ? line.renderScore(photo[p], renderMean) : scores[p];
      scores[p] = base + (photoOnly ? photoOnlyWeight : weight) * (photo[p] - photoMean);
    }
  }

  /** The least-squares line from a candidate's photo score to its render score, slope clamped at 0 from below. */
  private static final class RenderFromPhoto {
    private static final int MIN_POINTS = 3;
    private int n;
    private double sumPhoto;
    private double sumRender;
    private double sumPhotoSquared;
    private double sumProduct;

    void add(double photo, double render) {
      n++;
      sumPhoto += photo;
      sumRender += render;
      sumPhotoSquared += photo * photo;
      sumProduct += photo * render;
    }

    /** The render score the line gives {@code photo}; {@code otherwise} without enough spread points to fit. */
    double renderScore(double photo, double otherwise) {
      double spread = n * sumPhotoSquared - sumPhoto * sumPhoto;
      if (n < MIN_POINTS || spread <= 1e-12) return otherwise;
      double slope = Math.max(0, (n * sumProduct - sumPhoto * sumRender) / spread);
      return (sumRender - slope * sumPhoto) / n + slope * photo;
    }
  }

  @Override
  public void close() {
    search.close();
  }
}
