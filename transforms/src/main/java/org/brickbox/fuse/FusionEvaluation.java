package org.brickbox.fuse;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Fits the fusion weights on validation views and measures identification on query views: embedding-only,
 * fused single-view and fused multi-view (groups of views of the same part). Every query's candidates come from
 * one vector search; rankings under each weight setting reuse that evidence.
 *
 * <p>Views (and groups) are searched and scored in parallel on every core of the worker: the index is read-only,
 * and the run's index step is one task that everything else has finished before (a whole-library fit on one core
 * took most of an hour). Each view's result goes to its own slot and is summed in view order afterwards, so the
 * figures and the chosen weights are the same on any number of cores.
 */
public final class FusionEvaluation {
  /** Shape weights tried when fitting (0: no silhouette term). */
  static final double[] SHAPE_WEIGHTS = {0, 0.01, 0.02, 0.04, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5};
  /**
   * Silhouette distance scales tried: the smallest is the strongest shape term the fit may choose. Rendered
   * validation views have exact masks and the fit takes the strongest scale offered; photos' silhouettes come from
   * segmentation, and on the photo proxy a term twice as strong as 0.5 lost what the better silhouette cues gained
   * (BENCHMARKS.md, "silhouette distance by elongation").
   */
  static final double[] SHAPE_SCALES = {0.5, 1, 2, 4};
  /** Pooling temperatures tried (0 = the best reference view only); cosines of one part's views span ~0.1-0.3. */
  static final double[] POOL_TEMPERATURES = {0, 0.02, 0.035, 0.05, 0.07, 0.1};
  /** View-confidence temperatures tried on validation groups (0 = views alike); a view's margin spans ~0-0.3. */
  static final double[] VIEW_CONFIDENCES = {0, 0.01, 0.02, 0.04, 0.08, 0.16};
  public static final int TOP_K = 5;

  private final ReferenceIndex index;
  private final double ambiguousMargin;

  public FusionEvaluation(ReferenceIndex index, double ambiguousMargin) {
    this.index = index;
    this.ambiguousMargin = ambiguousMargin;
  }

  /** One query view's outcome, for the per-query records. */
  public record QueryOutcome(QueryView view, Identification fused, int embeddingRank) {}

  /** Everything measured in one evaluation. */
  public record Result(Accuracy accuracy, List<QueryOutcome> outcomes) {}

  /**
   * Largest one-sided p-value at which fitted weights' gain over embedding-only on the validation views counts
   * (exact sign test on the views one gets right and the other wrong). A catalogue of 20 parts has ~80 validation
   * views, where one lucky view decided the weights and fused single-view top-1 then fell below embedding-only.
   */
  public static final double SIGNIFICANCE = 0.05;

  /**
   * The weights with the best validation top-1 (among equals, the widest mean margin of the true part over the
   * best other part, then the smaller weight), with the sign test that says whether they beat embedding-only
   * significantly on the same views (only then are they used).
   */
  public Accuracy.WeightFit fit(List<QueryView> validation) {
    return fit(validation, 1);
  }

  /**
   * {@link #fit(List)}, then the view-confidence temperature fitted on groups of {@code groupSize} validation views
   * of one part (none when {@code groupSize} < 2 or no part has that many validation views).
   */
  public Accuracy.WeightFit fit(List<QueryView> validation, int groupSize) {
    return fit(validation, groupSize, new LinkedHashMap<>());
  }

