package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.brickbox.embed.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Scoring and fusion on an index the test builds: two parts whose embeddings look alike but whose silhouettes
 * differ (a 1x2 and a 1x4 tile, say), and a third part far away in embedding space.
 */
class FusionTest {
  static ShapeDescriptor shape(float aspect) {
    float[] f = new float[ShapeCues.FEATURES.length];
    f[ShapeCues.ELONGATION] = (float) Math.log(aspect);
    f[1] = 1;
    return new ShapeDescriptor(f, 0);
  }

  static float[] vector(double... xs) {
    float[] v = new float[4];
    for (int i = 0; i < xs.length; i++) v[i] = (float) xs[i];
    return Vectors.l2Normalise(v);
  }

  /** Parts "short" (aspect 0.5) and "long" (aspect 0.25) share an embedding direction; "round" lies elsewhere. */
  static ReferenceIndex index() {
    List<ReferenceView> views = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      views.add(new ReferenceView("short/" + i, "short", "Tile 1 x 2", 4, i, shape(0.5f), false));
      vectors.add(vector(1, 0.10 * i, 0, 0));
      views.add(new ReferenceView("long/" + i, "long", "Tile 1 x 4", 4, i, shape(0.25f), false));
      vectors.add(vector(1, 0.10 * i + 0.05, 0, 0));
      views.add(new ReferenceView("round/" + i, "round", "Round 1 x 1", 4, i, shape(1f), false));
      vectors.add(vector(0, 0, 1, 0.1 * i));
    }
    float[][] matrix = vectors.toArray(new float[0][]);
    return new ReferenceIndex(views, matrix, new ExactSearch(matrix));
  }

  /** A view of "short" whose embedding is slightly closer to "long". */
  static QueryView confusingShortView(String key) {
    return new QueryView(key, "short", 4, vector(1, 0.155, 0, 0), shape(0.5f));
  }

  @Test
  void shapeCuesOverturnAnEmbeddingThatPointsAtTheWrongPart() {
    try (ReferenceIndex index = index()) {
      Identification embeddingOnly = index.identify(List.of(confusingShortView("q")), FusionWeights.EMBEDDING_ONLY, 5, 0.01);
      assertEquals("long", embeddingOnly.best());
      Identification fused = index.identify(List.of(confusingShortView("q")), new FusionWeights(0.1, 1, 0), 5, 0.01);
      assertEquals("short", fused.best());
      PartScore best = fused.candidates().get(0);
      assertEquals(best.score(), best.embedding() + best.shape(), 1e-9);
      assertTrue(best.shape() > 0.09, "the shape cue contributed " + best.shape());
      assertEquals("Tile 1 x 2", best.description());
      assertEquals(2, fused.rankOf("long"));
    }
  }

  @Test
  void fittingChoosesAShapeWeightOnlyWhenValidationViewsShowItHelps() {
    try (ReferenceIndex index = index()) {
      FusionEvaluation evaluation = new FusionEvaluation(index, 0.01);
      List<QueryView> confusing = confusingShortViews(5);
      Accuracy.WeightFit fit = evaluation.fit(confusing);
      assertTrue(fit.accepted(), "5 fixed, 0 broken: p = 1/32 " + fit);
      assertEquals(5, fit.fixed());
      assertEquals(1 / 32.0, fit.pValue(), 1e-4);
      FusionWeights helpful = fit.best();
      assertTrue(helpful.shapeWeight() > 0, "fitted " + helpful);
      // Four views fixed could be chance (p = 1/16): embedding-only is kept.
      Accuracy.WeightFit four = evaluation.fit(confusing.subList(0, 4));
      assertFalse(four.accepted(), four.toString());
      assertEquals(0.0625, four.pValue(), 1e-4);
      // Views whose silhouettes say nothing useful (a round outline for a tile): embedding-only is kept.
      QueryView misleadingShape = new QueryView("v3", "long", 4, vector(1, 0.05, 0, 0), shape(1f));
      QueryView plain = new QueryView("v4", "short", 4, vector(1, 0.0, 0, 0), shape(1f));
      assertFalse(evaluation.fit(List.of(misleadingShape, plain)).accepted());
    }
  }

  @Test
  void whenEveryWeightScoresTheSameOnValidationEmbeddingOnlyIsKept() {
    try (ReferenceIndex index = index()) {
      // Embeddings already right and silhouettes agreeing: a shape weight widens margins but wins nothing.
      List<QueryView> easy = new ArrayList<>();
      for (int i = 0; i < 6; i++) easy.add(new QueryView("e" + i, "short", 4, vector(1, 0.0, 0, 0), shape(0.5f)));
      Accuracy.WeightFit fit = new FusionEvaluation(index, 0.01).fit(easy);
      assertFalse(fit.accepted());
      assertEquals(0, fit.fixed() + fit.broken());
    }
  }

  @Test
  void poolingIsTheBestViewAtZeroAndALogMeanExpAbove() {
    double[] values = {0.9, 0.5, 0.7};
    assertEquals(0.9, new FusionWeights(0, 1, 0).pool(values, 3), 1e-12);
    double t = 0.1;
    double expected = t * Math.log((Math.exp(9) + Math.exp(5) + Math.exp(7)) / 3);
    assertEquals(expected, new FusionWeights(0, 1, t).pool(values, 3), 1e-12);
    assertEquals(0.9, new FusionWeights(0, 1, t).pool(values, 1), 1e-12, "only the first n values count");
  }

  @Test
  void poolingLetsManyCloseReferenceViewsOutvoteOneLuckyMatch() {
    try (ReferenceIndex index = luckyAndSteady()) {
      QueryView q = new QueryView("q", "steady", 4, vector(1, 0, 0), shape(1));
      assertEquals("lucky", index.identify(List.of(q), FusionWeights.EMBEDDING_ONLY, 5, 0).best());
      Identification pooled = index.identify(List.of(q), new FusionWeights(0, 1, 0.05), 5, 0);
      assertEquals("steady", pooled.best());
      PartScore best = pooled.candidates().get(0);
      assertEquals(best.score(), best.embedding() + best.shape(), 1e-12);
    }
  }

  /**
   * A user's photos move a part by their lead over the other parts' photos: with a photo of "lucky" close to the query
   * and one of "steady" far from it, "lucky" wins, although its renders alone lose to steady's. A photographed part
   * with no other photographed candidate to lead is left as its renders say: one photo is no evidence against parts
   * nobody photographed.
   */
  @Test
  void photoReferencesMoveAPartByTheirLeadOverTheOtherPartsPhotos() {
    try (ReferenceIndex index = luckyAndSteady()) {
      FusionWeights weights = new FusionWeights(0.1, 1, 0.05);
      PhotoQuery q = new PhotoQuery("q", List.of(vector(1, 0, 0)), shape(1));
      assertEquals("steady", index.identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0).best());
      float[] nearQuery = ReferenceIndex.photoVector(new PhotoQuery("p", List.of(vector(1, 0.01, 0),
          vector(1, -0.01, 0)), null));
      ReferenceIndex withPhotos = index.withPhotos(List.of(
              new ReferenceView("my-lucky.jpg", "lucky", "", -1, -1, shape(1), true),
              new ReferenceView("my-steady.jpg", "steady", "", -1, -1, null, true)),
          new float[][] {nearQuery, vector(0.6, 0.8, 0)});
      Identification answer = withPhotos.identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0);
      assertEquals("lucky", answer.best());
      assertEquals("Lucky", answer.candidates().get(0).description(), "the part's description, not the photo's");
      assertEquals(8, withPhotos.size());
      assertEquals("steady", withPhotos.identifyPhotos(List.of(q), CropPooling.MEAN, weights.withPhotoWeight(0), 5, 0)
          .best(), "photo weight 0: the renders decide");
      assertEquals("steady", index.identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0).best(),
          "the index itself is unchanged");

      ReferenceIndex oneLuckyPhoto = index.withPhotos(
          List.of(new ReferenceView("whole.jpg", "lucky", "", -1, -1, null, true)), new float[][] {vector(1, 0, 0)});
      assertEquals(index.identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0).candidates(),
          oneLuckyPhoto.identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0).candidates(),
          "one photographed part leads no other: the scores are the renders'");
      assertThrows(IllegalArgumentException.class, () -> index.withPhotos(
          List.of(new ReferenceView("render", "lucky", "", 4, 0, shape(1), false)), new float[][] {vector(1, 0, 0)}));
    }
  }

  /**
   * The near-twin of a user's photos (PhotoMetricTest's geometry, through the index): the query is part "a" in red;
   * a's photo references are white and yellow, its twin b's red and white, and b's render is a little nearer. By the
   * plain cosine b's red photo leads and b wins; under the references' metric colour is what varies within a part,
   * a's photos lead and a wins.
   */
  @Test
  void underThePhotoMetricAPartsOwnPhotosInOtherColoursOutweighItsTwinsInTheQuerysColour() {
    double red = 0.6;
    double white = -0.6;
    double yellow = 0.1;
    // Three photos of each part: as many samples of the scatter as it has dimensions (four, less one per part).
    List<ReferenceView> photos = List.of(new ReferenceView("a-white.jpg", "a", "", -1, -1, null, true),
        new ReferenceView("a-yellow.jpg", "a", "", -1, -1, null, true),
        new ReferenceView("a-white-2.jpg", "a", "", -1, -1, null, true),
        new ReferenceView("b-red.jpg", "b", "", -1, -1, null, true),
        new ReferenceView("b-white.jpg", "b", "", -1, -1, null, true),
        new ReferenceView("b-red-2.jpg", "b", "", -1, -1, null, true));
    float[][] photoVectors = {vector(0.15, white, 1, 0.01), vector(0.15, yellow, 1, -0.02),
        vector(0.15, white, 1, -0.03), vector(-0.15, red, 1, 0.02), vector(-0.15, white, 1, -0.01),
        vector(-0.15, red, 1, 0.03)};
    PhotoQuery q = new PhotoQuery("q", List.of(vector(0.15, red, 1, 0)), null);
    FusionWeights weights = new FusionWeights(0, 1, 0);
    for (PhotoComparison comparison : PhotoComparison.values()) {
      List<ReferenceView> views = List.of(new ReferenceView("a/0", "a", "A", 4, 0, null, false),
          new ReferenceView("b/0", "b", "B", 4, 0, null, false));
      float[][] matrix = {vector(0.1, 0, 1, 0.5), vector(0.1, 0, 1, 0.49)};
      try (ReferenceIndex renders = new ReferenceIndex(views, matrix, new ExactSearch(matrix), comparison)) {
        assertEquals("b", renders.identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0).best(),
            "the renders alone: b, by a little");
        String answer = renders.withPhotos(photos, photoVectors)
            .identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0).best();
        assertEquals(comparison == PhotoComparison.COSINE ? "b" : "a", answer, comparison.name());
      }
    }
  }

  /**
   * Under {@link PhotoComparison#WHITENED} a photo reference's outline moves no part, with renders or known only from
   * photos (kept for the latter, their photos outranked every photographed part with renders); under COSINE it does.
   */
  @Test
  void photoOutlinesCountOnlyUnderThePlainCosine() {
    PhotoQuery q = new PhotoQuery("q", List.of(vector(1, 0.1, 0)), shape(0.5f));
    for (PhotoComparison comparison : PhotoComparison.values()) {
      Identification same = withOutlines(comparison, q, 0.5f, 0.5f);
      double renderedMoved = scoreOf(same, "rendered") - scoreOf(withOutlines(comparison, q, 0.1f, 0.5f), "rendered");
      double photoOnlyMoved = scoreOf(same, "photoOnly") - scoreOf(withOutlines(comparison, q, 0.5f, 0.1f),
          "photoOnly");
      if (comparison == PhotoComparison.COSINE) {
        assertTrue(renderedMoved > 1e-3, "COSINE: the photos' outlines move a rendered part: " + renderedMoved);
        assertTrue(photoOnlyMoved > 1e-3, "COSINE: and a part known only from photos: " + photoOnlyMoved);
      } else {
        assertEquals(0, renderedMoved, 1e-9, "WHITENED: a rendered part's photos' outlines do not count");
        assertEquals(0, photoOnlyMoved, 1e-9, "WHITENED: nor a photo-only part's");
      }
    }
  }

  /**
   * Parts "rendered" and "other" with renders and photos, "photoOnly" with photos only; the photos of "rendered" and
   * of "photoOnly" have the given outlines (aspects), and the query is identified.
   */
  private static Identification withOutlines(PhotoComparison comparison, PhotoQuery q, float renderedAspect,
      float photoOnlyAspect) {
    List<ReferenceView> views = List.of(new ReferenceView("r/0", "rendered", "R", 4, 0, shape(0.5f), false),
        new ReferenceView("s/0", "other", "S", 4, 0, shape(0.3f), false));
    float[][] matrix = {vector(1, 0, 0), vector(1, 0.3, 0)};
    List<ReferenceView> photos = List.of(
        new ReferenceView("r1.jpg", "rendered", "", -1, -1, shape(renderedAspect), true),
        new ReferenceView("r2.jpg", "rendered", "", -1, -1, shape(renderedAspect), true),
        new ReferenceView("o1.jpg", "other", "", -1, -1, shape(0.3f), true),
        new ReferenceView("p1.jpg", "photoOnly", "P", -1, -1, shape(photoOnlyAspect), true),
        new ReferenceView("p2.jpg", "photoOnly", "P", -1, -1, shape(photoOnlyAspect), true));
    float[][] photoVectors = {vector(1, 0.1, 0.1), vector(1, 0.2, 0), vector(1, 0.3, 0.2), vector(1, 0.1, 0.3),
        vector(1, 0.15, 0.2)};
    try (ReferenceIndex renders = new ReferenceIndex(views, matrix, new ExactSearch(matrix), comparison)) {
      return renders.withPhotos(photos, photoVectors).identifyPhotos(List.of(q), CropPooling.MEAN,
          new FusionWeights(0.5, 1, 0.05), 5, 0);
    }
  }

  /**
   * A part known only from photos stands where its photo score puts it on the line from photo to render score of the
   * candidates that have both; without three such candidates, at the renders' mean; never lower for a closer photo.
   * Query (1, 0, 0, 0); each reference's cosine to it is set directly. Renders a..d: 0.9, 0.7, 0.5, 0.3; their photos
   * 0.1 lower, so the line is render = photo + 0.1; "mine" has only a photo, at 0.85.
   */
  @Test
  void aPartKnownOnlyFromPhotosStandsWhereItsPhotoScorePutsItAmongThePartsWithBoth() {
    double[] renders = {0.9, 0.7, 0.5, 0.3};
    double[] photos = {0.8, 0.6, 0.4, 0.2};
    FusionWeights weights = new FusionWeights(0, 1, 0); // the best reference view, no shape term, default photo weight
    double w = FusionWeights.DEFAULT_PHOTO_WEIGHT;
    PhotoQuery q = new PhotoQuery("q", List.of(vector(1, 0, 0, 0)), null);

    Identification lined = withPhotoOnlyPart(renders, photos, 0.85).identifyPhotos(List.of(q), CropPooling.MEAN,
        weights, 5, 0);
    double photoMean = (0.8 + 0.6 + 0.4 + 0.2 + 0.85) / 5;
    assertEquals("mine", lined.best(), "its photo is the closest, and photos track renders here");
    assertEquals(0.85 + 0.1 + w * (0.85 - photoMean), lined.candidates().get(0).score(), 1e-5);
    assertEquals(0.9 + w * (0.8 - photoMean), scoreOf(lined, "a"), 1e-5, "a part with renders keeps its rule");

    Identification reversed = withPhotoOnlyPart(renders, new double[] {0.2, 0.4, 0.6, 0.8}, 0.85)
        .identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0);
    assertEquals(0.6 + w * (0.85 - photoMean), scoreOf(reversed, "mine"), 1e-5,
        "photos that rank against the renders: slope 0, the mean render score of the parts with both");

    Identification twoWithBoth = withPhotoOnlyPart(renders, new double[] {0.8, 0.6, Double.NaN, Double.NaN}, 0.85)
        .identifyPhotos(List.of(q), CropPooling.MEAN, weights, 5, 0);
    assertEquals(0.6 + w * (0.85 - (0.8 + 0.6 + 0.85) / 3), scoreOf(twoWithBoth, "mine"), 1e-5,
        "two parts with both are no line: the renders' mean");

    // At photo weight 0 the parts with renders are as their renders say; the part only photos know keeps the
    // default's lift (its photos are all there is), and above the default takes the weight given.
    Identification unweighted = withPhotoOnlyPart(renders, photos, 0.85).identifyPhotos(List.of(q), CropPooling.MEAN,
        weights.withPhotoWeight(0), 5, 0);
    assertEquals(0.9, scoreOf(unweighted, "a"), 1e-5);
    assertEquals(0.85 + 0.1 + w * (0.85 - photoMean), scoreOf(unweighted, "mine"), 1e-5);
    Identification heavy = withPhotoOnlyPart(renders, photos, 0.85).identifyPhotos(List.of(q), CropPooling.MEAN,
        weights.withPhotoWeight(1), 5, 0);
    assertEquals(0.85 + 0.1 + (0.85 - photoMean), scoreOf(heavy, "mine"), 1e-5);
  }

  /** Parts a, b, c, d rendered once and photographed once (NaN: not photographed), and "mine" only photographed. */
  private static ReferenceIndex withPhotoOnlyPart(double[] renders, double[] photos, double mine) {
    List<ReferenceView> views = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<ReferenceView> photoViews = new ArrayList<>();
    List<float[]> photoVectors = new ArrayList<>();
    for (int p = 0; p < renders.length; p++) {
      String part = String.valueOf((char) ('a' + p));
      views.add(new ReferenceView(part + "/0", part, part, 4, 0, null, false));
      vectors.add(atCosine(renders[p], 1));
      if (Double.isNaN(photos[p])) continue;
      photoViews.add(new ReferenceView(part + ".jpg", part, "", -1, -1, null, true));
      photoVectors.add(atCosine(photos[p], 2));
    }
    photoViews.add(new ReferenceView("mine.jpg", "mine", "Mine", -1, -1, null, true));
    photoVectors.add(atCosine(mine, 3));
    float[][] matrix = vectors.toArray(new float[0][]);
    return new ReferenceIndex(views, matrix, new ExactSearch(matrix))
        .withPhotos(photoViews, photoVectors.toArray(new float[0][]));
  }

  /** A unit vector at cosine {@code c} to (1, 0, 0, 0), the rest along {@code axis}. */
  private static float[] atCosine(double c, int axis) {
    double[] xs = new double[4];
    xs[0] = c;
    xs[axis] = Math.sqrt(1 - c * c);
    return vector(xs);
  }

  private static double scoreOf(Identification answer, String part) {
    return answer.candidates().stream().filter(s -> s.partId().equals(part)).findFirst().orElseThrow().score();
  }

  /**
   * The photo weight's fit, per weight tried: as parts photographed, every capture's photos identified against an
   * index built again without that capture's references; as parts not photographed, against one built without any
   * of its part's photos. Its counts equal those, and it keeps the weight with most right over both (the smallest
   * among equals) where it beats 0 significantly, else 0. Photos of a part only photos know ("mine") carry it; a part photographed once is queried only as
   * not photographed (nothing of it would be left to find).
   */
  @Test
  void photoWeightFitCountsEachCaseAsARebuiltIndexWould() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    List<ReferenceView> photos = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    java.util.Map<String, String> captureOf = new java.util.HashMap<>();
    String[][] parts = {{"lucky", "3"}, {"steady", "3"}, {"mine", "2"}, {"once", "1"}};
    float[][] looks = {vector(1, 0.1, 0), vector(1, -0.1, 0.1), vector(0.7, 0.7, 0), vector(0, 0.2, 1)};
    for (int p = 0; p < parts.length; p++) {
      for (int c = 0; c < Integer.parseInt(parts[p][1]); c++) {
        for (String side : List.of("front", "back")) {
          String key = parts[p][0] + "/c" + c + "_" + side;
          photos.add(new ReferenceView(key, parts[p][0], "", -1, -1, side.equals("front") ? shape(1) : null, true));
          vectors.add(noisy(looks[p], random, 0.25));
          captureOf.put(key, "c" + c);
        }
      }
    }
    FusionWeights weights = new FusionWeights(0.1, 1, 0.05);
    try (ReferenceIndex renders = luckyAndSteady()) {
      ReferenceIndex index = renders.withPhotos(photos, vectors.toArray(new float[0][]));
      // Every indexed part is photographed (lucky and steady have renders too): the stream is all theirs. Among 12
      // more parts with renders only, photographed parts are a quarter of it and their case counts a quarter.
      Accuracy.PhotoWeightFit fit = fitAsRebuiltIndexesCount(renders, photos, vectors, captureOf, weights, 1.0);
      assertEquals(8, fit.captures(), "3 + 3 + 2 captures of parts photographed more than once");
      assertEquals(0L, fit.trainedCaptures());
      assertEquals(9L, fit.unphotographedCaptures(), "every capture");
      try (ReferenceIndex amongOthers = luckyAndSteady(12)) {
        Accuracy.PhotoWeightFit quarter = fitAsRebuiltIndexesCount(amongOthers, photos, vectors, captureOf, weights,
            0.25);
        assertNotEquals(fit.test().best(), quarter.test().best(), fit + " " + quarter);
      }

      java.util.Map<String, String> oneCaptureEach = new java.util.HashMap<>();
      captureOf.keySet().forEach(k -> oneCaptureEach.put(k, "all"));
      Accuracy.PhotoWeightFit once = new FusionEvaluation(index, 0).fitPhotoWeight(weights, oneCaptureEach, Set.of());
      assertEquals(List.of(0L, 4L), List.of(once.captures(), once.unphotographedCaptures()),
          "one capture a part: only the case of parts not photographed");
      assertEquals(null, new FusionEvaluation(renders, 0).fitPhotoWeight(weights, Map.of(), Set.of()),
          "no photos, no fit");

      // Captures the model was trained on are never queried (it has learnt where their photos go), but stay
      // references; with none left to query, photos count 0.
      Accuracy.PhotoWeightFit trained = new FusionEvaluation(index, 0).fitPhotoWeight(weights, captureOf,
          Set.of("lucky/c0_back", "mine/c1_front"));
      assertEquals(List.of(6L, 7L, 2L), List.of(trained.captures(), trained.unphotographedCaptures(),
          trained.trainedCaptures()), trained.toString());
      assertTrue(trained.figures().startsWith("2 captures not queried (the model was trained on their photos)"),
          trained.figures());
      Accuracy.PhotoWeightFit allTrained = new FusionEvaluation(index, 0).fitPhotoWeight(weights, captureOf,
          captureOf.keySet());
      assertEquals(List.of(0L, 0L, 9L, 0.0), List.of(allTrained.captures(), allTrained.unphotographedCaptures(),
          allTrained.trainedCaptures(), allTrained.photoWeight()), allTrained.toString());
      assertEquals("all 9 captures' photos were trained on by the model: none left to query, weight 0",
          allTrained.figures());
      captureOf.remove("mine/c1_back");
      assertThrows(IllegalArgumentException.class, () -> new FusionEvaluation(index, 0).fitPhotoWeight(weights,
          captureOf, Set.of()));
    }
  }

  /**
   * The photo weight fit of {@code photos} added to {@code renders}, checked against indexes rebuilt without each
   * case's photos: each weight's counts, the best in the mix where photographed parts are {@code share} of the
   * stream (the smallest among equals), its test against 0 and the weight used.
   */
  private static Accuracy.PhotoWeightFit fitAsRebuiltIndexesCount(ReferenceIndex renders, List<ReferenceView> photos,
      List<float[]> vectors, java.util.Map<String, String> captureOf, FusionWeights weights, double share) {
    ReferenceIndex index = renders.withPhotos(photos, vectors.toArray(new float[0][]));
    Accuracy.PhotoWeightFit fit = new FusionEvaluation(index, 0).fitPhotoWeight(weights, captureOf, Set.of());
    assertEquals(share, fit.test().photographedShare());
    double best = 0;
    double bestExpected = -1;
    for (double w : FusionEvaluation.PHOTO_WEIGHTS) {
      long photographed = hitsOfRebuiltIndexes(renders, photos, vectors, captureOf, weights.withPhotoWeight(w), false);
      long unphotographed = hitsOfRebuiltIndexes(renders, photos, vectors, captureOf, weights.withPhotoWeight(w),
          true);
      assertEquals(photographed, fit.hitsByWeight().get(w), "photographed, weight " + w);
      assertEquals(unphotographed, fit.unphotographedHitsByWeight().get(w), "not photographed, weight " + w);
      double expected = share * photographed / fit.captures()
          + (1 - share) * unphotographed / fit.unphotographedCaptures();
      if (expected > bestExpected + 1e-12) {
        bestExpected = expected;
        best = w;
      }
    }
    // The best counts only where it beats 0 on the same cases (those of parts not photographed only where they have
    // a share): net of fixed over broken is its gain in hits.
    Accuracy.PhotoWeightTest test = fit.test();
    assertEquals(best, test.best(), fit.toString());
    long gain = fit.hitsByWeight().get(best) - fit.hitsByWeight().get(0.0) + (share < 1
        ? fit.unphotographedHitsByWeight().get(best) - fit.unphotographedHitsByWeight().get(0.0) : 0);
    assertEquals(gain, test.fixed() - test.broken(), fit.toString());
    double p = FusionEvaluation.signTestP((int) test.fixed(), (int) (test.fixed() + test.broken()));
    assertEquals(Math.round(p * 1e4) / 1e4, test.pValue());
    assertEquals(test.fixed() > test.broken() && p <= FusionEvaluation.SIGNIFICANCE, test.accepted());
    double used = test.accepted() ? best : 0.0;
    assertEquals(used, fit.photoWeight(), fit.toString());
    assertEquals(fit.hitsByWeight().get(used) + fit.unphotographedHitsByWeight().get(used), fit.hits());
    assertEquals(fit.hitsByWeight().get(FusionWeights.DEFAULT_PHOTO_WEIGHT)
        + fit.unphotographedHitsByWeight().get(FusionWeights.DEFAULT_PHOTO_WEIGHT), fit.defaultHits());
    return fit;
  }

  /**
   * The photo weight follows what the photos are worth (pooling by the best reference view, no shape term; the
   * margins are worked out in the comments). Where a part's captures look unlike each other and like the other
   * part's captures, photos only mislead: weight 0. Where each part's captures look alike and the renders mislead,
   * photos must move the answer far enough: weight 1 and up, more than the default 0.25, once there are enough
   * captures for the gain not to be luck (three a part; not two).
   */
  @Test
  void photoWeightFitFollowsWhatThePhotosAreWorth() {
    FusionWeights weights = new FusionWeights(0, 1, 0);
    try (ReferenceIndex renders = luckyAndSteady()) {
      // Renders right by 0.01-0.8; a held-out lucky (1, 0.05, 0) leads lucky's other capture (0, 1, 0) by little and
      // steady's by 0.93 in photo score: any weight over 0.02 breaks it; steady's (1, 0, 0.2) breaks above 1.2.
      Accuracy.PhotoWeightFit inconsistent = fitOn(renders, weights, vector(1, 0.05, 0), vector(0, 1, 0),
          vector(1, -0.2, 0), vector(1, 0, 0.2));
      // As parts not photographed, each capture has one photographed part left, which leads no other: the renders
      // decide (all four right) whatever the weight, so the photographed case decides.
      assertEquals(List.of(4L, 3L + 4L, 4L + 4L, 0.0), List.of(inconsistent.captures(), inconsistent.defaultHits(),
          inconsistent.hits(), inconsistent.photoWeight()));
      // every weight tried, and how many captures each got right: 0 alone keeps lucky's, above 1.2 steady's is lost
      assertEquals(Map.of(0.0, 4L, 0.125, 3L, 0.25, 3L, 0.375, 3L, 0.5, 3L, 0.75, 3L, 1.0, 3L, 1.5, 2L, 2.0, 2L),
          inconsistent.hitsByWeight());
      assertEquals(java.util.Set.of(4L), java.util.Set.copyOf(inconsistent.unphotographedHitsByWeight().values()));
      // Renders wrong by 0.01 (lucky looks like steady's (1, 0.2, 0)) and by 0.8 (steady like lucky's (0, 0, 1));
      // photos lead by about 1 for the true part: lucky's captures are right above 0.02, steady's above 0.8. Three
      // captures a part.
      Accuracy.PhotoWeightFit consistent = fitOn(renders, weights, vector(1, 0.19, 0), vector(1, 0.21, 0),
          vector(1, 0.2, 0), vector(0, 0, 1), vector(0, 0.1, 1), vector(0, 0.05, 1));
      assertEquals(List.of(6L, 3L, 6L, 1.0), List.of(consistent.captures(), consistent.defaultHits(),
          consistent.hits(), consistent.photoWeight()));
      assertEquals(new Accuracy.PhotoWeightTest(1.0, 1.0, 6, 0, 0.0156, true), consistent.test(), "6 of 6 fixed: p 1/64");
      // Two captures a part: 4 of 4 fixed is p 1/16, which luck gives too often to cost the other parts: 0 is used.
      Accuracy.PhotoWeightFit few = fitOn(renders, weights, vector(1, 0.19, 0), vector(1, 0.21, 0), vector(0, 0, 1),
          vector(0, 0.1, 1));
      assertEquals(new Accuracy.PhotoWeightTest(1.0, 1.0, 4, 0, 0.0625, false), few.test());
      assertEquals(List.of(0.0, 0L), List.of(few.photoWeight(), few.hits()));
      assertEquals("6 captures queried as parts photographed (that capture left out) and 6 as parts not photographed"
          + " (all their part's photos left out): 3 right at the default 0.25, 6 at 1.00; photographed by weight 0: 0,"
          + " 0.125: 3, 0.25: 3, 0.375: 3, 0.5: 3, 0.75: 3, 1: 6, 1.5: 6, 2: 6; not photographed by weight 0: 0,"
          + " 0.125: 0, 0.25: 0, 0.375: 0, 0.5: 0, 0.75: 0, 1: 0, 1.5: 0, 2: 0; photographed parts 100.0 % of the"
          + " index: best 1 against 0: 6 fixed, 0 broken, p 0.0156: used", consistent.figures());
      assertTrue(few.figures().endsWith("best 1 against 0: 4 fixed, 0 broken, p 0.0625: not significant, 0 used"),
          few.figures());
    }
  }

  /** Captures of two photos each, the first half of "lucky", the rest of "steady", each's photos the given direction. */
  private static Accuracy.PhotoWeightFit fitOn(ReferenceIndex renders, FusionWeights weights, float[]... captures) {
    List<ReferenceView> photos = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    java.util.Map<String, String> captureOf = new java.util.HashMap<>();
    for (int c = 0; c < captures.length; c++) {
      String part = c < captures.length / 2 ? "lucky" : "steady";
      for (int side = 0; side < 2; side++) {
        String key = part + "/c" + c + "_" + side;
        photos.add(new ReferenceView(key, part, "", -1, -1, null, true));
        vectors.add(captures[c]);
        captureOf.put(key, "c" + c);
      }
    }
    return new FusionEvaluation(renders.withPhotos(photos, vectors.toArray(new float[0][])), 0)
        .fitPhotoWeight(weights, captureOf, Set.of());
  }

  /**
   * How many captures are identified from their photos against an index without them: of parts with two captures or
   * more, without that capture's photos; with {@code wholePart}, every capture, without any of its part's photos.
   */
  private static long hitsOfRebuiltIndexes(ReferenceIndex renders, List<ReferenceView> photos, List<float[]> vectors,
      java.util.Map<String, String> captureOf, FusionWeights weights, boolean wholePart) {
    java.util.Map<String, java.util.Set<String>> capturesOfPart = new java.util.TreeMap<>();
    for (ReferenceView p : photos) {
      capturesOfPart.computeIfAbsent(p.partId(), k -> new java.util.TreeSet<>()).add(captureOf.get(p.key()));
    }
    long hits = 0;
    for (var part : capturesOfPart.entrySet()) {
      if (!wholePart && part.getValue().size() < 2) continue;
      for (String capture : part.getValue()) {
        List<ReferenceView> kept = new ArrayList<>();
        List<float[]> keptVectors = new ArrayList<>();
        List<QueryView> queries = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
          ReferenceView p = photos.get(i);
          boolean ofPart = p.partId().equals(part.getKey());
          boolean ofCapture = ofPart && captureOf.get(p.key()).equals(capture);
          if (ofCapture) queries.add(new QueryView(p.key(), p.partId(), -1, vectors.get(i), p.shape()));
          if (!ofCapture && !(wholePart && ofPart)) {
            kept.add(p);
            keptVectors.add(vectors.get(i));
          }
        }
        ReferenceIndex rebuilt = renders.withPhotos(kept, keptVectors.toArray(new float[0][]));
        if (part.getKey().equals(rebuilt.identify(queries, weights, 5, 0).best())) hits++;
      }
    }
    return hits;
  }

  /** "lucky": one reference view very close to (1, 0, 0), the others far; "steady": all fairly close. */
  private static ReferenceIndex luckyAndSteady() {
    return luckyAndSteady(0);
  }

  /** {@link #luckyAndSteady()} among {@code others} more parts, rendered facing away from every query here. */
  private static ReferenceIndex luckyAndSteady(int others) {
    List<ReferenceView> views = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int o = 0; o < others; o++) {
      views.add(new ReferenceView("other" + o + "/0", "other" + o, "Other", 4, 0, shape(1), false));
      vectors.add(vector(-1, -0.1 * o, -0.05 * o));
    }
    double[][] lucky = {{1, 0.05, 0}, {0, 1, 0}, {0, 0, 1}};
    double[][] steady = {{1, 0.2, 0}, {1, -0.2, 0}, {1, 0, 0.2}};
    for (int i = 0; i < 3; i++) {
      views.add(new ReferenceView("lucky/" + i, "lucky", "Lucky", 4, i, shape(1), false));
      vectors.add(vector(lucky[i]));
      views.add(new ReferenceView("steady/" + i, "steady", "Steady", 4, i, shape(1), false));
      vectors.add(vector(steady[i]));
    }
    float[][] matrix = vectors.toArray(new float[0][]);
    // The margins in these tests are worked out for the plain cosine; the photo metric has its own test below.
    return new ReferenceIndex(views, matrix, new ExactSearch(matrix), PhotoComparison.COSINE);
  }

  @Test
  void theSignTestMatchesTheBinomialTail() {
    assertEquals(1.0, FusionEvaluation.signTestP(0, 10), 1e-12);
    assertEquals(11 / 1024.0, FusionEvaluation.signTestP(9, 10), 1e-12);
    assertEquals(1 / 1024.0, FusionEvaluation.signTestP(10, 10), 1e-12);
    assertEquals(0.5, FusionEvaluation.signTestP(1, 1), 1e-12);
    assertTrue(FusionEvaluation.signTestP(430, 800) < 0.05 && FusionEvaluation.signTestP(420, 800) > 0.05);
  }

  static List<QueryView> confusingShortViews(int n) {
    List<QueryView> views = new ArrayList<>();
    for (int i = 1; i <= n; i++) views.add(confusingShortView("v" + i));
    return views;
  }

  @Test
  void evaluationReportsEmbeddingOnlyFusedAndMultiViewAccuracyAndConfusions() {
    try (ReferenceIndex index = index()) {
      List<QueryView> validation = confusingShortViews(5);
      List<QueryView> queries = List.of(confusingShortView("q1"), confusingShortView("q2"),
          new QueryView("q3", "short", 4, vector(1, 0.3, 0, 0), shape(0.5f)),
          // Embedding nearest "short", silhouette halfway between: no cue can save it.
          new QueryView("l1", "long", 4, vector(1, 0.0, 0, 0), shape(0.375f)),
          new QueryView("r1", "round", 4, vector(0, 0, 1, 0.05), shape(1f)));
      FusionEvaluation.Result result = new FusionEvaluation(index, 0.01).evaluate(validation, queries, 3);
      Accuracy a = result.accuracy();
      assertEquals(5, a.queries());
      assertEquals(0.2, a.embeddingOnly().top1(), 1e-9, "only the round view is right on embeddings alone");
      assertEquals(0.8, a.fusedSingleView().top1(), 1e-9);
      assertEquals(a.weights(), a.fit().used(), "the fitted weights were used: " + a.fit());
      assertEquals(a.fit().best(), a.weights().withViewConfidence(0), "the single-view fit was accepted: " + a.fit());
      assertEquals(1.0, a.fusedSingleView().top5(), 1e-9);
      assertEquals(1, a.fusedMultiView().queries(), "one group of the three 'short' views");
      assertEquals(1.0, a.fusedMultiView().top1(), 1e-9);
      assertEquals(3, a.fusedMultiView().groupSize());
      assertEquals(List.of(new Accuracy.ConfusedPair("long", "short", 1)), a.confusedPairs());
      assertEquals(3, a.parts());
      assertEquals(9, a.references());
      assertEquals(5, result.outcomes().size());
    }
  }

  @Test
  void aSmallMarginIsFlaggedAmbiguous() {
    try (ReferenceIndex index = index()) {
      QueryView between = new QueryView("q", "short", 4, vector(1, 0.125, 0, 0), shape(0.375f));
      assertTrue(index.identify(List.of(between), FusionWeights.EMBEDDING_ONLY, 5, 0.05).ambiguous());
      QueryView clear = new QueryView("r", "round", 4, vector(0, 0, 1, 0), shape(1f));
      assertFalse(index.identify(List.of(clear), FusionWeights.EMBEDDING_ONLY, 5, 0.05).ambiguous());
    }
  }

  @Test
  void groupsAreRotationsOfEachPartsQueryViews() {
    List<QueryView> views = new ArrayList<>();
    for (String k : List.of("a/1", "a/2", "a/3", "a/4", "b/1", "b/2", "b/3", "c/1", "c/2")) {
      views.add(new QueryView(k, k.substring(0, 1), 4, vector(1), shape(1)));
    }
    List<List<QueryView>> groups = FusionEvaluation.groups(views, 3);
    assertEquals(5, groups.size(), "four rotations of a, one group of b, none of c");
    assertEquals(List.of("a/4", "a/1", "a/2"), groups.get(3).stream().map(QueryView::key).toList());
  }

  @Test
  void theViewSplitIsSeededPerPartAndKeepsReferences() {
    ViewRole[] roles = ViewRole.split("3001", 24, 4, 4, 42);
    assertArrayEquals(roles, ViewRole.split("3001", 24, 4, 4, 42));
    assertEquals(4, Arrays.stream(roles).filter(r -> r == ViewRole.QUERY).count());
    assertEquals(4, Arrays.stream(roles).filter(r -> r == ViewRole.VALIDATION).count());
    assertFalse(Arrays.equals(roles, ViewRole.split("3003", 24, 4, 4, 42)), "another part, another split");
    assertFalse(Arrays.equals(roles, ViewRole.split("3001", 24, 4, 4, 43)), "another seed, another split");
    assertTrue(Arrays.stream(ViewRole.split("3001", 8, 4, 4, 42)).allMatch(r -> r == ViewRole.REFERENCE),
        "with no view left for the index, every view is a reference");
  }

  /** Three views of "round": one sure of it, two leaning to "short" but unsure between "short" and "long". */
  static List<QueryView> roundSeenOnceClearly(String prefix) {
    return List.of(new QueryView(prefix + "1", "round", 4, vector(0, 0, 1, 0.1), shape(1f)),
        new QueryView(prefix + "2", "round", 4, vector(1, 0.075, 0.3, 0), shape(0.5f)),
        new QueryView(prefix + "3", "round", 4, vector(1, 0.076, 0.3, 0), shape(0.5f)));
  }

  @Test
  void aSureViewIsNotOutvotedByUnsureOnesWhenViewsAreWeighedByConfidence() {
    try (ReferenceIndex index = index()) {
      List<QueryView> group = roundSeenOnceClearly("v");
      assertEquals("short", index.identify(group, FusionWeights.EMBEDDING_ONLY, 5, 0).best(),
          "alike, two unsure views outvote the sure one");
      assertEquals("round", index.identify(group, FusionWeights.EMBEDDING_ONLY.withViewConfidence(0.04), 5, 0).best());
      double[] weights = FusionWeights.EMBEDDING_ONLY.withViewConfidence(0.04)
          .viewWeights(new double[][] {{0.9, 0.1}, {0.5, 0.49}});
      assertEquals(1.0, weights[0], 1e-12, "the surest view weighs 1");
      assertEquals(Math.exp(-(0.8 - 0.01) / 0.04), weights[1], 1e-15);
      assertArrayEquals(new double[] {1, 1}, FusionWeights.EMBEDDING_ONLY.viewWeights(new double[][] {{0.9, 0.1},
          {0.5, 0.49}}), "0 weighs views alike");
    }
  }

  @Test
  void theViewConfidenceIsFittedOnValidationGroupsAndUsedOnlyWhenItGetsMoreRight() {
    try (ReferenceIndex index = index()) {
      FusionEvaluation evaluation = new FusionEvaluation(index, 0.01);
      List<QueryView> queries = roundSeenOnceClearly("q");
      Accuracy a = evaluation.evaluate(roundSeenOnceClearly("v"), queries, 3).accuracy();
      Accuracy.ViewConfidenceFit views = a.fit().views();
      assertEquals(new Accuracy.ViewConfidenceFit(1, 0, 1, views.viewConfidence()), views);
      assertTrue(views.viewConfidence() > 0, a.fit().toString());
      assertEquals(views.viewConfidence(), a.weights().viewConfidence());
      assertEquals(1.0, a.fusedMultiView().top1(), 1e-9, "the query group, fused with the fitted confidence");

      // Groups the plain mean already gets right keep the plain mean; no groups, no fit.
      List<QueryView> clear = List.of(new QueryView("c1", "round", 4, vector(0, 0, 1, 0.1), shape(1f)),
          new QueryView("c2", "round", 4, vector(0, 0, 1, 0.05), shape(1f)),
          new QueryView("c3", "round", 4, vector(0, 0.1, 1, 0), shape(1f)));
      Accuracy.WeightFit plain = evaluation.fit(clear, 3);
      assertEquals(new Accuracy.ViewConfidenceFit(1, 1, 1, 0), plain.views());
      assertEquals(0.0, plain.used().viewConfidence());
      assertEquals(null, evaluation.fit(clear).views());
    }
  }

  /**
   * Views are scored on every core: one core and four must give the same weights, figures and identifications (each
   * view's margin is summed in view order, not in the order the threads finish).
   */
  /** Parts of noisy views around a centre each: 6 references, 3 validation views and the queries a part. */
  private record NoisyCatalogue(List<ReferenceView> views, float[][] matrix, List<QueryView> validation,
      List<QueryView> queries) {
    static NoisyCatalogue of(long seed, int parts, int queriesPerPart) {
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
      List<ReferenceView> views = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      List<QueryView> validation = new ArrayList<>();
      List<QueryView> queries = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        float[] centre = noisy(new float[16], r, 1);
        float aspect = (float) r.nextDouble(0.2, 1);
        for (int v = 0; v < 9 + queriesPerPart; v++) {
          String part = "p" + p;
          float[] vector = noisy(centre, r, 0.6);
          ShapeDescriptor silhouette = shape(aspect + (float) r.nextDouble(-0.1, 0.1));
          if (v < 6) {
            views.add(new ReferenceView(part + "/" + v, part, part, 4, v, silhouette, false));
            vectors.add(vector);
          } else {
            (v < 9 ? validation : queries).add(new QueryView(part + "/" + v, part, 4, vector, silhouette));
          }
        }
      }
      return new NoisyCatalogue(views, vectors.toArray(new float[0][]), validation, queries);
    }

    ReferenceIndex index() {
      return new ReferenceIndex(views, matrix, new ExactSearch(matrix));
    }
  }

  @Test
  void theEvaluationIsTheSameOnOneCoreAndOnFour() throws Exception {
    NoisyCatalogue catalogue = NoisyCatalogue.of(21, 40, 3);
    try (ReferenceIndex index = catalogue.index()) {
      FusionEvaluation evaluation = new FusionEvaluation(index, 0.01);
      FusionEvaluation.Result oneCore =
          onCores(1, () -> evaluation.evaluate(catalogue.validation(), catalogue.queries(), 3));
      FusionEvaluation.Result fourCores =
          onCores(4, () -> evaluation.evaluate(catalogue.validation(), catalogue.queries(), 3));
      assertEquals(oneCore.accuracy(), fourCores.accuracy());
      assertEquals(oneCore.outcomes(), fourCores.outcomes());
      assertTrue(oneCore.accuracy().fusedSingleView().top1() < 1, "a test where views disagree: " + oneCore.accuracy());
    }
  }

  /**
   * The evaluation scores a view against a part once for all the groups it is in; every group must still rank
   * exactly as identifying its views on their own does (5 query views a part: each view in 3 of its part's 5 groups;
   * 200 parts, so that the 64 nearest references of a view name a few of them and the groups' candidates differ).
   */
  @Test
  void multiViewAccuracyIsWhatIdentifyingEachGroupOnItsOwnGives() {
    NoisyCatalogue catalogue = NoisyCatalogue.of(33, 200, 5);
    FusionWeights weights = new FusionWeights(0.1, 1, 0.035).withViewConfidence(0.04);
    try (ReferenceIndex index = catalogue.index()) {
      Accuracy.TopK multi = new FusionEvaluation(index, 0.01)
          .evaluate(weights, List.of(), catalogue.queries(), 3).accuracy().fusedMultiView();
      List<List<QueryView>> groups = FusionEvaluation.groups(catalogue.queries(), 3);
      int top1 = 0;
      int top5 = 0;
      for (List<QueryView> group : groups) {
        int rank = index.identify(group, weights, FusionEvaluation.TOP_K, 0.01).rankOf(group.get(0).partId());
        if (rank == 1) top1++;
        if (rank >= 1 && rank <= 5) top5++;
      }
      assertEquals(1000, multi.queries(), "5 rotations of each part's 5 query views");
      assertEquals((double) top1 / groups.size(), multi.top1(), 1e-12);
      assertEquals((double) top5 / groups.size(), multi.top5(), 1e-12);
      assertTrue(top1 < groups.size() && top1 > 0, "groups that disagree, so a wrong share would show: " + top1);
    }
  }

  /**
   * The fit's sweep over every setting at once (shared shape terms, parts that cannot matter not pooled) says what
   * scoring each setting apart says, the same doubles, for views whose true part is a candidate or not, with and
   * without silhouettes.
   */
  @Test
  void theFitsSweepOfEverySettingIsWhatEachSettingApartGives() {
    NoisyCatalogue catalogue = NoisyCatalogue.of(45, 200, 3);
    List<FusionWeights> settings = FusionEvaluation.settings();
    int truthOutside = 0;
    int notFirst = 0;
    try (ReferenceIndex index = catalogue.index()) {
      for (QueryView view : catalogue.validation()) {
        for (QueryView v : List.of(view, new QueryView(view.key(), view.partId(), 4, view.vector(), null))) {
          ViewEvidence evidence = index.evidence(v, index.candidates(v));
          ReferenceIndex.Outcome[] swept = index.outcomes(evidence, settings, v.partId());
          for (int s = 0; s < settings.size(); s++) {
            ReferenceIndex.Outcome apart = index.outcome(List.of(evidence), settings.get(s), v.partId());
            assertEquals(apart.first(), swept[s].first(), v.key() + " under " + settings.get(s));
            assertEquals(Double.doubleToLongBits(apart.margin()), Double.doubleToLongBits(swept[s].margin()),
                v.key() + " under " + settings.get(s));
            if (!apart.first()) notFirst++;
          }
          if (!evidence.byPart().containsKey(v.partId())) truthOutside++;
        }
      }
    }
    assertTrue(truthOutside > 0 && notFirst > truthOutside * settings.size(),
        "views whose truth is no candidate and views it loses: " + truthOutside + ", " + notFirst);
  }

  /** The fit's shortcut names the same first part as the ranking, ties (two parts with the same views) included. */
  @Test
  void theUnsortedTotalsNameTheSameFirstPartAsTheRanking() {
    List<ReferenceView> views = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (String part : List.of("twin-b", "twin-a", "other")) {
      for (int i = 0; i < 3; i++) {
        views.add(new ReferenceView(part + "/" + i, part, part, 4, i, shape(0.5f), false));
        vectors.add(part.equals("other") ? vector(1, 0.3, 0.1 * i, 0) : vector(1, 0.1 * i, 0, 0));
      }
    }
    float[][] matrix = vectors.toArray(new float[0][]);
    try (ReferenceIndex index = new ReferenceIndex(views, matrix, new ExactSearch(matrix))) {
      int firsts = 0;
      for (QueryView q : List.of(new QueryView("q1", "twin-a", 4, vector(1, 0.05, 0, 0), shape(0.5f)),
          new QueryView("q2", "other", 4, vector(1, 0.4, 0.1, 0), shape(0.5f)))) {
        ViewEvidence e = index.evidence(q, index.candidates(q));
        for (FusionWeights w : List.of(FusionWeights.EMBEDDING_ONLY, new FusionWeights(0.1, 1, 0.05))) {
          String best = index.rank(List.of(e), w, 5, 0.01).best();
          ReferenceIndex.Totals totals = index.totals(List.of(e), w);
          for (String part : List.of("twin-a", "twin-b", "other", "absent")) {
            assertEquals(part.equals(best), totals.first(part), q.key() + " " + w + " " + part);
            if (totals.first(part)) firsts++;
          }
        }
      }
      assertEquals(4, firsts);
      QueryView tie = new QueryView("q1", "twin-a", 4, vector(1, 0.05, 0, 0), shape(0.5f));
      assertEquals("twin-a", index.rank(List.of(index.evidence(tie, index.candidates(tie))),
          FusionWeights.EMBEDDING_ONLY, 5, 0.01).best(), "equal scores: the smaller part id first");
    }
  }

  private static float[] noisy(float[] centre, java.util.SplittableRandom r, double sigma) {
    float[] v = new float[centre.length];
    for (int i = 0; i < v.length; i++) v[i] = centre[i] + (float) (sigma * r.nextGaussian());
    return Vectors.l2Normalise(v);
  }

  /** Runs {@code work} in a pool of {@code cores} threads, which its parallel streams then use. */
  private static <T> T onCores(int cores, java.util.concurrent.Callable<T> work) throws Exception {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(cores);
    try {
      return pool.submit(work).get();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void weightsAreReadFromTheirWrittenFormAndBadFormsAreRefusedByName() {
    assertEquals(new FusionWeights(0.5, 0.25, 0.1, 0), FusionWeights.parse("0.5:0.25:0.1", "w"));
    assertEquals(new FusionWeights(0.5, 0.25, 0.1, 0.02), FusionWeights.parse(" 0.5:0.25:0.1:0.02 ", "w"));
    for (String bad : List.of("0.5:0.25", "1:2:3:4:5", "a:1:0", "1:NaN:0", "0.5::0.1", "-1:1:0", "1:0:0")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusionWeights.parse(bad, "--w"), bad);
      assertTrue(e.getMessage().startsWith("--w ") && e.getMessage().contains(" must be "), bad + ": " + e.getMessage());
    }
  }
}
