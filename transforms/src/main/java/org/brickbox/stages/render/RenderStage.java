package org.brickbox.stages.render;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.brickbox.beam.JsonCoder;
import org.brickbox.beam.StageResult;

/**
 * The render stage: render tasks (runs of views of a part, see {@link RenderTask#split} and {@link RenderTask#cover})
 * → every view rendered, encoded and written by render key, with one {@link RenderRecord} per image. Parts that cannot be loaded and views that cannot be rendered or written go to
 * the dead-letter output; the rest of the run goes on.
 */
public final class RenderStage extends PTransform<PCollection<RenderTask>, StageResult<RenderRecord>> {
  public static final String NAME = "render";
  static final TupleTag<RenderRecord> RECORDS = new TupleTag<>("render-records") {};

  private final RenderConfig config;

  public RenderStage(RenderConfig config) {
    super(NAME);
    this.config = config;
  }

  @Override
  public StageResult<RenderRecord> expand(PCollection<RenderTask> tasks) {
    var outputs = tasks
        .apply("SpreadTasks", Reshuffle.viaRandomKey())
        .apply("RenderViews", ParDo.of(new RenderPartFn(config)).withOutputTags(RECORDS, StageResult.sideTags()));
    outputs.get(RECORDS).setCoder(JsonCoder.of(RenderRecord.class));
    return StageResult.of(outputs, RECORDS);
  }
}
