package org.brickbox.stages.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.brickbox.beam.LiveProgressFn;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.LDrawProblem;
import org.brickbox.io.ldraw.PartGeometry;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.render.PartHeap;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.PreparedMesh;
import org.brickbox.render.RenderKey;
import org.brickbox.render.RenderKeys;
import org.brickbox.render.RenderedView;

/**
 * Renders one {@link RenderTask}: a run of views of one part. The library (with its parsed-file cache) is shared by all instances in a JVM;
 * each instance owns a renderer, whose buffers Beam's one-thread-per-instance rule keeps private.
 */
final class RenderPartFn extends LiveProgressFn<RenderTask, RenderRecord> {
  private final RenderConfig config;
  private final String settingsHash;
  private final Counter imagesWritten = Metrics.counter(RenderStage.NAME, "images_written");
  private final Counter partsFailed = Metrics.counter(RenderStage.NAME, "parts_failed");
  private final Counter viewsFailed = Metrics.counter(RenderStage.NAME, "views_failed");
  private final Distribution renderMs = Metrics.distribution(RenderStage.NAME, "view_ms");
  private transient LDrawLibrary library;
  private transient PartRenderer renderer;

  RenderPartFn(RenderConfig config) {
    this.config = config;
    this.settingsHash = config.settingsHash();
  }

  @Setup
  public void setup() {
    library = LDrawLibrary.shared(Path.of(config.libraryRoot()), config.limits(), config.libraryFingerprint());
    renderer = new PartRenderer();
  }

  @ProcessElement
  public void process(@Element RenderTask task, MultiOutputReceiver out,
      PipelineOptions options) {
    String partId = task.partId();
    long start = System.nanoTime();
    PartGeometry part;
    try {
      part = library.load(partId,
          size -> PartHeap.check(partId, size, config.settings(), config.maxPartHeapBytes()));
      if (part.mesh().isEmpty()) {
        throw new LDrawException("part " + partId + " has no triangles or edges to draw");
      }
    } catch (RuntimeException e) {
      if (task.reportsPart()) {
        partsFailed.inc();
        out.get(StageResult.FAILURES).output(OperationLogs.failure(RenderStage.NAME, partId, partId, e));
        out.get(StageResult.LOGS).output(OperationLogs.record(
            RenderStage.NAME, "load_part", partId, Status.FAILED, start, Map.of(), OperationLogs.describe(e)));
      } else {
        out.get(StageResult.LOGS).output(OperationLogs.record(RenderStage.NAME, "render_views", task.toString(),
            Status.SKIPPED, start, Map.of(), "part " + partId + " failed to load (its dead letter is keyed " + partId + ")"));
      }
      return;
    }
    List<String> warnings = part.warnings().stream().map(LDrawProblem::toString).toList();
    Map<String, Object> loadMetadata = new LinkedHashMap<>();
    loadMetadata.put("triangles", part.mesh().triangleCount());
    loadMetadata.put("edges", part.mesh().edgeCount());
    if (!warnings.isEmpty()) loadMetadata.put("warnings", warnings);
    if (task.reportsPart()) {
      out.get(StageResult.LOGS).output(OperationLogs.record(RenderStage.NAME, "load_part", partId,
          warnings.isEmpty() ? Status.OK : Status.WARNING, start, loadMetadata, null));
    }

    PreparedMesh prepared = PreparedMesh.of(part.mesh());
    List<RenderKey> keys = RenderKeys.forPart(partId, config.settings())
        .subList(task.firstView(), task.firstView() + task.viewCount());
    List<RenderRecord> made = new ArrayList<>(keys.size());
    for (RenderKey key : keys) {
      long viewStart = System.nanoTime();
      try {
        RenderRecord record = renderAndWrite(prepared, part, key, warnings);
        out.get(RenderStage.RECORDS).output(record);
        made.add(record);
        imagesWritten.inc();
        renderMs.update((System.nanoTime() - viewStart) / 1_000_000);
        out.get(StageResult.LOGS).output(OperationLogs.record(options, RenderStage.NAME, "render_view", key.path(),
            Status.OK, viewStart, Map.of("image", record.image()), null));
      } catch (IOException | RuntimeException e) {
        viewsFailed.inc();
        out.get(StageResult.FAILURES).output(OperationLogs.failure(RenderStage.NAME, key.path(), partId, e));
        out.get(StageResult.LOGS).output(OperationLogs.record(options, RenderStage.NAME, "render_view", key.path(),
            Status.FAILED, viewStart, Map.of(), OperationLogs.describe(e)));
      }
    }
    long journalStart = System.nanoTime();
    try {
      RenderJournal.write(config.outputDir(), task, made);
    } catch (IOException | RuntimeException e) {
      // The images and records are whole; only a rerun after a failed run would render these views again.
      out.get(StageResult.LOGS).output(OperationLogs.record(options, RenderStage.NAME, "journal_records",
          task.toString(), Status.WARNING, journalStart, Map.of("images", made.size()),
          "a rerun after a failure would render these views again: " + OperationLogs.describe(e)));
    }
  }

  private RenderRecord renderAndWrite(PreparedMesh prepared, PartGeometry part, RenderKey key, List<String> warnings)
      throws IOException {
    RenderedView view = renderer.render(prepared, library.colours(), config.settings(), key);
    int w = view.width();
    int h = view.height();
    byte[] image = switch (config.format()) {
      case PNG -> ImageCodec.encodeRgbPng(view.rgb(), w, h, config.pngCompression());
      case WEBP -> ImageCodec.encodeRgbWebp(view.rgb(), w, h, config.webpQuality());
    };
    byte[] mask = ImageCodec.encodeGrayPng(view.mask(), w, h, config.pngCompression());
    String imagePath = config.format().imagePath(key);
    String maskPath = ImageFormat.maskPath(key);
    OutputFiles.writeAtomically(OutputFiles.resolve(config.outputDir(), imagePath), image, config.format().mimeType());
    OutputFiles.writeAtomically(OutputFiles.resolve(config.outputDir(), maskPath), mask, "image/png");
    var colour = view.metadata();
    return new RenderRecord(key.path(), part.partId(), part.header().description(), part.header().category(),
        key.colourCode(), colour.colourName(), key.viewIndex(), key.seed(), imagePath, maskPath,
        config.format().extension(), w, h, Hashes.sha256Hex(image), Hashes.sha256Hex(mask), part.closureHash(),
        library.version(), PartRenderer.RENDERER_VERSION, settingsHash, library.colours().definitionHash(key.colourCode()),
        warnings, view.metadata());
  }

  @Teardown
  public void teardown() {
    // The shared library stays cached for the next bundle or job in this JVM; the renderer's buffers go.
    renderer = null;
  }
}
