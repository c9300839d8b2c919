package org.brickbox.embed;

import java.util.List;
import java.util.Map;

/**
 * Settings of {@code ./brickbox train}.
 *
 * @param validationStride every view whose index % stride == stride - 1 is held out for validation (by view,
 *     so no copy of a validation view, in any colour, is trained on)
 * @param warmUpEpochs the learning rate rises linearly from 0 over this many epochs before the cosine decay: a
 *     freshly initialised network with hundreds of classes takes its largest steps first
 * @param backgroundSwap share of training images whose background is replaced through the render's mask (flat,
 *     gradient or noise); photographic renders already stand on real surfaces with shadows, which a swap removes
 * @param init the model whose embedder the training starts from ({@code builtin} or {@code brickbox:DIR}, same
 *     width, embedding size and input size), its class centres imprinted from the training views; empty for a
 *     seeded random start. Fine-tuning keeps what a model learnt about shapes while it adapts to a new look
 * @param hardMargin extra margin on the cosine of a training image's hard negatives (parts a run confused with its
 *     part, {@link HardNegatives}); no effect unless {@code train --hardNegatives=RUN} names such a run
 * @param blocks residual blocks in each of the network's four stages ({@link EmbeddingNet}); an {@code init} model
 *     with fewer is deepened into them, its function kept
 */
public record TrainConfig(int inputSize, int width, int embeddingSize, int epochs, int batchSize,
    double learningRate, double weightDecay, double scale, double margin, int validationStride, long seed,
    String name, boolean augment, double warmUpEpochs, double backgroundSwap, String init,
    double hardMargin, List<Integer> blocks) {

  /** The keys {@link #with} understands; anything else is a typo the user should hear about. */
  public static final java.util.Set<String> KEYS = java.util.Set.of("inputSize", "width", "embeddingSize", "epochs",
      "batchSize", "lr", "weightDecay", "scale", "margin", "validationStride", "seed", "name", "augment", "warmUpEpochs",
      "backgroundSwap", "init", "hardMargin", "blocks");

  /** The recipe of the built-in model v8 (its README): 96 px resolves stud and hole counts that 64 px blurred. */
  public static final TrainConfig DEFAULT =
      new TrainConfig(96, 32, 512, 26, 32, 3e-3, 5e-4, 16.0, 0.2, 6, 1L, "brickbox-embed", true, 1.0, 0.7, "", 0.1,
          EmbeddingNet.ONE_BLOCK_PER_STAGE);

  /** Overrides from {@code --name=value} pairs (inputSize, width, embeddingSize, epochs, batchSize, lr, ...). */
  public TrainConfig with(Map<String, String> o) {
    for (String k : o.keySet()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown training setting --" + k + " (known: " + new java.util.TreeSet<>(KEYS)
            + ")");
      }
    }
    return new TrainConfig(
        i(o, "inputSize", inputSize), i(o, "width", width), i(o, "embeddingSize", embeddingSize),
        i(o, "epochs", epochs), i(o, "batchSize", batchSize), d(o, "lr", learningRate),
        d(o, "weightDecay", weightDecay), d(o, "scale", scale), d(o, "margin", margin),
        i(o, "validationStride", validationStride), Long.parseLong(o.getOrDefault("seed", Long.toString(seed))),
        o.getOrDefault("name", name), Boolean.parseBoolean(o.getOrDefault("augment", Boolean.toString(augment))),
        d(o, "warmUpEpochs", warmUpEpochs), d(o, "backgroundSwap", backgroundSwap), o.getOrDefault("init", init),
        d(o, "hardMargin", hardMargin),
        o.containsKey("blocks") ? EmbeddingNet.parseBlocks(o.get("blocks")) : blocks);
  }

  private static int i(Map<String, String> o, String k, int dflt) {
    return o.containsKey(k) ? Integer.parseInt(o.get(k)) : dflt;
  }

  private static double d(Map<String, String> o, String k, double dflt) {
    return o.containsKey(k) ? Double.parseDouble(o.get(k)) : dflt;
  }
}
