package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One optimisation step of the built-in network, as {@code ./brickbox train} runs it: memory stays flat over many
 * steps (a 200-part training was OOM-killed by ~1.3 MB left on the model's manager per step), and a batch whose
 * loss or gradient is not finite leaves the weights untouched.
 */
class TrainingStepTest {
  private static final int SIZE = 16;
  private static final int CLASSES = 40;
  private final EmbeddingTrainer trainer = new EmbeddingTrainer(
      TrainConfig.DEFAULT.with(Map.of("width", "4", "embeddingSize", "16", "inputSize", "16")),
      new PrintStream(OutputStream.nullOutputStream()));

  @Test
  void stepsLeaveNothingBehindOnTheModelsManager() {
    TestImages.ENGINE.start();
    try (Model model = newModel(); Trainer t = newTrainer(model)) {
      SplittableRandom r = new SplittableRandom(7);
      trainer.step(t, images(8, r), labels(8, r), SIZE, CLASSES); // first step creates the optimizer's state
      int after1 = managed(model);
      for (int i = 0; i < 20; i++) {
        EmbeddingTrainer.BatchOutcome o = trainer.step(t, images(8, r), labels(8, r), SIZE, CLASSES);
        assertTrue(o.finite());
      }
      assertEquals(after1, managed(model), "arrays still attached to the model after 20 more steps");
    }
  }

  @Test
  void aBatchWithANonFiniteLossIsSkippedWithoutTouchingTheWeights() {
    TestImages.ENGINE.start();
    try (Model model = newModel(); Trainer t = newTrainer(model)) {
      SplittableRandom r = new SplittableRandom(8);
      trainer.step(t, images(8, r), labels(8, r), SIZE, CLASSES);
      float[] before = weights(model);
      float[] poisoned = images(8, r);
      poisoned[5] = Float.NaN;
      EmbeddingTrainer.BatchOutcome o = trainer.step(t, poisoned, labels(8, r), SIZE, CLASSES);
      assertFalse(o.finite());
      assertTrue(Arrays.equals(before, weights(model)), "a skipped step must not change any weight");
      EmbeddingTrainer.BatchOutcome next = trainer.step(t, images(8, r), labels(8, r), SIZE, CLASSES);
      assertTrue(next.finite(), "the NaN batch's gradients must not leak into the next step");
      float[] after = weights(model);
      assertFalse(Arrays.equals(before, after));
      for (float w : after) assertTrue(Float.isFinite(w));
    }
  }

  @Test
  void aNonFiniteGradientIsCaughtEvenWhenTheLossIsFinite() {
    TestImages.ENGINE.start();
    try (Model model = newModel(); Trainer t = newTrainer(model)) {
      SplittableRandom r = new SplittableRandom(9);
      assertTrue(trainer.step(t, images(8, r), labels(8, r), SIZE, CLASSES).finite());
      List<NDArray> trainable = EmbeddingTrainer.parameterArrays(t, true);
      assertTrue(EmbeddingTrainer.gradientsFinite(trainable));
      try (NDArray g = trainable.get(trainable.size() - 1).getGradient()) {
        float[] poisoned = g.toFloatArray();
        poisoned[poisoned.length - 1] = Float.POSITIVE_INFINITY;
        g.set(poisoned);
      }
      assertFalse(EmbeddingTrainer.gradientsFinite(trainable), "an infinite gradient element must be seen");
    }
  }

  private static Model newModel() {
    Model model = Model.newInstance("step-test", TestImages.ENGINE.device(), DjlEngine.ENGINE);
    model.setBlock(EmbeddingNet.training(EmbeddingNet.embedder(4, 16), CLASSES, 16));
    return model;
  }

  private static Trainer newTrainer(Model model) {
    Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adamW().optWeightDecays(5e-4f).build()));
    t.initialize(new Shape(8, 3, SIZE, SIZE));
    return t;
  }

  /** Every array attached to the model's manager or one of its sub-managers (the trainer's among them). */
  private static int managed(Model model) {
    return ((BaseNDManager) model.getNDManager()).getManagedArrays().size();
  }

  private static float[] weights(Model model) {
    NDManager m = model.getNDManager();
    float[] all = new float[0];
    for (var p : model.getBlock().getParameters().values()) {
      float[] v = p.getArray().toFloatArray();
      float[] joined = Arrays.copyOf(all, all.length + v.length);
      System.arraycopy(v, 0, joined, all.length, v.length);
      all = joined;
    }
    assertTrue(m.isOpen());
    return all;
  }

  private static float[] images(int n, SplittableRandom r) {
    float[] x = new float[n * 3 * SIZE * SIZE];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    return x;
  }

  private static int[] labels(int n, SplittableRandom r) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = r.nextInt(CLASSES);
    return y;
  }
}
