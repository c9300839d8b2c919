package org.brickbox.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The built-in image-embedding network, defined with DJL blocks: a small ResNet-18-style backbone (a stride-2
 * stem, then four stages of basic residual blocks, widths w, 2w, 4w, 8w, the last three halving the resolution),
 * global average pooling and a linear projection to the embedding. With one block per stage ({@link #ARCHITECTURE}),
 * 64 px and w = 24 it has about 0.8 M parameters (3 MB of float32) and costs about 35 M multiply-adds per image.
 *
 * <p>A network with more blocks per stage can start from a trained one with fewer ({@link #deepen}): each stage's
 * first blocks take the trained weights and every added block starts as the identity, so the deeper network
 * embeds exactly as its start did and training adds capacity instead of starting over, which on 2 CPU cores is the
 * difference between an afternoon and a week.
 */
public final class EmbeddingNet {
  /** The name of one block per stage, the network every model before deeper ones were trained as. */
  public static final String ARCHITECTURE = "resnet-mini-4x1";
  /** One residual block in each of the four stages. */
  public static final List<Integer> ONE_BLOCK_PER_STAGE = List.of(1, 1, 1, 1);

  /** Batch norm's ε (DJL's default, so models trained before keep their function), used when folding too. */
  static final float BATCH_NORM_EPSILON = 1e-5f;

  private static final String BLOCKS_PREFIX = "resnet-mini-blocks-";
  private static final int STEM_CHILDREN = 3;

  private EmbeddingNet() {}

  /** The architecture's name in a model manifest: {@link #ARCHITECTURE} or "resnet-mini-blocks-1-1-2-2". */
  public static String architecture(List<Integer> blocks) {
    checkBlocks(blocks);
    if (blocks.equals(ONE_BLOCK_PER_STAGE)) return ARCHITECTURE;
    return BLOCKS_PREFIX + blocks.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("-"));
  }

  /** Blocks per stage of an architecture named by {@link #architecture}; anything else is refused by name. */
  public static List<Integer> blocks(String architecture) {
    if (ARCHITECTURE.equals(architecture)) return ONE_BLOCK_PER_STAGE;
    if (architecture != null && architecture.startsWith(BLOCKS_PREFIX)) {
      try {
        List<Integer> blocks = java.util.Arrays.stream(architecture.substring(BLOCKS_PREFIX.length()).split("-"))
            .map(Integer::valueOf).toList();
        checkBlocks(blocks);
        return blocks;
      } catch (IllegalArgumentException e) {
        // reported below with the name
      }
    }
    throw new IllegalArgumentException("unknown embedding network architecture '" + architecture + "' (known: "
        + ARCHITECTURE + ", " + BLOCKS_PREFIX + "B1-B2-B3-B4 with 1-8 blocks per stage)");
  }

  /** Blocks per stage from a user's "1,1,2,2". */
  public static List<Integer> parseBlocks(String text) {
    List<Integer> blocks;
    try {
      blocks = java.util.Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--blocks=" + text + ": four comma-separated counts, e.g. 1,1,2,2");
    }
    checkBlocks(blocks);
    return blocks;
  }

  /** The {@code --blocks} text of blocks per stage: "1,1,2,2", what {@link #parseBlocks} reads. */
  public static String blocksOption(List<Integer> blocks) {
    return blocks.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
  }

  /** Whether a network of {@code shallow} blocks per stage can be {@link #deepen deepened} into {@code deep}. */
  public static boolean canDeepen(List<Integer> shallow, List<Integer> deep) {
    return firstLosingStage(shallow, deep) < 0;
  }

  /** The first stage where {@code deep} has fewer blocks than {@code shallow}; -1 when none. */
  private static int firstLosingStage(List<Integer> shallow, List<Integer> deep) {
    for (int s = 0; s < shallow.size(); s++) {
      if (shallow.get(s) > deep.get(s)) return s;
    }
    return -1;
  }

  private static void checkBlocks(List<Integer> blocks) {
    if (blocks.size() != 4 || blocks.stream().anyMatch(b -> b < 1 || b > 8)) {
      throw new IllegalArgumentException("blocks per stage " + blocks + ": four stages of 1 to 8 blocks each");
    }
  }

  /** The one-block-per-stage network. */
  public static SequentialBlock embedder(int width, int dim) {
    return embedder(width, dim, ONE_BLOCK_PER_STAGE);
  }

  /** Image batch [n, 3, s, s] → embedding [n, dim] (not normalised: the translator and the head normalise). */
  public static SequentialBlock embedder(int width, int dim, List<Integer> blocks) {
    return network(width, dim, blocks, false);
  }

  /**
   * {@link #embedder}'s network for inference only: each batch norm folded into the convolution before it, which
   * then has a bias ({@link #foldBatchNorms} gives it a trained network's function). Inference reads batch norm's
   * running statistics, so each norm is a fixed per-channel scale and shift that the convolution's weights and a
   * bias can carry: a pass over every activation map fewer per convolution (about 7 % of a one-crop pass, BENCHMARKS).
   */
  public static SequentialBlock foldedEmbedder(int width, int dim, List<Integer> blocks) {
    return network(width, dim, blocks, true);
  }

  private static SequentialBlock network(int width, int dim, List<Integer> blocks, boolean folded) {
    checkBlocks(blocks);
    SequentialBlock net = new SequentialBlock().add(conv(width, 3, 2, folded));
    if (!folded) net.add(batchNorm());
    net.add(Activation.reluBlock());
    int in = width;
    for (int stage = 0; stage < blocks.size(); stage++) {
      int filters = width << stage;
      for (int b = 0; b < blocks.get(stage); b++) {
        int stride = stage > 0 && b == 0 ? 2 : 1;
        net.add(residual(filters, stride, in != filters || stride != 1, folded));
        in = filters;
      }
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(dim).build());
  }

  /**
   * Gives {@code folded} (a {@link #foldedEmbedder} of the same width, size and blocks, initialised) the inference
   * function of the trained {@code trained}: a convolution followed by a norm with scale γ, shift β, running mean μ
   * and variance σ² becomes the convolution with weights W·γ/√(σ²+ε) per output channel and bias β − μ·γ/√(σ²+ε);
   * the head's linear layer is copied. Sums run in another order afterwards, so outputs agree to float rounding
   * (about 1e-7 of the built-in model's unit-length embeddings), not bit for bit.
   *
   * @param overwrite writes values into a parameter's array (how depends on the caller's grad mode)
   */
  public static void foldBatchNorms(SequentialBlock trained, SequentialBlock folded,
      java.util.function.BiConsumer<NDArray, NDArray> overwrite) {
    List<Block> from = weighted(trained);
    List<Block> to = weighted(folded);
    List<Class<?>> expected = from.stream().filter(b -> !(b instanceof BatchNorm)).<Class<?>>map(Object::getClass).toList();
    if (!expected.equals(to.stream().<Class<?>>map(Object::getClass).toList())) {
      throw new IllegalStateException("the folded network does not match the trained one: " + to.size()
          + " weighted layers for " + expected.size());
    }
    int t = 0;
    for (int f = 0; f < from.size(); f++, t++) {
      Block source = from.get(f);
      var target = to.get(t).getParameters();
      if (source instanceof Linear) {
        overwrite.accept(target.get("weight").getArray(), source.getParameters().get("weight").getArray());
        overwrite.accept(target.get("bias").getArray(), source.getParameters().get("bias").getArray());
        continue;
      }
      if (f + 1 >= from.size() || !(from.get(f + 1) instanceof BatchNorm norm)) {
        throw new IllegalStateException("a convolution of the trained network is not followed by its batch norm");
      }
      f++;
      NDArray weight = source.getParameters().get("weight").getArray();
      float[] w = weight.toFloatArray();
      float[] gamma = values(norm, "gamma");
      float[] beta = values(norm, "beta");
      float[] mean = values(norm, "runningMean");
      float[] variance = values(norm, "runningVar");
      int channels = gamma.length;
      int perChannel = w.length / channels;
      float[] bias = new float[channels];
      for (int c = 0; c < channels; c++) {
        double scale = gamma[c] / Math.sqrt(variance[c] + (double) BATCH_NORM_EPSILON);
        for (int i = c * perChannel; i < (c + 1) * perChannel; i++) w[i] = (float) (w[i] * scale);
        bias[c] = (float) (beta[c] - mean[c] * scale);
      }
      try (NDManager scratch = weight.getManager().newSubManager()) {
        overwrite.accept(target.get("weight").getArray(), scratch.create(w, weight.getShape()));
        overwrite.accept(target.get("bias").getArray(), scratch.create(bias, new Shape(channels)));
      }
    }
  }

  /** The blocks with parameters, depth first: convolutions, norms and the head's linear layer, in forward order. */
  private static List<Block> weighted(Block block) {
    List<Block> found = new java.util.ArrayList<>();
    if (block instanceof Conv2d || block instanceof BatchNorm || block instanceof Linear) {
      found.add(block);
    } else {
      for (Block child : block.getChildren().values()) found.addAll(weighted(child));
    }
    return found;
  }

  private static float[] values(BatchNorm norm, String name) {
    return norm.getParameters().get(name).getArray().toFloatArray();
  }

  /**
   * Gives {@code deep} (initialised, {@code deepBlocks} per stage) the function of the trained {@code shallow}
   * ({@code shallowBlocks}, no more per stage): the stem, the head and each stage's first blocks take shallow's
   * parameters, batch-norm statistics included; every added block's last batch norm gets a zero scale and shift,
   * so the block adds nothing to its identity shortcut and passes its input (already through a ReLU) unchanged.
   * The zero scale still has a gradient: training grows the block from there.
   *
   * @param overwrite writes values into a parameter's array (how depends on the caller's grad mode)
   */
  public static void deepen(SequentialBlock shallow, List<Integer> shallowBlocks, SequentialBlock deep,
      List<Integer> deepBlocks, java.util.function.BiConsumer<NDArray, NDArray> overwrite) {
    if (!canDeepen(shallowBlocks, deepBlocks)) {
      throw new IllegalArgumentException("cannot deepen " + architecture(shallowBlocks) + " into "
          + architecture(deepBlocks) + ": stage " + (firstLosingStage(shallowBlocks, deepBlocks) + 1)
          + " would lose blocks");
    }
    List<Block> from = shallow.getChildren().values();
    List<Block> to = deep.getChildren().values();
    int shallowTotal = shallowBlocks.stream().mapToInt(Integer::intValue).sum();
    int deepTotal = deepBlocks.stream().mapToInt(Integer::intValue).sum();
    for (int i = 0; i < STEM_CHILDREN; i++) copy(from.get(i), to.get(i), overwrite);
    int fromIndex = STEM_CHILDREN;
    int toIndex = STEM_CHILDREN;
    for (int s = 0; s < 4; s++) {
      for (int b = 0; b < deepBlocks.get(s); b++, toIndex++) {
        if (b < shallowBlocks.get(s)) {
          copy(from.get(fromIndex++), to.get(toIndex), overwrite);
        } else {
          var norm = lastBatchNorm(to.get(toIndex)).getParameters();
          for (String zeroed : List.of("gamma", "beta")) {
            NDArray array = norm.get(zeroed).getArray();
            overwrite.accept(array, array.zerosLike());
          }
        }
      }
    }
    for (int i = STEM_CHILDREN + shallowTotal; i < from.size(); i++) {
      copy(from.get(i), to.get(i - shallowTotal + deepTotal), overwrite);
    }
  }

  private static void copy(Block from, Block to, java.util.function.BiConsumer<NDArray, NDArray> overwrite) {
    var source = from.getParameters();
    var target = to.getParameters();
    if (source.size() != target.size()) {
      throw new IllegalStateException("blocks differ: " + source.keys() + " against " + target.keys());
    }
    for (int i = 0; i < source.size(); i++) {
      NDArray values = source.get(i).getValue().getArray();
      NDArray into = target.get(i).getValue().getArray();
      if (!values.getShape().equals(into.getShape())) {
        throw new IllegalStateException(source.get(i).getKey() + " is " + values.getShape() + ", "
            + target.get(i).getKey() + " is " + into.getShape());
      }
      overwrite.accept(into, values);
    }
  }

  /** The batch norm that ends a residual block's main branch: residual → parallel → main → last child. */
  private static Block lastBatchNorm(Block residual) {
    Block parallel = residual.getChildren().get(0).getValue();
    List<Block> main = parallel.getChildren().get(0).getValue().getChildren().values();
    Block last = main.get(main.size() - 1);
    if (!(last instanceof BatchNorm)) throw new IllegalStateException("a residual block ends with " + last);
    return last;
  }

  /** Embedder followed by the normalised-softmax head: [n, 3, s, s] → cosine to each class centre [n, classes]. */
  public static SequentialBlock training(SequentialBlock embedder, int classes, int dim) {
    return new SequentialBlock().add(embedder).add(EmbeddingNet::l2Normalise).add(new CosineHead(classes, dim));
  }

  static NDList l2Normalise(NDList x) {
    return new NDList(GraphConstants.unitRows(x.singletonOrThrow()));
  }

  private static Block residual(int filters, int stride, boolean project, boolean folded) {
    SequentialBlock main = new SequentialBlock().add(conv(filters, 3, stride, folded));
    if (!folded) main.add(batchNorm());
    main.add(Activation.reluBlock()).add(conv(filters, 3, 1, folded));
    if (!folded) main.add(batchNorm());
    SequentialBlock shortcut = new SequentialBlock();
    if (project) {
      shortcut.add(conv(filters, 1, stride, folded));
      if (!folded) shortcut.add(batchNorm());
    } else {
      shortcut.add(Blocks.identityBlock());
    }
    return new SequentialBlock()
        .add(new ParallelBlock(
            outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
            List.of(main, shortcut)))
        .add(Activation.reluBlock());
  }

  /** A convolution; a bias only where a folded norm's shift goes (a norm right after it would cancel one). */
  private static Conv2d conv(int filters, int kernel, int stride, boolean bias) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .setFilters(filters)
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optBias(bias)
        .build();
  }

  private static BatchNorm batchNorm() {
    return BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).build();
  }
}
