package org.brickbox.stages.qa;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.KV;
import org.brickbox.beam.LiveProgressFn;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.qa.ImageMetrics;
import org.brickbox.qa.ImageQuality;
import org.brickbox.qa.MeasuredView;
import org.brickbox.stages.fuse.ViewCueLogs;
import org.brickbox.stages.fuse.ViewCues;
import org.brickbox.stages.render.RenderRecord;

/**
 * Reads one rendered image and its mask and measures them, keyed by part for the per-part review; when the config
 * asks, also reads the fuse stage's cues off the same pixels ({@link QaStage#VIEW_CUES}). An image or mask that cannot
 * be read or decoded is a dead letter (of both stages then); an unreadable previous image only loses the SSIM (a
 * warning).
 */
final class MeasureImageFn extends LiveProgressFn<RenderRecord, KV<String, MeasuredView>> {
  private final QaConfig config;
  private final Counter measured = Metrics.counter(QaStage.NAME, "images_measured");
  private final Counter failed = Metrics.counter(QaStage.NAME, "images_failed");
  private final Distribution measureMs = Metrics.distribution(QaStage.NAME, "measure_ms");

  MeasureImageFn(QaConfig config) {
    this.config = config;
  }

  @ProcessElement
  public void process(@Element RenderRecord r, MultiOutputReceiver out,
      PipelineOptions options) {
    long start = System.nanoTime();
    Map<String, Object> metadata = new LinkedHashMap<>();
    DecodedImage image;
    DecodedImage mask;
    try {
      image = decode(r.image(), false);
      mask = decode(r.mask(), true);
    } catch (IOException | RuntimeException e) {
      measureFailed(r, e, start, metadata, out, options);
      if (config.viewCues()) cuesFailed(r, e, start, out, options);
      return;
    }
    try {
      DecodedImage previous = null;
      String previousError = null;
      ResourceId previousImage = previousImage(r.image());
      if (previousImage != null) {
        metadata.put("previous", previousImage.toString());
        try {
          previous = ImageCodec.decodeRgb(OutputFiles.read(previousImage));
        } catch (IOException | RuntimeException e) {
          previousError = "previous image " + previousImage + " unreadable, no SSIM: " + OperationLogs.describe(e);
        }
      }
      ImageMetrics metrics = ImageQuality.measure(image, mask, previous);
      out.get(QaStage.MEASURED).output(KV.of(r.partId(),
          new MeasuredView(r.key(), r.partId(), r.colourCode(), r.viewIndex(), r.image(), metrics)));
      measured.inc();
      measureMs.update((System.nanoTime() - start) / 1_000_000);
      out.get(StageResult.LOGS).output(OperationLogs.record(options, QaStage.NAME, "measure_image", r.key(),
          previousError == null ? Status.OK : Status.WARNING, start, metadata, previousError));
    } catch (IOException | RuntimeException e) {
      measureFailed(r, e, start, metadata, out, options);
    }
    if (!config.viewCues()) return;
    long cuesStart = System.nanoTime();
    try {
      ViewCues cues = ViewCues.of(r, image, mask);
      out.get(QaStage.VIEW_CUES).output(KV.of(r.key(), cues));
      ViewCueLogs.read(out, options, cues, cuesStart);
    } catch (RuntimeException e) {
      cuesFailed(r, e, cuesStart, out, options);
    }
  }

  private void measureFailed(RenderRecord r, Exception e, long start, Map<String, Object> metadata,
      MultiOutputReceiver out, PipelineOptions options) {
    failed.inc();
    out.get(StageResult.FAILURES).output(OperationLogs.failure(QaStage.NAME, r.key(), r.image(), e));
    out.get(StageResult.LOGS).output(OperationLogs.record(options, QaStage.NAME, "measure_image", r.key(), Status.FAILED,
        start, metadata, OperationLogs.describe(e)));
  }

  private void cuesFailed(RenderRecord r, Exception e, long start, MultiOutputReceiver out, PipelineOptions options) {
    ViewCueLogs.failed(out, options, r.key(), OutputFiles.resolve(config.outputDir(), r.mask()).toString(), e, start);
  }

  private DecodedImage decode(String relativePath, boolean grey) throws IOException {
    ResourceId file = OutputFiles.resolve(config.outputDir(), relativePath);
    byte[] bytes;
    try {
      bytes = OutputFiles.read(file);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return grey ? ImageCodec.decodeGray(bytes) : ImageCodec.decodeRgb(bytes);
    } catch (RuntimeException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** The same key's image in the baseline build, else the one an in-place rebuild kept under OUT/previous/; or null. */
  private ResourceId previousImage(String relativePath) throws IOException {
    List<String> roots = config.baselineDir() == null
        ? List.of(config.outputDir() + "/previous")
        : List.of(config.baselineDir(), config.outputDir() + "/previous");
    for (String root : roots) {
      ResourceId candidate = OutputFiles.resolve(root, relativePath);
      if (OutputFiles.exists(candidate)) return candidate;
    }
    return null;
  }
}
