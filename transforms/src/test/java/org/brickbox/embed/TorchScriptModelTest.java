package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.brickbox.io.image.DecodedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An external TorchScript model (see {@link TorchScriptFixture} for how the file is made) loads offline and runs. */
class TorchScriptModelTest {

  @Test
  void loadsOfflineReadsItsOutputSizeAndEmbedsWithTheConfiguredPreprocessing(@TempDir Path dir) throws Exception {
    Path file = TorchScriptFixture.write(dir);
    ModelSpec spec = ModelSpec.parse("torchscript:" + file + "?preset=clip&size=32");
    assertEquals(32, spec.torchScriptPreprocessing().size());
    assertArrayEquals(Preprocessing.CLIP_MEAN, spec.torchScriptPreprocessing().mean());
    DecodedImage image = TestImages.gradient(48, 40, 7);
    try (EmbeddingModel model = EmbeddingModel.load(spec, TestImages.ENGINE); Embedder embedder = model.newEmbedder()) {
      assertEquals(TorchScriptFixture.OUTPUT_DIM, model.dimension(), "read from the model's output");
      assertEquals("pool_stats", model.info().name());
      float[] v = embedder.embed(List.of(image)).get(0);
      // The same statistics computed here: per-channel mean and max of the preprocessed input, then normalised.
      float[] x = spec.torchScriptPreprocessing().apply(image);
      int n = 32 * 32;
      float[] expected = new float[6];
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          sum += x[c * n + i];
          max = Math.max(max, x[c * n + i]);
        }
        expected[c] = (float) (sum / n);
        expected[3 + c] = max;
      }
      Vectors.l2Normalise(expected);
      assertArrayEquals(expected, v, 1e-5f);
    }
  }
}