  /** {@link #fit(List, int)}, keeping each validation view's candidate parts in {@code candidates} (by view key). */
  private Accuracy.WeightFit fit(List<QueryView> validation, int groupSize, Map<String, Set<String>> candidates) {
    if (validation.isEmpty()) return new Accuracy.WeightFit(FusionWeights.EMBEDDING_ONLY, 0, 0, 0, false, null, null);
    List<FusionWeights> settings = settings();
    // One view's evidence is scored under every setting and dropped: held for all views at once, the evidence of a
    // whole-library index (46,000 validation views) and then of its view groups ran a 2.8 GB heap out of memory.
    Outcomes[] outcomes = newOutcomes(settings.size(), validation.size());
    List<Set<String>> candidatesOf = inParallel(validation.size(), i -> {
      QueryView v = validation.get(i);
      Set<String> parts = index.candidates(v);
      ReferenceIndex.Outcome[] underEach = index.outcomes(index.evidence(v, parts), settings, v.partId());
      for (int s = 0; s < settings.size(); s++) outcomes[s].set(i, underEach[s]);
      return parts;
    });
    for (int i = 0; i < validation.size(); i++) candidates.put(validation.get(i).key(), candidatesOf.get(i));
    Outcomes embeddingOnly = outcomes[0];
    int bestSetting = best(outcomes);
    int[] changed = fixedAndBroken(embeddingOnly, outcomes[bestSetting]);
    int fixed = changed[0];
    int broken = changed[1];
    double p = signTestP(fixed, fixed + broken);
    boolean accepted = fixed > broken && p <= SIGNIFICANCE;
    FusionWeights best = settings.get(bestSetting);
    Accuracy.ViewConfidenceFit views = fitViewConfidence(groupSize < 2 ? List.of() : groups(validation, groupSize), candidates,
        accepted ? best : FusionWeights.EMBEDDING_ONLY);
    return new Accuracy.WeightFit(best, fixed, broken, Math.round(p * 1e4) / 1e4, accepted, views, null);
  }

  /** Every setting {@link #fit} tries, in the order ties are settled in: embedding-only first. */
  static List<FusionWeights> settings() {
    List<FusionWeights> settings = new ArrayList<>(List.of(FusionWeights.EMBEDDING_ONLY));
    for (double temperature : POOL_TEMPERATURES) {
      for (double weight : SHAPE_WEIGHTS) {
        for (double scale : weight == 0 ? new double[] {1} : SHAPE_SCALES) {
          FusionWeights w = new FusionWeights(weight, scale, temperature);
          if (!w.equals(FusionWeights.EMBEDDING_ONLY)) settings.add(w);
        }
      }
    }
    return settings;
  }

  /**
   * The setting with the most right (then the widest mean margin; a later setting must be strictly better, so ties
   * keep the earlier one).
   */
  private static int best(Outcomes[] outcomes) {
    int best = 0;
    for (int s = 1; s < outcomes.length; s++) {
      Outcomes o = outcomes[s];
      if (o.hitCount() > outcomes[best].hitCount() || (o.hitCount() == outcomes[best].hitCount()
          && o.meanMargin() > outcomes[best].meanMargin() + 1e-12)) {
        best = s;
      }
    }
    return best;
  }

  /** The view-confidence temperature with the most groups right (then the widest mean margin; ties keep 0). */
  private Accuracy.ViewConfidenceFit fitViewConfidence(List<List<QueryView>> groups,
      Map<String, Set<String>> candidates, FusionWeights single) {
    if (groups.isEmpty()) return null;
    Outcomes[] outcomes = newOutcomes(VIEW_CONFIDENCES.length, groups.size());
    forEachGroup(groups, candidates, (g, evidence) -> {
      for (int t = 0; t < VIEW_CONFIDENCES.length; t++) {
        double temperature = VIEW_CONFIDENCES[t];
        outcomes[t].add(g, groups.get(g).get(0).partId(), evidence,
            temperature == 0 ? single : single.withViewConfidence(temperature));
      }
      return null;
    });
    int best = best(outcomes);
    int equal = outcomes[0].hitCount();
    boolean better = outcomes[best].hitCount() > equal;
    return new Accuracy.ViewConfidenceFit(groups.size(), equal, outcomes[best].hitCount(),
        better ? VIEW_CONFIDENCES[best] : 0);
  }

