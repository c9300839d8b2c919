package org.brickbox.stages.fuse;

import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.KV;
import org.brickbox.beam.LiveProgressFn;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.fuse.ColourEstimate;
import org.brickbox.fuse.ShapeCues;
import org.brickbox.fuse.ShapeDescriptor;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.stages.render.RenderRecord;

/** Reads a rendered view's mask and image: silhouette cues and measured colour, keyed by render key. */
final class ViewCuesFn extends LiveProgressFn<RenderRecord, KV<String, ViewCues>> {
  private final String outputDir;

  ViewCuesFn(String outputDir) {
    this.outputDir = outputDir;
  }

  @ProcessElement
  public void process(@Element RenderRecord r, MultiOutputReceiver out,
      PipelineOptions options) {
    long start = System.nanoTime();
    String mask = OutputFiles.resolve(outputDir, r.mask()).toString();
    try {
      DecodedImage maskImage = ImageCodec.decodeGray(OutputFiles.read(FileSystems.matchNewResource(mask, false)));
      DecodedImage image = ImageCodec.decodeRgb(OutputFiles.read(
          FileSystems.matchNewResource(OutputFiles.resolve(outputDir, r.image()).toString(), false)));
      if (image.width() != maskImage.width() || image.height() != maskImage.height()) {
        throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + " and mask "
            + maskImage.width() + "x" + maskImage.height() + " differ in size");
      }
      ShapeDescriptor shape = ShapeCues.of(maskImage.pixels(), maskImage.width(), maskImage.height());
      float[] rgb = ColourEstimate.medianRgb(image.pixels(), maskImage.pixels());
      double fill = ShapeCues.fill(maskImage.pixels(), maskImage.width(), maskImage.height());
      out.get(FuseStage.CUES).output(KV.of(r.key(), new ViewCues(r.key(), r.partId(), r.description(), r.colourCode(),
          r.colourName(), r.viewIndex(), shape, rgb, fill, null)));
      out.get(StageResult.LOGS).output(OperationLogs.record(options, FuseStage.NAME, "view_cues", r.key(), Status.OK, start,
          Map.of("holes", shape.holes()), null));
    } catch (RuntimeException | java.io.IOException e) {
      out.get(StageResult.FAILURES).output(OperationLogs.failure(FuseStage.NAME, r.key(), mask, e));
      out.get(StageResult.LOGS).output(OperationLogs.record(options, FuseStage.NAME, "view_cues", r.key(), Status.FAILED,
          start, Map.of(), OperationLogs.describe(e)));
    }
  }
}
