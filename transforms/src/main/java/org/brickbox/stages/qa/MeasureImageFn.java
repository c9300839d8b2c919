package org.brickbox.stages.qa;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.KV;
import org.brickbox.beam.LiveProgressFn;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.fuse.ImageCues;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.qa.ImageMetrics;
import org.brickbox.qa.ImageQuality;
import org.brickbox.qa.MeasuredView;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.fuse.FuseStage;
import org.brickbox.stages.fuse.ViewCueLogs;
import org.brickbox.stages.fuse.ViewCues;
import org.brickbox.stages.render.RenderRecord;

/**
 * Reads one rendered image and its mask and measures them, keyed by part for the per-part review; when the config
 * asks, also reads the fuse stage's cues off the same pixels ({@link QaStage#VIEW_CUES}). An image or mask that cannot
 * be read or decoded is a dead letter (of both stages then); an unreadable previous image only loses the SSIM (a
 * warning). An image that an earlier run measured, as it is now ({@link #reusable}), is not read again: that
 * measurement and its cues are reused ({@link #REUSE}, and {@link #REUSE_CUES} of the fuse stage).
 */
final class MeasureImageFn extends LiveProgressFn<ImageToMeasure, KV<String, MeasuredView>> {
  static final String MEASURE = "measure_image";
  static final String REUSE = "reuse_measurement";
  static final String REUSE_CUES = "reuse_view_cues";
  private final QaConfig config;
  private final Counter measured = Metrics.counter(QaStage.NAME, "images_measured");
  private final Counter reused = Metrics.counter(QaStage.NAME, "images_reused");
  private final Counter failed = Metrics.counter(QaStage.NAME, "images_failed");
  private final Distribution measureMs = Metrics.distribution(QaStage.NAME, "measure_ms");

  MeasureImageFn(QaConfig config) {
    this.config = config;
  }

  /**
   * The earlier measurement of this image when it still holds: made of the same image and mask bytes (the hashes
   * its verdict recorded are the render record's), with cues when this run needs them, read by today's reader (and
   * without when it does not, as a fresh measurement would be). Null when the image must be measured.
   */
  static MeasuredView reusable(RenderRecord r, QaRecord earlier, boolean viewCues) {
    if (earlier == null || earlier.imageSha256() == null || !earlier.key().equals(r.key())
        || !earlier.imageSha256().equals(r.imageSha256()) || !Objects.equals(earlier.maskSha256(), r.maskSha256())
        || (viewCues && (earlier.cues() == null || !earlier.cues().current()))) {
      return null;
    }
    MeasuredView m;
    try {
      m = MeasuredView.reusedFrom(earlier);
    } catch (IllegalArgumentException incomplete) {
      return null;
    }
    return new MeasuredView(r.key(), r.partId(), r.colourCode(), r.viewIndex(), r.image(), m.metrics(),
        r.imageSha256(), r.maskSha256(), viewCues ? m.cues() : null);
  }

  @ProcessElement
  public void process(@Element ImageToMeasure task, MultiOutputReceiver out, PipelineOptions options) {
    RenderRecord r = task.record();
    long start = System.nanoTime();
    MeasuredView kept = reusable(r, task.earlier(), config.viewCues());
    if (kept != null) {
      out.get(QaStage.MEASURED).output(KV.of(r.partId(), kept));
      reused.inc();
      out.get(StageResult.LOGS).output(OperationLogs.record(options, QaStage.NAME, REUSE, r.key(), Status.OK, start,
          Map.of(), null));
      if (config.viewCues()) {
        out.get(QaStage.VIEW_CUES).output(KV.of(r.key(), ViewCues.of(r, kept.cues())));
        out.get(StageResult.LOGS).output(OperationLogs.record(options, FuseStage.NAME, REUSE_CUES, r.key(),
            Status.OK, start, Map.of(), null));
      }
      return;
    }
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
    ImageCues cues = null;
    long cuesStart = System.nanoTime();
    if (config.viewCues()) {
      try {
        cues = ImageCues.read(image, mask);
        ViewCues view = ViewCues.of(r, cues);
        out.get(QaStage.VIEW_CUES).output(KV.of(r.key(), view));
        ViewCueLogs.read(out, options, view, cuesStart);
      } catch (RuntimeException e) {
        cuesFailed(r, e, cuesStart, out, options);
      }
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
      out.get(QaStage.MEASURED).output(KV.of(r.partId(), new MeasuredView(r.key(), r.partId(), r.colourCode(),
          r.viewIndex(), r.image(), metrics, r.imageSha256(), r.maskSha256(), cues)));
      measured.inc();
      measureMs.update((System.nanoTime() - start) / 1_000_000);
      out.get(StageResult.LOGS).output(OperationLogs.record(options, QaStage.NAME, MEASURE, r.key(),
          previousError == null ? Status.OK : Status.WARNING, start, metadata, previousError));
    } catch (IOException | RuntimeException e) {
      measureFailed(r, e, start, metadata, out, options);
    }
  }

  private void measureFailed(RenderRecord r, Exception e, long start, Map<String, Object> metadata,
      MultiOutputReceiver out, PipelineOptions options) {
    failed.inc();
    out.get(StageResult.FAILURES).output(OperationLogs.failure(QaStage.NAME, r.key(), r.image(), e));
    out.get(StageResult.LOGS).output(OperationLogs.record(options, QaStage.NAME, MEASURE, r.key(), Status.FAILED,
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