  /**
   * {@code score(g, evidence)} for every group of {@code groups} (as {@link #groups} makes them: a part's groups next
   * to each other), on every core, the results in group order. A group's evidence is each of its views scored over
   * the union of the group's candidates, so that every view ranks the same parts. A view is in up to {@code size}
   * groups of its part, and their unions overlap, so each view is scored against each part once, when a group first
   * needs it: the same numbers as scoring every group apart, for about a third of the dot products (they were most
   * of a whole-library run's index step).
   */
  private <T> List<T> forEachGroup(List<List<QueryView>> groups, Map<String, Set<String>> candidates,
      java.util.function.BiFunction<Integer, List<ViewEvidence>, T> score) {
    List<int[]> partRanges = new ArrayList<>(); // {first group, end} of each part's run of groups
    for (int g = 0; g < groups.size(); g++) {
      String part = groups.get(g).get(0).partId();
      if (g == 0 || !part.equals(groups.get(g - 1).get(0).partId())) partRanges.add(new int[] {g, g + 1});
      else partRanges.get(partRanges.size() - 1)[1] = g + 1;
    }
    List<T> results = new ArrayList<>(java.util.Collections.nCopies(groups.size(), null));
    inParallel(partRanges.size(), r -> {
      Map<String, Map<String, float[][]>> scored = new java.util.HashMap<>(); // view key → part → its pairs
      for (int g = partRanges.get(r)[0]; g < partRanges.get(r)[1]; g++) {
        List<QueryView> group = groups.get(g);
        Set<String> union = new LinkedHashSet<>();
        for (QueryView v : group) union.addAll(candidates.get(v.key()));
        List<ViewEvidence> evidence = new ArrayList<>(group.size());
        for (QueryView v : group) {
          Map<String, float[][]> known = scored.computeIfAbsent(v.key(), k -> new java.util.HashMap<>());
          Set<String> missing = new LinkedHashSet<>(union);
          missing.removeAll(known.keySet());
          // In one call, so the view is prepared once (mapped under the photo metric) for all its new parts.
          if (!missing.isEmpty()) known.putAll(index.evidence(v, missing, null).byPart());
          Map<String, float[][]> byPart = new LinkedHashMap<>();
          for (String part : union) byPart.put(part, known.get(part));
          evidence.add(new ViewEvidence(byPart));
        }
        results.set(g, score.apply(g, evidence));
      }
      return null;
    });
    return results;
  }

  /** How many of the same cases {@code other} gets right and {@code base} wrong, and the reverse: {fixed, broken}. */
  private static int[] fixedAndBroken(Outcomes base, Outcomes other) {
    int[] changed = new int[2];
    for (int i = 0; i < base.hits.length; i++) {
      if (other.hits[i] && !base.hits[i]) changed[0]++;
      if (!other.hits[i] && base.hits[i]) changed[1]++;
    }
    return changed;
  }

  /** P(X ≥ wins) for X ~ Binomial(n, 1/2): how likely this many wins of n disagreements are by chance. */
  public static double signTestP(int wins, int n) {
    if (n == 0) return 1;
    double logHalfPowN = n * Math.log(0.5);
    double logChoose = 0; // log C(n, 0)
    double p = 0;
    for (int k = 0; k <= n; k++) {
      if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
      if (k >= wins) p += Math.exp(logChoose + logHalfPowN);
    }
    return Math.min(1, p);
  }

  private Outcomes[] newOutcomes(int settings, int n) {
    Outcomes[] all = new Outcomes[settings];
    for (int s = 0; s < settings; s++) all[s] = new Outcomes(n);
    return all;
  }

  /**
   * {@code work(i)} for i = 0 … n-1 on every core, the results in index order. Each call writes only its own slots of
   * shared arrays; the stream's end publishes them to the caller.
   */
  private static <T> List<T> inParallel(int n, java.util.function.IntFunction<T> work) {
    List<T> results = new ArrayList<>(java.util.Collections.nCopies(n, null));
    java.util.stream.IntStream.range(0, n).parallel().forEach(i -> results.set(i, work.apply(i)));
    return results;
  }

  /**
   * Which validation views (or groups) one weight setting gets right, and the margin of the true part: one slot per
   * view, filled in any order and summed in view order.
   */
  private final class Outcomes {
    final boolean[] hits;
    final double[] margins;

    private Outcomes(int n) {
      hits = new boolean[n];
      margins = new double[n];
    }

    /** Scores identification {@code i} (from the evidence of one or more views of part {@code truth}). */
    void add(int i, String truth, List<ViewEvidence> evidence, FusionWeights weights) {
      set(i, index.outcome(evidence, weights, truth));
    }

