package org.brickbox.fuse;

import java.util.List;

/**
 * What the photo path did with one photo, as written by {@code identify --json}, {@code bench photos}'
 * {@code photos.json} and the crop sidecars of {@code --crops}: how the part was found (or why the whole frame was
 * used), with what confidence, where, and which crops were embedded.
 *
 * @param method {@code grabcut} or {@code whole-frame}
 * @param box the part's box in photo pixels (the whole photo after a fallback)
 * @param cut the photo borders the part runs over
 * @param rejected after a fallback, the segmentation that was not trusted
 * @param crops the crops embedded, in order
 */
public record PhotoReport(String photo, String method, double confidence, Segmentation.Box box, List<String> cut,
    String reason, Segmentation.Rejected rejected, Segmentation.Cues cues, List<CropReport> crops) {

  /** One embedded crop: its kind and its square in photo pixels. */
  public record CropReport(String kind, Segmentation.Box window) {}

  /** The report of a prepared photo, its boxes and windows in the photo's own pixels. */
  public static PhotoReport of(String photo, PhotoPreparation.Prepared prepared) {
    Segmentation s = prepared.segmentation();
    double f = prepared.photoScale();
    return new PhotoReport(photo, s.method().label(), round(s.confidence()), s.box().scaled(f), s.cut(), s.reason(),
        s.rejected() == null ? null : s.rejected().scaled(f), s.cues(),
        prepared.crops().stream().map(c -> new CropReport(c.kind().label(), c.window().scaled(f))).toList());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
