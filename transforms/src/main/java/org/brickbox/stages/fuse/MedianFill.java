package org.brickbox.stages.fuse;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.brickbox.fuse.ShapeCues;

/**
 * The median of the render views' fill: how large a part stands in the run's renders, which photos added as
 * references are framed like. NaN when there is no render view. Holds every value: one double per view.
 */
final class MedianFill extends Combine.CombineFn<Double, List<Double>, Double> {
  @Override
  public List<Double> createAccumulator() {
    return new ArrayList<>();
  }

  @Override
  public List<Double> addInput(List<Double> accumulator, Double fill) {
    accumulator.add(fill);
    return accumulator;
  }

  @Override
  public List<Double> mergeAccumulators(Iterable<List<Double>> accumulators) {
    List<Double> all = new ArrayList<>();
    for (List<Double> a : accumulators) all.addAll(a);
    return all;
  }

  @Override
  public Double extractOutput(List<Double> accumulator) {
    return ShapeCues.medianFill(accumulator.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Override
  public Coder<List<Double>> getAccumulatorCoder(CoderRegistry registry, Coder<Double> inputCoder) {
    return ListCoder.of(DoubleCoder.of());
  }
}
