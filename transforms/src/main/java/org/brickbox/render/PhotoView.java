package org.brickbox.render;

import java.util.List;
import org.brickbox.render.photo.CameraEffects;

/**
 * The photographic style's seeded choices for one view, recorded with the image.
 *
 * @param pose RESTING (a stable pose), FREE (any orientation) or UNDERSIDE (a resting pose seen through glass)
 * @param restingPose index of the stable pose among the part's, most probable first; -1 for a free pose
 * @param poseProbability the stable pose's probability of being how the part lands; 0 for a free pose
 * @param down the direction towards the surface, in the part's LDraw coordinates
 * @param focalMm 35 mm-equivalent focal length
 * @param fill the part's bounding-sphere radius over half the frame (above 1: cut by the border)
 * @param lightKelvin colour temperature of each light, the key light first
 * @param keyLightRadiusDeg the key light's angular radius (its softness)
 * @param surface what the part lies on, or the light box's level in an underside view
 * @param colourGain per-channel deviation of the part's colour
 * @param camera what the camera stage did
 */
public record PhotoView(
    String pose,
    int restingPose,
    double poseProbability,
    Vec3 down,
    double focalMm,
    double fill,
    List<Double> lightKelvin,
    double keyLightRadiusDeg,
    String surface,
    List<Double> colourGain,
    CameraEffects camera) {
  public PhotoView {
    lightKelvin = List.copyOf(lightKelvin);
    colourGain = List.copyOf(colourGain);
  }
}
