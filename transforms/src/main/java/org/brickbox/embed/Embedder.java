package org.brickbox.embed;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.List;
import org.brickbox.io.image.DecodedImage;

/** One thread's view of an {@link EmbeddingModel}: images in, unit-length vectors out, one forward pass per call. */
public final class Embedder implements AutoCloseable {
  private final Predictor<DecodedImage, float[]> predictor;

  Embedder(Predictor<DecodedImage, float[]> predictor) {
    this.predictor = predictor;
  }

  public List<float[]> embed(List<DecodedImage> images) {
    if (images.isEmpty()) return List.of();
    try {
      return predictor.batchPredict(images);
    } catch (TranslateException e) {
      throw new IllegalStateException("embedding a batch of " + images.size() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    predictor.close();
  }
}
