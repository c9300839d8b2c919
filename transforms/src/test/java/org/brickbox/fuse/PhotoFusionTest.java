package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.brickbox.embed.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Photos embedded as several crops, on {@link FusionTest}'s index: mean pooling is the mean of the crops' cosines
 * (a photo of one crop scores as that view does), max pooling lets the crop nearest a reference speak, and a photo
 * without a silhouette adds no shape term.
 */
class PhotoFusionTest {
  static final FusionWeights SHAPE = new FusionWeights(0.1, 1, 0);

  @Test
  void aPhotoOfOneCropScoresAsThatViewDoes() {
    try (ReferenceIndex index = FusionTest.index()) {
      QueryView view = FusionTest.confusingShortView("q");
      Identification asView = index.identify(List.of(view), SHAPE, 5, 0.01);
      for (CropPooling pooling : CropPooling.values()) {
        Identification asPhoto = index.identifyPhotos(List.of(new PhotoQuery("q", List.of(view.vector()),
            view.shape())), pooling, SHAPE, 5, 0.01);
        assertEquals(asView.candidates(), asPhoto.candidates(), pooling.label());
      }
    }
  }

  @Test
  void meanPoolingAveragesTheCropsCosinesAndMaxTakesTheBest() {
    try (ReferenceIndex index = FusionTest.index()) {
      float[] nearRound = FusionTest.vector(0, 0, 1, 0);
      float[] nearShort = FusionTest.vector(1, 0, 0, 0);
      float[] between = FusionTest.vector(0.2, 0, 1, 0); // a crop of mostly background, nearer "round"
      PhotoQuery photo = new PhotoQuery("p", List.of(nearShort, between), null);
      Identification mean = index.identifyPhotos(List.of(photo), CropPooling.MEAN, FusionWeights.EMBEDDING_ONLY, 5, 0);
      Identification max = index.identifyPhotos(List.of(photo), CropPooling.MAX, FusionWeights.EMBEDDING_ONLY, 5, 0);
      // "short" view 0 is (1, 0, 0, 0): cosines 1 and 0.196; "round" view 0 is (0, 0, 1, 0): 0 and 0.981.
      double expectedShortMean = (1 + Vectors.dot(between, FusionTest.vector(1, 0, 0, 0))) / 2;
      assertEquals(expectedShortMean, score(mean, "short"), 1e-6);
      assertEquals(1.0, score(max, "short"), 1e-6);
      assertEquals("short", max.best());
      assertEquals(Vectors.dot(between, nearRound), score(max, "round"), 1e-6);
    }
  }

  /**
   * Under mean pooling the parts scored are those near the photo's mean crop direction, which is what is scored:
   * 256 parts, one reference each, around a circle; crops at 0 and 90 degrees, so their mean lies at 45. Searching
   * each crop instead would also score parts at -45..0 degrees, near the first crop only; max pooling still does.
   */
  @Test
  void meanPoolingLooksForCandidatesAroundTheMeanDirection() {
    int parts = 256;
    List<ReferenceView> views = new ArrayList<>();
    float[][] vectors = new float[parts][];
    for (int i = 0; i < parts; i++) {
      double angle = 2 * Math.PI * i / parts;
      views.add(new ReferenceView("p" + i + "/0", "p" + i, "part " + i, 4, 0, null, false));
      vectors[i] = FusionTest.vector(Math.cos(angle), Math.sin(angle), 0, 0);
    }
    try (ReferenceIndex index = new ReferenceIndex(views, vectors, new ExactSearch(vectors))) {
      PhotoQuery photo = new PhotoQuery("p", List.of(FusionTest.vector(1, 0, 0, 0), FusionTest.vector(0, 1, 0, 0)),
          null);
      Set<String> scored = new TreeSet<>();
      for (PartScore p : index.identifyPhotos(List.of(photo), CropPooling.MEAN, FusionWeights.EMBEDDING_ONLY, parts, 0)
          .candidates()) {
        scored.add(p.partId());
      }
      Set<String> nearMean = new TreeSet<>();
      for (var n : new ExactSearch(vectors).search(ReferenceIndex.photoVector(photo), ReferenceIndex.NEIGHBOURS)) {
        nearMean.add("p" + n.ordinal());
      }
      assertEquals(nearMean, scored);
      assertFalse(scored.contains("p" + (parts - 20)), "-28 degrees: near the first crop, far from the mean");
      Set<String> scoredByMax = new TreeSet<>();
      for (PartScore p : index.identifyPhotos(List.of(photo), CropPooling.MAX, FusionWeights.EMBEDDING_ONLY, parts, 0)
          .candidates()) {
        scoredByMax.add(p.partId());
      }
      assertTrue(scoredByMax.contains("p" + (parts - 20)), "max pooling searches every crop");
    }
  }

  @Test
  void aPhotoWithoutASilhouetteAddsNoShapeTerm() {
    try (ReferenceIndex index = FusionTest.index()) {
      QueryView view = FusionTest.confusingShortView("q");
      Identification noShape = index.identifyPhotos(List.of(new PhotoQuery("q", List.of(view.vector()), null)),
          CropPooling.MEAN, SHAPE, 5, 0.01);
      Identification embeddingOnly = index.identify(List.of(view), FusionWeights.EMBEDDING_ONLY, 5, 0.01);
      assertEquals(embeddingOnly.best(), noShape.best(), "without a silhouette the embedding decides");
      for (PartScore p : noShape.candidates()) assertEquals(0, p.shape(), 1e-12, p.partId());
    }
  }

  @Test
  void poolingNamesParse() {
    assertEquals(CropPooling.MAX, CropPooling.parse(" Max"));
    assertThrows(IllegalArgumentException.class, () -> CropPooling.parse("median"));
    assertThrows(IllegalArgumentException.class, () -> new PhotoQuery("empty", List.of(), null));
  }

  private static double score(Identification identification, String part) {
    return identification.candidates().stream().filter(p -> p.partId().equals(part)).findFirst().orElseThrow().score();
  }
}