    void set(int i, ReferenceIndex.Outcome outcome) {
      hits[i] = outcome.first();
      margins[i] = outcome.margin();
    }

    int hitCount() {
      int n = 0;
      for (boolean h : hits) if (h) n++;
      return n;
    }

    double meanMargin() {
      double sum = 0;
      for (double m : margins) sum += m;
      return sum / hits.length;
    }
  }

  /** Fits on {@code validation}, then measures on {@code queries} (grouped by part for multi-view). */
  public Result evaluate(List<QueryView> validation, List<QueryView> queries, int groupSize) {
    return evaluate(validation, queries, groupSize, Map.of(), Set.of());
  }

  /**
   * {@link #evaluate(List, List, int)} in an index with a user's photo references: the photo weight is fitted on
   * them too ({@link #fitPhotoWeight}).
   *
   * @param captureOfPhoto each photo reference's capture, by reference key
   * @param trainedPhotos the keys of the photo references whose photos the model was trained on
   */
  public Result evaluate(List<QueryView> validation, List<QueryView> queries, int groupSize,
      Map<String, String> captureOfPhoto, Set<String> trainedPhotos) {
    Map<String, Set<String>> validationCandidates = new LinkedHashMap<>();
    Accuracy.WeightFit fit = fit(validation, groupSize, validationCandidates);
    fit = fit.withPhotos(fitPhotoWeight(fit.used(), captureOfPhoto, trainedPhotos));
    return evaluate(fit.used(), fit, validation, validationCandidates, queries, groupSize);
  }

  /** Photo weights tried, smallest first: among equally good ones the smallest is kept. */
  static final double[] PHOTO_WEIGHTS = {0, 0.125, FusionWeights.DEFAULT_PHOTO_WEIGHT, 0.375, 0.5, 0.75, 1, 1.5, 2};

