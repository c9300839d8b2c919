package org.brickbox.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Numbers inside a computation that autograd records (the training graph). Never DJL's {@code mul(Number)},
 * {@code div(Number)}, {@code pow(Number)} or {@code maximum(Number)} there: with PyTorch they wrap the number in a
 * tensor over a Java direct buffer and close it at once, while autograd keeps that tensor for the backward pass; once
 * the garbage collector has freed the buffer, the backward pass reads freed memory (glibc's free-list pointers as the
 * number: infinite or NaN gradients from a finite loss, at random, wherever a collection fell between the passes).
 * A tensor that PyTorch allocates itself lives as long as anything, autograd included, holds it.
 */
final class GraphConstants {
  private GraphConstants() {}

  /** {@code value} as a 0-d tensor of {@code like}'s type on its manager and device, in PyTorch's own memory. */
  static NDArray scalar(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }

  /**
   * Each row of {@code x} ([n, d]) divided by its L2 norm. The floor is inside the root: sqrt has an infinite gradient
   * at 0, which turned a zero vector into NaN weights.
   */
  static NDArray unitRows(NDArray x) {
    return x.div(x.square().sum(new int[] {1}, true).maximum(scalar(x, 1e-24f)).sqrt());
  }
}
