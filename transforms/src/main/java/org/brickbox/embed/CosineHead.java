package org.brickbox.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Normalised-softmax classification head used only in training: cosine similarity between the (already
 * L2-normalised) embedding and one learnt, normalised centre per part. With a scale and an additive margin on
 * the true class (CosFace) it pulls every view of a part, in every colour, towards one direction, which is what
 * nearest-neighbour identification needs. Discarded after training.
 */
final class CosineHead extends AbstractBlock {
  private static final byte VERSION = 1;
  /** The name of the centres' parameter. */
  static final String CENTRES = "centres";
  private final int classes;
  private final Parameter centres;

  CosineHead(int classes, int dim) {
    super(VERSION);
    this.classes = classes;
    this.centres = addParameter(Parameter.builder().setName(CENTRES).setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(classes, dim)).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray e = inputs.singletonOrThrow();
    NDArray w = store.getValue(centres, e.getDevice(), training);
    // An operation's result belongs to the manager of its first operand. Starting from an array of the batch
    // keeps this step's copies of the centres (and the autograd graph behind them) in the batch's scope; starting
    // from w pinned them to the model's manager until training ended: ~1.3 MB a step at 200 parts, which got a
    // 200-part training OOM-killed after 19,000 steps.
    NDArray local = e.getManager().ones(new Shape(1)).mul(w);
    return new NDList(e.matMul(GraphConstants.unitRows(local).transpose()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
  }

  @Override
  public void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {}
}
