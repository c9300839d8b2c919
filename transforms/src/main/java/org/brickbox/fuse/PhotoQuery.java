package org.brickbox.fuse;

import java.util.List;

/**
 * One photo to identify, embedded as several crops ({@link PhotoPreparation}): the crops' unit embeddings, pooled per
 * reference view by a {@link CropPooling}, and the silhouette cues when the photo has a trusted, whole silhouette
 * (else null: the photo says nothing about shape), with the part's size in millimetres when the camera's scale is
 * known (else NaN).
 */
public record PhotoQuery(String key, List<float[]> crops, ShapeDescriptor shape, double sizeMm) {
  public PhotoQuery {
    crops = List.copyOf(crops);
    if (crops.isEmpty()) throw new IllegalArgumentException("photo " + key + " has no embedded crop");
  }

  /** A photo of unknown scale. */
  public PhotoQuery(String key, List<float[]> crops, ShapeDescriptor shape) {
    this(key, crops, shape, Double.NaN);
  }
}