  /**
   * Fits how far a user's photo references move a part's score ({@link FusionWeights#photoWeight}) on those photos,
   * the only photos whose parts are known, in the two cases a user's stream holds, under every weight of {@link
   * #PHOTO_WEIGHTS}:
   *
   * <ul>
   *   <li>a part the user has photographed: each capture (one physical part's photos) of a part with photos of two
   *       captures or more is identified against this index without that capture's references;
   *   <li>a part the user has not: each capture of every photographed part is identified against this index without
   *       any of its part's photo references. Photo evidence lifts the photographed candidates over the others, so a
   *       weight fitted on the first case alone rewards that lift and costs every part without photos (40 of 200
   *       parts photographed: the others 0.795 to 0.724, BENCHMARKS.md).
   * </ul>
   *
   * The two cases count by their share of a stream spread over the index's parts (photographed parts / indexed
   * parts, and the rest). The weight with most right in that mix is kept, the smallest of equally good ones, if it
   * beats weight 0 significantly ({@link #SIGNIFICANCE}, exact sign test on the cases one gets right and the other
   * wrong); else 0: photos move parts no further than the evidence asks (the two cases pull apart, and a tie says the
   * lift bought nothing). Counted half and half, 40 parts photographed of 200 on the photo proxy chose 0.375 in two
   * of four draws, and the other parts' captures lost 33 and 22 of ~380 for 2 and 0 gained (BENCHMARKS.md). A capture is fused as identify fuses it; a photo is queried by its reference vector, the mean direction
   * of its crops (identify pools the crops' cosines: the same ranking per photo, and on the photo proxy the same
   * count of captures right within one in 377 at every weight).
   *
   * <p>A capture with a photo the model was trained on ({@code train --photos}) is never queried, in either case: the
   * model has learnt to place those photos by their part, so they would show photo evidence as safer than it is (a
   * model fine-tuned on 40 parts' photos: 3 of 85 such captures lost at the weight chosen, 33 of 380 of the other
   * parts', BENCHMARKS.md). It stays a reference. With no capture left to query, the weight is 0.
   *
   * @param weights the other weights, as fitted on the renders
   * @param captureOfPhoto each photo reference's capture, by reference key
   * @param trainedPhotos the keys of the photo references whose photos the model was trained on
   * @return the fit, or null when the index has no photo references
   * @throws IllegalArgumentException when a photo reference has no capture
   */
  public Accuracy.PhotoWeightFit fitPhotoWeight(FusionWeights weights, Map<String, String> captureOfPhoto,
      Set<String> trainedPhotos) {
    List<ReferenceView> views = index.views();
    Map<String, Map<String, BitSet>> byPart = new TreeMap<>();
    Set<List<String>> trainedCaptures = new java.util.HashSet<>();
    for (int i = 0; i < views.size(); i++) {
      ReferenceView v = views.get(i);
      if (!v.photo()) continue;
      String capture = captureOfPhoto.get(v.key());
      if (capture == null) throw new IllegalArgumentException("photo reference " + v.key() + " has no capture");
      byPart.computeIfAbsent(v.partId(), p -> new TreeMap<>()).computeIfAbsent(capture, c -> new BitSet()).set(i);
      if (trainedPhotos.contains(v.key())) trainedCaptures.add(List.of(v.partId(), capture));
    }
    if (byPart.isEmpty()) return null;
    List<HeldOut> photographed = new ArrayList<>();
    List<HeldOut> unphotographed = new ArrayList<>();
    byPart.forEach((part, captures) -> {
      BitSet all = new BitSet();
      captures.values().forEach(all::or);
      captures.forEach((capture, photos) -> {
        if (trainedCaptures.contains(List.of(part, capture))) return;
        if (captures.size() > 1) photographed.add(new HeldOut(part, photos, photos));
        unphotographed.add(new HeldOut(part, photos, all));
      });
    });
    Outcomes[] photographedOutcomes = outcomesByPhotoWeight(weights, photographed);
    Outcomes[] unphotographedOutcomes = outcomesByPhotoWeight(weights, unphotographed);
    long[] photographedHits = new long[PHOTO_WEIGHTS.length];
    long[] unphotographedHits = new long[PHOTO_WEIGHTS.length];
    for (int s = 0; s < PHOTO_WEIGHTS.length; s++) {
      photographedHits[s] = photographedOutcomes[s].hitCount();
      unphotographedHits[s] = unphotographedOutcomes[s].hitCount();
    }
    // A stream's parts are taken to be spread over the index's parts, so each case counts by its share of them: 40
    // parts photographed in a 1,000-part index leave 96 % of the stream to parts whose photos can only mislead.
    double share = (double) byPart.size() / index.parts();
    double[] expected = new double[PHOTO_WEIGHTS.length];
    for (int s = 0; s < PHOTO_WEIGHTS.length; s++) {
      expected[s] = (photographed.isEmpty() ? 0 : share * photographedHits[s] / photographed.size())
          + (unphotographed.isEmpty() ? 0 : (1 - share) * unphotographedHits[s] / unphotographed.size());
    }
    // Most right in that mix; a larger weight widens every margin by itself, so margins settle nothing here.
    int best = 0;
    for (int s = 1; s < PHOTO_WEIGHTS.length; s++) {
      if (expected[s] > expected[best] + 1e-12) best = s;
    }
    // The best of nine weights on ~100 captures is partly luck, and luck that a user's other parts pay for: it counts
    // only when it beats weight 0 significantly on the same cases (as the render weights must beat embedding-only).
    int fixed = 0;
    int broken = 0;
    // (Parts not photographed have no share when every indexed part is photographed: their case then says nothing.)
    List<Outcomes[]> counted = share < 1 ? List.of(photographedOutcomes, unphotographedOutcomes)
        : List.<Outcomes[]>of(photographedOutcomes);
    for (Outcomes[] byWeight : counted) {
      int[] changed = fixedAndBroken(byWeight[0], byWeight[best]);
      fixed += changed[0];
      broken += changed[1];
    }
    double p = signTestP(fixed, fixed + broken);
    boolean accepted = fixed > broken && p <= SIGNIFICANCE;
    int used = accepted ? best : 0;
    SortedMap<Double, Long> photographedByWeight = new TreeMap<>();
    SortedMap<Double, Long> unphotographedByWeight = new TreeMap<>();
    for (int s = 0; s < PHOTO_WEIGHTS.length; s++) {
      photographedByWeight.put(PHOTO_WEIGHTS[s], photographedHits[s]);
      unphotographedByWeight.put(PHOTO_WEIGHTS[s], unphotographedHits[s]);
    }
    double byDefault = FusionWeights.DEFAULT_PHOTO_WEIGHT;
    return new Accuracy.PhotoWeightFit(photographed.size(),
        photographedByWeight.get(byDefault) + unphotographedByWeight.get(byDefault),
        photographedHits[used] + unphotographedHits[used], PHOTO_WEIGHTS[used], photographedByWeight,
        (long) unphotographed.size(), unphotographedByWeight,
        new Accuracy.PhotoWeightTest(Math.round(share * 1e4) / 1e4, PHOTO_WEIGHTS[best], fixed, broken,
            Math.round(p * 1e4) / 1e4, accepted),
        (long) trainedCaptures.size());
  }

