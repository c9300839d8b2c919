package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The network's architectures by name, and deepening a trained network without changing what it computes. */
class EmbeddingNetTest {
  private static final int WIDTH = 8;
  private static final int DIM = 16;
  private static final int SIZE = 32;

  @Test
  void architecturesAreNamedByTheirBlocksPerStageAndUnknownNamesAreRefused() {
    assertEquals(EmbeddingNet.ARCHITECTURE, EmbeddingNet.architecture(List.of(1, 1, 1, 1)));
    assertEquals("resnet-mini-blocks-1-1-2-2", EmbeddingNet.architecture(List.of(1, 1, 2, 2)));
    assertEquals(List.of(1, 1, 2, 2), EmbeddingNet.blocks("resnet-mini-blocks-1-1-2-2"));
    assertEquals(List.of(1, 1, 1, 1), EmbeddingNet.blocks(EmbeddingNet.ARCHITECTURE));
    assertEquals(List.of(2, 1, 1, 3), EmbeddingNet.parseBlocks("2, 1,1,3"));
    for (String unknown : List.of("resnet-50", "resnet-mini-blocks-1-1-2", "resnet-mini-blocks-1-1-0-2")) {
      var e = assertThrows(IllegalArgumentException.class, () -> EmbeddingNet.blocks(unknown));
      assertTrue(e.getMessage().contains(unknown) && e.getMessage().contains(EmbeddingNet.ARCHITECTURE), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> EmbeddingNet.parseBlocks("1,1,x,2"));
    assertThrows(IllegalArgumentException.class, () -> EmbeddingNet.parseBlocks("1,1,9,2"));
  }

  /**
   * A trained one-block network (random weights and batch-norm statistics stand for training) deepened to 1-2-1-3
   * blocks embeds a batch exactly as before; the same deep network without the deepening does not.
   */
  @Test
  void aDeepenedNetworkEmbedsExactlyAsItsShallowStart() {
    try (NDManager manager = TestImages.ENGINE.start().newBaseManager(TestImages.ENGINE.device())) {
      List<Integer> deepBlocks = List.of(1, 2, 1, 3);
      SequentialBlock shallow = initialised(manager, EmbeddingNet.ONE_BLOCK_PER_STAGE, 1);
      SequentialBlock deep = initialised(manager, deepBlocks, 2);
      NDArray images = manager.randomNormal(new Shape(4, 3, SIZE, SIZE));
      float[] before = embed(manager, shallow, images);
      float[] undeepened = embed(manager, deep, images);

      EmbeddingTrainer.withoutGrad(() -> EmbeddingNet.deepen(shallow, EmbeddingNet.ONE_BLOCK_PER_STAGE, deep, deepBlocks,
          EmbeddingTrainer::overwrite));
      float[] after = embed(manager, deep, images);

      assertSameFunctionAndNotBefore(before, after, undeepened, "deepened");

      var refused = assertThrows(IllegalArgumentException.class, () -> EmbeddingNet.deepen(deep, deepBlocks, shallow,
          EmbeddingNet.ONE_BLOCK_PER_STAGE, EmbeddingTrainer::overwrite));
      assertTrue(refused.getMessage().contains("stage 2 would lose blocks"), refused.getMessage());
    }
  }

  /**
   * A trained network (random weights and batch-norm statistics, two blocks in a stage) and its folded inference
   * network embed a batch alike, to float rounding; the folded network has no norm left, and before folding (its own
   * random weights) it computes something else.
   */
  @Test
  void aNetworkWithItsBatchNormsFoldedEmbedsAsTheTrainedOne() {
    try (NDManager manager = TestImages.ENGINE.start().newBaseManager(TestImages.ENGINE.device())) {
      List<Integer> blocks = List.of(1, 2, 1, 1);
      SequentialBlock trained = initialised(manager, blocks, 3);
      SequentialBlock folded = EmbeddingNet.foldedEmbedder(WIDTH, DIM, blocks);
      folded.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
      NDArray images = manager.randomNormal(new Shape(4, 3, SIZE, SIZE));
      float[] expected = embed(manager, trained, images);
      float[] unfolded = embed(manager, folded, images);

      EmbeddingTrainer.withoutGrad(() -> EmbeddingNet.foldBatchNorms(trained, folded, EmbeddingTrainer::overwrite));
      float[] actual = embed(manager, folded, images);

      assertSameFunctionAndNotBefore(expected, actual, unfolded, "folded");
      assertTrue(folded.getParameters().keys().stream().noneMatch(k -> k.contains("batchNorm")),
          folded.getParameters().keys().toString());
      var mismatched = assertThrows(IllegalStateException.class, () -> EmbeddingNet.foldBatchNorms(trained,
          EmbeddingNet.foldedEmbedder(WIDTH, DIM, List.of(1, 1, 1, 1)), EmbeddingTrainer::overwrite));
      assertTrue(mismatched.getMessage().contains("does not match"), mismatched.getMessage());
    }
  }

  /**
   * {@code actual} is {@code expected} to float rounding (1e-5 of its largest value, which is not trivially small),
   * and {@code before} (the network before it was given {@code expected}'s function) is not.
   */
  private static void assertSameFunctionAndNotBefore(float[] expected, float[] actual, float[] before, String what) {
    assertEquals(expected.length, actual.length);
    double worst = 0;
    double scale = 0;
    double differentBefore = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
      differentBefore = Math.max(differentBefore, Math.abs(expected[i] - before[i]));
    }
    assertTrue(scale > 0.1, "the embeddings are not trivially zero: " + scale);
    assertTrue(worst <= 1e-5 * scale, what + " output differs by " + worst + " (largest value " + scale + ")");
    assertTrue(differentBefore > 0.01 * scale, "before, the network computed something else: " + differentBefore);
  }

  /** A network with every parameter drawn at random, batch-norm statistics included (variances positive). */
  private static SequentialBlock initialised(NDManager manager, List<Integer> blocks, long seed) {
    SequentialBlock block = EmbeddingNet.embedder(WIDTH, DIM, blocks);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
    Random random = new Random(seed);
    EmbeddingTrainer.withoutGrad(() -> {
      for (Parameter p : block.getParameters().values()) {
        NDArray array = p.getArray();
        float[] values = new float[(int) array.size()];
        boolean positive = p.getType() == Parameter.Type.RUNNING_VAR || p.getType() == Parameter.Type.GAMMA;
        for (int i = 0; i < values.length; i++) {
          double v = random.nextGaussian() * (p.getType() == Parameter.Type.WEIGHT ? 0.3 : 0.5);
          values[i] = (float) (positive ? 0.5 + Math.abs(v) : v);
        }
        EmbeddingTrainer.overwrite(array, manager.create(values, array.getShape()));
      }
    });
    return block;
  }

  private static float[] embed(NDManager manager, SequentialBlock block, NDArray images) {
    return block.forward(new ParameterStore(manager, false), new NDList(images), false).singletonOrThrow()
        .toFloatArray();
  }
}
