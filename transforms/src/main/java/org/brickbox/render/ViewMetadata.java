package org.brickbox.render;

import java.util.List;

/**
 * How one view was made, with every seeded choice, so a record explains and reproduces its image.
 *
 * @param azimuthDeg camera azimuth around −Y including jitter, degrees
 * @param elevationDeg camera elevation above the horizontal plane including jitter, degrees
 * @param jitterAzimuthDeg seeded azimuth offset included in {@code azimuthDeg}
 * @param jitterElevationDeg seeded elevation offset included in {@code elevationDeg}
 * @param rollDeg seeded camera roll about the view axis
 * @param colourRgb render colour as 0xRRGGBB
 * @param photo the photographic style's choices, or null for the CAD style
 */
public record ViewMetadata(
    RenderKey key,
    String rendererVersion,
    int width,
    int height,
    int supersampling,
    CameraPose camera,
    double azimuthDeg,
    double elevationDeg,
    double jitterAzimuthDeg,
    double jitterElevationDeg,
    double rollDeg,
    double ambient,
    List<DirectionalLight> lights,
    BackgroundInfo background,
    int colourCode,
    String colourName,
    int colourRgb,
    int colourAlpha,
    long seed,
    PhotoView photo) {
  public ViewMetadata {
    lights = List.copyOf(lights);
  }
}