  /** A capture queried by its photo references, against the index without the references {@code leftOut}. */
  private record HeldOut(String part, BitSet photos, BitSet leftOut) {}

  /** Per weight of {@link #PHOTO_WEIGHTS}, which of {@code cases} are answered right. */
  private Outcomes[] outcomesByPhotoWeight(FusionWeights weights, List<HeldOut> cases) {
    List<ReferenceView> views = index.views();
    Outcomes[] outcomes = newOutcomes(PHOTO_WEIGHTS.length, cases.size());
    inParallel(cases.size(), c -> {
      HeldOut heldOut = cases.get(c);
      List<QueryView> photos = new ArrayList<>();
      heldOut.photos().stream().forEach(o -> photos.add(new QueryView(views.get(o).key(), heldOut.part(), -1,
          index.vectors()[o], views.get(o).shape())));
      Set<String> parts = new LinkedHashSet<>();
      for (QueryView q : photos) parts.addAll(index.candidates(q, heldOut.leftOut()));
      List<ViewEvidence> evidence = new ArrayList<>(photos.size());
      for (QueryView q : photos) evidence.add(index.evidence(q, parts, heldOut.leftOut()));
      for (int s = 0; s < PHOTO_WEIGHTS.length; s++) {
        outcomes[s].add(c, heldOut.part(), evidence, weights.withPhotoWeight(PHOTO_WEIGHTS[s]));
      }
      return null;
    });
    return outcomes;
  }

  /** Measures on {@code queries} with given weights (e.g. those stored with an index). */
  public Result evaluate(FusionWeights weights, List<QueryView> validation, List<QueryView> queries, int groupSize) {
    return evaluate(weights, null, validation, Map.of(), queries, groupSize);
  }

