package org.brickbox.stages.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.fuse.CropFiles;
import org.brickbox.fuse.PhotoPreparation;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.OperationLogRecord.Status;
import org.brickbox.stages.embed.ImageRef;

/**
 * A user's photo → the crops {@code identify} would embed for it, written under {@code OUT/photos/crops/} (with
 * their sidecars, so a user can see what the index holds), one image to embed per crop, and the photo's reference
 * record still without its vector. The crops are framed like the run's renders: the side input is the median fill
 * of the render views. A photo that cannot be read, decoded or shows no part is a dead letter with the reason.
 */
final class PreparePhotoFn extends DoFn<PhotoTask, ImageRef> {
  static final TupleTag<ImageRef> CROPS = new TupleTag<>("photo-crops") {};
  static final TupleTag<KV<String, PhotoReference>> PREPARED = new TupleTag<>("photo-prepared") {};
  static final String CROPS_DIR = "photos/crops";

  private final String outputDir;
  private final int imageSize;
  private final long maxPixels;
  private final PCollectionView<Double> renderFill;

  /** @param maxPixels a photo whose header declares more pixels is refused before it is decoded */
  PreparePhotoFn(String outputDir, int imageSize, long maxPixels, PCollectionView<Double> renderFill) {
    this.outputDir = outputDir;
    this.imageSize = imageSize;
    this.maxPixels = maxPixels;
    this.renderFill = renderFill;
  }

  /** The crop images of a photo key: {@code photos/crops/<partId>/<stem>.<crop>.png}. */
  static String cropPath(PhotoTask task, PhotoPreparation.CropKind kind) {
    return CROPS_DIR + "/" + stem(task) + "." + kind.label() + ".png";
  }

  /** The key a crop is embedded under: its photo's key, {@code #}, and the crop image's path. */
  static String cropKey(String photoKey, String cropPath) {
    return photoKey + "#" + cropPath;
  }

  /** The photo key of a crop's key. */
  static String photoKeyOf(String cropKey) {
    return cropKey.substring(0, cropKey.lastIndexOf("#" + CROPS_DIR + "/"));
  }

  private static String stem(PhotoTask task) {
    return task.key().substring(PhotoTask.KEY_PREFIX.length());
  }

  private static Double partLength(PhotoPreparation.Prepared prepared) {
    double pixels = prepared.partLength();
    return Double.isNaN(pixels) ? null : pixels;
  }

  @ProcessElement
  public void process(@Element PhotoTask task, ProcessContext context, MultiOutputReceiver out) {
    long start = System.nanoTime();
    try {
      double fill = context.sideInput(renderFill);
      if (!(fill > 0)) throw new IllegalStateException("no render view to frame the photo like: the run has none");
      byte[] bytes = OutputFiles.read(FileSystems.matchNewResource(task.uri(), false));
      PhotoPreparation.Prepared prepared = PhotoPreparation.prepareEncoded(bytes, maxPixels, imageSize, fill,
          PhotoPreparation.CropSet.DEFAULT);
      CropFiles.write(OutputFiles.resolve(outputDir, CROPS_DIR).toString(), stem(task), task.uri(), prepared);
      List<String> crops = new ArrayList<>();
      for (PhotoPreparation.Crop crop : prepared.crops()) {
        String path = cropPath(task, crop.kind());
        crops.add(path);
        out.get(CROPS).output(new ImageRef(cropKey(task.key(), path),
            OutputFiles.resolve(outputDir, path).toString(), task.partId(), -1, -1));
      }
      out.get(PREPARED).output(KV.of(task.key(), new PhotoReference(task.key(), task.partId(), task.capture(),
          task.uri(), Hashes.sha256Hex(bytes), prepared.segmentation().method().label(),
          prepared.segmentation().confidence(), prepared.shape(), prepared.rgb(), partLength(prepared),
          task.pixelsPerMm(), List.copyOf(crops), PhotoPreparation.VERSION, null, null, null)));
      out.get(StageResult.LOGS).output(OperationLogs.record(FuseStage.NAME, "prepare_photo", task.key(), Status.OK,
          start, Map.of("segmentation", prepared.segmentation().method().label(), "crops", crops.size()), null));
    } catch (RuntimeException | java.io.IOException e) {
      out.get(StageResult.FAILURES).output(OperationLogs.failure(FuseStage.NAME, task.key(), task.uri(),
          new IllegalArgumentException("unusable photo: " + OperationLogs.describe(e), e)));
      out.get(StageResult.LOGS).output(OperationLogs.record(FuseStage.NAME, "prepare_photo", task.key(),
          Status.FAILED, start, Map.of(), OperationLogs.describe(e)));
    }
  }
}
