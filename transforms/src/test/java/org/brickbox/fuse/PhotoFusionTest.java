package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
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