  /** @param validationCandidates the candidate parts of validation views already searched (by view key) */
  private Result evaluate(FusionWeights weights, Accuracy.WeightFit fit, List<QueryView> validation,
      Map<String, Set<String>> validationCandidates, List<QueryView> queries, int groupSize) {
    TopKCounter valEmbedding = new TopKCounter();
    TopKCounter valFused = new TopKCounter();
    for (int[] ranks : inParallel(validation.size(), i -> {
      QueryView v = validation.get(i);
      Set<String> candidates = validationCandidates.get(v.key());
      ViewEvidence e = index.evidence(v, candidates != null ? candidates : index.candidates(v));
      return new int[] {index.rank(List.of(e), FusionWeights.EMBEDDING_ONLY, TOP_K, ambiguousMargin).rankOf(v.partId()),
          index.rank(List.of(e), weights, TOP_K, ambiguousMargin).rankOf(v.partId())};
    })) {
      valEmbedding.add(ranks[0]);
      valFused.add(ranks[1]);
    }

    TopKCounter embedding = new TopKCounter();
    TopKCounter fused = new TopKCounter();
    Map<String, Set<String>> candidatesByKey = new LinkedHashMap<>();
    Map<List<String>, Long> confusions = new TreeMap<>(Comparator.comparing((List<String> p) -> p.get(0))
        .thenComparing(p -> p.get(1)));
    List<Set<String>> candidatesOf = new ArrayList<>(java.util.Collections.nCopies(queries.size(), null));
    List<QueryOutcome> outcomes = inParallel(queries.size(), i -> {
      QueryView q = queries.get(i);
      Set<String> candidates = index.candidates(q);
      candidatesOf.set(i, candidates);
      ViewEvidence e = index.evidence(q, candidates);
      int embeddingRank = index.rank(List.of(e), FusionWeights.EMBEDDING_ONLY, TOP_K, ambiguousMargin).rankOf(q.partId());
      return new QueryOutcome(q, index.rank(List.of(e), weights, TOP_K, ambiguousMargin), embeddingRank);
    });
    long ambiguous = 0;
    for (int i = 0; i < queries.size(); i++) {
      QueryOutcome o = outcomes.get(i);
      Identification id = o.fused();
      candidatesByKey.put(o.view().key(), candidatesOf.get(i));
      embedding.add(o.embeddingRank());
      fused.add(id.rankOf(o.view().partId()));
      if (id.ambiguous()) ambiguous++;
      if (id.best() != null && !id.best().equals(o.view().partId())) {
        confusions.merge(List.of(o.view().partId(), id.best()), 1L, Long::sum);
      }
    }

    TopKCounter multi = new TopKCounter();
    List<List<QueryView>> groups = groups(queries, groupSize);
    for (int rank : forEachGroup(groups, candidatesByKey, (g, evidence) -> index.rank(evidence, weights, TOP_K,
        ambiguousMargin).rankOf(groups.get(g).get(0).partId()))) {
      multi.add(rank);
    }

    List<Accuracy.ConfusedPair> pairs = new ArrayList<>();
    confusions.forEach((pair, count) -> pairs.add(new Accuracy.ConfusedPair(pair.get(0), pair.get(1), count)));
    pairs.sort(Comparator.comparingLong(Accuracy.ConfusedPair::count).reversed()
        .thenComparing(Accuracy.ConfusedPair::actual).thenComparing(Accuracy.ConfusedPair::predicted));
    Set<String> queriedParts = new LinkedHashSet<>();
    queries.forEach(q -> queriedParts.add(q.partId()));
    Accuracy accuracy = new Accuracy(index.parts(), index.size(), queries.size(), embedding.result(null),
        fused.result(null), multi.result(groupSize), valEmbedding.result(null), valFused.result(null), weights,
        List.copyOf(pairs.subList(0, Math.min(10, pairs.size()))), ambiguous, null, index.searchMode(), fit);
    return new Result(accuracy, outcomes);
  }

  /**
   * Groups of {@code size} query views of the same part: with n ≥ size views of a part (in key order), the n
   * rotations {v[i], v[i+1], …} (one group when n = size); parts with fewer views form no group.
   */
  static List<List<QueryView>> groups(List<QueryView> queries, int size) {
    Map<String, List<QueryView>> byPart = new TreeMap<>();
    for (QueryView q : queries) byPart.computeIfAbsent(q.partId(), p -> new ArrayList<>()).add(q);
    List<List<QueryView>> groups = new ArrayList<>();
    for (List<QueryView> views : byPart.values()) {
      views.sort(Comparator.comparing(QueryView::key));
      int n = views.size();
      if (n < size || size < 1) continue;
      int count = n == size ? 1 : n;
      for (int i = 0; i < count; i++) {
        List<QueryView> group = new ArrayList<>(size);
        for (int j = 0; j < size; j++) group.add(views.get((i + j) % n));
        groups.add(group);
      }
    }
    return groups;
  }

  /** Counts of rank 1 and rank ≤ 5 over queries. */
  private static final class TopKCounter {
    long queries;
    long top1;
    long top5;

    void add(int rank) {
      queries++;
      if (rank == 1) top1++;
      if (rank >= 1 && rank <= 5) top5++;
    }

    Accuracy.TopK result(Integer groupSize) {
      return new Accuracy.TopK(queries == 0 ? 0 : (double) top1 / queries, queries == 0 ? 0 : (double) top5 / queries,
          queries, groupSize);
    }
  }
}
