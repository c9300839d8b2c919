package org.brickbox.pipeline.identify;

import java.util.ArrayList;
import java.util.List;
import org.brickbox.fuse.PartScore;
import org.brickbox.fuse.PhotoReport;

/**
 * The answer for one physical part as JSON: what {@code identify --json} prints and what {@code serve} answers
 * (which adds its timings). Components are in alphabetical order, the order {@code identify --json} has always
 * printed (its map keys were sorted).
 *
 * @param candidates the most likely parts, best first
 * @param colour the part's colour, nearest of the index's; null (left out) when no photo was segmented
 * @param photos the photos' names, in the order given
 * @param segmentation how each photo was used, in the same order
 * @param sizesMm where the camera's scale was given, each photo's part size in millimetres (its length along it;
 *     null for a photo without a whole silhouette), in the same order; null (left out) otherwise
 */
public record IdentifyReport(boolean ambiguous, List<PartScore> candidates, Colour colour, IndexSummary index,
    double margin, List<String> photos, List<PhotoReport> segmentation, List<Double> sizesMm) {

  /** An LDraw colour: code and name. */
  public record Colour(int code, String name) {}

  /** The index answered from: its model's version and what it holds. */
  public record IndexSummary(String model, int parts, int references) {}

  public static IdentifyReport of(PhotoIdentifier identifier, List<PhotoIdentifier.PreparedPhoto> photos,
      PhotoIdentifier.Answer answer) {
    var manifest = identifier.index().manifest();
    return new IdentifyReport(answer.identification().ambiguous(), answer.identification().candidates(),
        answer.colour() == null ? null : new Colour(answer.colour().code(), answer.colour().name()),
        new IndexSummary(manifest.modelVersion(), manifest.parts(), manifest.references()),
        answer.identification().margin(), photos.stream().map(PhotoIdentifier.PreparedPhoto::name).toList(),
        photos.stream().map(p -> PhotoReport.of(p.name(), p.prepared())).toList(), sizes(photos));
  }

  private static List<Double> sizes(List<PhotoIdentifier.PreparedPhoto> photos) {
    if (photos.stream().allMatch(p -> Double.isNaN(p.pixelsPerMm()))) return null;
    List<Double> sizes = new ArrayList<>(photos.size());
    for (PhotoIdentifier.PreparedPhoto p : photos) {
      double size = p.sizeMm();
      sizes.add(Double.isNaN(size) ? null : Math.round(size * 100) / 100.0);
    }
    return sizes;
  }
}
