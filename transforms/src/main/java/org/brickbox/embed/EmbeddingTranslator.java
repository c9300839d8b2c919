package org.brickbox.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import org.brickbox.io.image.DecodedImage;

/**
 * Image in, L2-normalised embedding out: preprocessing ({@link Preprocessing}) on the way in, the model's first
 * output flattened and normalised on the way out. Batches are stacked, so one forward pass serves a whole batch.
 */
public final class EmbeddingTranslator implements Translator<DecodedImage, float[]> {
  private final Preprocessing preprocessing;

  public EmbeddingTranslator(Preprocessing preprocessing) {
    this.preprocessing = preprocessing;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, DecodedImage image) {
    int s = preprocessing.size();
    return new NDList(ctx.getNDManager().create(preprocessing.apply(image), new Shape(3, s, s)));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList output) {
    NDArray first = output.get(0);
    return Vectors.l2Normalise(first.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
  }

  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }
}
