package org.brickbox.fuse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.Json;

/**
 * Writes what was embedded for a photo ({@code --crops=DIR} of {@code identify} and {@code bench photos}), so that a
 * wrong answer can be looked at: {@code DIR/<stem>.<crop>.png} for every crop (exactly the pixels the model saw),
 * {@code DIR/<stem>.<crop>.json} beside each (the photo, the crop's kind and square in photo pixels, and the
 * photo's segmentation: method, confidence, box, cut sides, reason, cues) and {@code DIR/<stem>.mask.png}, the
 * segmentation's mask at its analysis resolution, when the part was segmented. Files are written atomically.
 */
public final class CropFiles {
  private CropFiles() {}

  /**
   * @param dir the crops directory (any Beam file system URI or local path)
   * @param stem what the files are named after (e.g. {@code 1-IMG_0412}, or {@code 3001/a_left})
   */
  public static void write(String dir, String stem, String photo, PhotoPreparation.Prepared prepared)
      throws IOException {
    PhotoReport report = PhotoReport.of(photo, prepared);
    for (PhotoPreparation.Crop crop : prepared.crops()) {
      DecodedImage image = crop.image();
      String base = stem + "." + crop.kind().label();
      OutputFiles.writeAtomically(OutputFiles.resolve(dir, base + ".png"),
          ImageCodec.encodeRgbPng(image.pixels(), image.width(), image.height()), "image/png");
      Map<String, Object> sidecar = new LinkedHashMap<>();
      sidecar.put("photo", photo);
      sidecar.put("crop", crop.kind().label());
      sidecar.put("window", crop.window().scaled(prepared.photoScale()));
      sidecar.put("size", image.width());
      sidecar.put("segmentation", report);
      OutputFiles.writeAtomically(OutputFiles.resolve(dir, base + ".json"), Json.pretty(sidecar), "application/json");
    }
    Segmentation s = prepared.segmentation();
    if (s.segmented()) {
      OutputFiles.writeAtomically(OutputFiles.resolve(dir, stem + ".mask.png"),
          ImageCodec.encodeGrayPng(s.mask(), s.width(), s.height()), "image/png");
    }
  }
}
