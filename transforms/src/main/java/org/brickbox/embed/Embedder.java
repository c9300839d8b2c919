package org.brickbox.embed;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
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

  /**
   * The images' vectors from forward passes of exactly {@code passSize} images, the last pass filled up with copies
   * of its last image. PyTorch gives an image the same bits at one batch size whatever shares its pass, but other
   * bits (a few 1e-8) at another size; the pipeline's batches vary in size from run to run and runner to runner (an
   * incomplete batch at the end or after a buffering timeout), and the records' rounded scores must not.
   */
  public List<float[]> embedInPassesOf(int passSize, List<DecodedImage> images) {
    if (passSize < 1) throw new IllegalArgumentException("a pass holds at least one image, was " + passSize);
    List<float[]> vectors = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += passSize) {
      List<DecodedImage> pass = new ArrayList<>(images.subList(from, Math.min(images.size(), from + passSize)));
      int real = pass.size();
      while (pass.size() < passSize) pass.add(pass.get(real - 1));
      vectors.addAll(embed(pass).subList(0, real));
    }
    return vectors;
  }

  @Override
  public void close() {
    predictor.close();
  }
}
