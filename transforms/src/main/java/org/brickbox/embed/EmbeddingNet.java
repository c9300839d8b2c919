package org.brickbox.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * stem, then four stages of one basic residual block each, widths w, 2w, 4w, 8w, the last three halving the
 * resolution), global average pooling and a linear projection to the embedding. At 64 px and w = 24 it has about
 * 0.8 M parameters (3 MB of float32) and costs about 35 M multiply-adds per image.
 */
public final class EmbeddingNet {
  public static final String ARCHITECTURE = "resnet-mini-4x1";

  private EmbeddingNet() {}

  /** Image batch [n, 3, s, s] → embedding [n, dim] (not normalised: the translator and the head normalise). */
  public static SequentialBlock embedder(int width, int dim) {
    SequentialBlock net = new SequentialBlock()
        .add(conv(width, 3, 2))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock());
    int[] widths = {width, 2 * width, 4 * width, 8 * width};
    int in = width;
    for (int i = 0; i < widths.length; i++) {
      int stride = i == 0 ? 1 : 2;
      net.add(residual(widths[i], stride, in != widths[i] || stride != 1));
      in = widths[i];
    }
    return net.add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(dim).build());
  }

  /** Embedder followed by the normalised-softmax head: [n, 3, s, s] → cosine to each class centre [n, classes]. */
  public static SequentialBlock training(SequentialBlock embedder, int classes, int dim) {
    return new SequentialBlock().add(embedder).add(EmbeddingNet::l2Normalise).add(new CosineHead(classes, dim));
  }

  static NDList l2Normalise(NDList x) {
    return new NDList(GraphConstants.unitRows(x.singletonOrThrow()));
  }

  private static Block residual(int filters, int stride, boolean project) {
    SequentialBlock main = new SequentialBlock()
        .add(conv(filters, 3, stride))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock())
        .add(conv(filters, 3, 1))
        .add(BatchNorm.builder().build());
    SequentialBlock shortcut = new SequentialBlock();
    if (project) {
      shortcut.add(conv(filters, 1, stride)).add(BatchNorm.builder().build());
    } else {
      shortcut.add(Blocks.identityBlock());
    }
    return new SequentialBlock()
        .add(new ParallelBlock(
            outs -> new NDList(outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())),
            List.of(main, shortcut)))
        .add(Activation.reluBlock());
  }

  private static Conv2d conv(int filters, int kernel, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .setFilters(filters)
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optBias(false)
        .build();
  }
}
