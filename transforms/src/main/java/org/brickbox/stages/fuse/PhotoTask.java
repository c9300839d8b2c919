package org.brickbox.stages.fuse;

import java.io.Serializable;

/**
 * One labelled photo of a user's to add to the index as a reference view (run {@code --photos=DIR}).
 *
 * @param key {@code photo/<partId>/<file name without extension>}: unique in the folder, never a render key
 * @param uri where the photo is (a path or Beam FileSystem URI)
 * @param sha256 of the photo's bytes when the run was planned: a photo whose bytes changed is prepared again
 * @param pixelsPerMm the camera's scale at the part (run {@code --photosCalibration}, {@code --photosPixelsPerMm}):
 *     with it the reference has the part's size in millimetres; null when unknown
 */
public record PhotoTask(String key, String partId, String capture, String uri, String sha256, Double pixelsPerMm)
    implements Serializable {
  public static final String KEY_PREFIX = "photo/";

  public static String keyOf(String partId, String fileStem) {
    return KEY_PREFIX + partId + "/" + fileStem;
  }
}
