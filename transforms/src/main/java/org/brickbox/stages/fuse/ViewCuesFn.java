package org.brickbox.stages.fuse;

import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.KV;
import org.brickbox.beam.LiveProgressFn;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.stages.render.RenderRecord;

/**
 * Reads a rendered view's mask and image: silhouette cues and measured colour, keyed by render key. A run with QA
 * gets its cues from QA's reader instead ({@link FuseStage#withCues}), which decodes the same files.
 */
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
      ViewCues cues = ViewCues.of(r, image, maskImage);
      out.get(FuseStage.CUES).output(KV.of(r.key(), cues));
      ViewCueLogs.read(out, options, cues, start);
    } catch (RuntimeException | java.io.IOException e) {
      ViewCueLogs.failed(out, options, r.key(), mask, e, start);
    }
  }
}
