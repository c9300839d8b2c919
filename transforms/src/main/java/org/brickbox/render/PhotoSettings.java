package org.brickbox.render;

import java.io.Serializable;
import java.util.Objects;
import org.brickbox.render.photo.CameraStageSettings;

/**
 * The photographic style's switches, each effect separately, so its share of the photo benchmark can be measured by
 * turning it off. Defaults are what training and reference renders use.
 *
 * @param shadows the key light casts soft shadows on the surface and on the part itself
 * @param contactOcclusion the surface darkens under and right beside the part (contact shadow / ambient occlusion)
 * @param restingPoses the part lies in a stable pose from its convex hull and centre of mass; false: free poses only
 * @param freePoseShare share of views with the part in a seeded orientation over the whole sphere (0..1)
 * @param undersideShare share of views seen from below through a glass surface, like a sorting machine (0..1)
 * @param minFocalMm shortest 35 mm-equivalent focal length of the seeded lens (14..300)
 * @param maxFocalMm longest focal length, at least {@code minFocalMm}
 * @param minFill loosest framing: the part's bounding-sphere radius over half the frame (0.2..2)
 * @param maxFill tightest framing, at least {@code minFill}; above 1 the part can be cut by the border
 * @param surfaces the part lies on a seeded real surface (plain, paper, belt, wood); false: plain light grey
 * @param specular glossy highlights and reflections by finish; false: diffuse only
 * @param colourVariation seeded per-view colour deviation of the part (relative, 0..0.2), as between batches of
 *     plastic and under different lights
 * @param camera what the seeded camera does to the image (blur, noise, exposure, white balance, JPEG, ...)
 */
public record PhotoSettings(
    boolean shadows,
    boolean contactOcclusion,
    boolean restingPoses,
    double freePoseShare,
    double undersideShare,
    double minFocalMm,
    double maxFocalMm,
    double minFill,
    double maxFill,
    boolean surfaces,
    boolean specular,
    double colourVariation,
    CameraStageSettings camera)
    implements Serializable {

  public PhotoSettings {
    require(freePoseShare >= 0 && undersideShare >= 0 && freePoseShare + undersideShare <= 1,
        "freePoseShare and undersideShare must be >= 0 with a sum <= 1, were " + freePoseShare + " and "
            + undersideShare);
    require(minFocalMm >= 14 && maxFocalMm <= 300 && minFocalMm <= maxFocalMm,
        "focal length range must satisfy 14 <= min <= max <= 300 mm, was " + minFocalMm + ".." + maxFocalMm);
    require(minFill >= 0.2 && maxFill <= 2 && minFill <= maxFill,
        "framing must satisfy 0.2 <= minFill <= maxFill <= 2, was " + minFill + ".." + maxFill);
    require(colourVariation >= 0 && colourVariation <= 0.2, "colourVariation must be 0..0.2, was " + colourVariation);
    Objects.requireNonNull(camera, "camera");
  }

  /**
   * Every effect on: resting poses with 15 % free and 15 % underside views, 24–105 mm lenses, framing from loose
   * (0.45) to tight (1.25, the part cut by the border), 4 % colour variation, the full camera stage.
   */
  public static PhotoSettings defaults() {
    return new PhotoSettings(true, true, true, 0.15, 0.15, 24, 105, 0.45, 1.25, true, true, 0.04,
        CameraStageSettings.defaults());
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy; {@link #build()} validates. */
  public static final class Builder {
    private boolean shadows;
    private boolean contactOcclusion;
    private boolean restingPoses;
    private double freePoseShare;
    private double undersideShare;
    private double minFocalMm;
    private double maxFocalMm;
    private double minFill;
    private double maxFill;
    private boolean surfaces;
    private boolean specular;
    private double colourVariation;
    private CameraStageSettings camera;

    private Builder(PhotoSettings p) {
      shadows = p.shadows;
      contactOcclusion = p.contactOcclusion;
      restingPoses = p.restingPoses;
      freePoseShare = p.freePoseShare;
      undersideShare = p.undersideShare;
      minFocalMm = p.minFocalMm;
      maxFocalMm = p.maxFocalMm;
      minFill = p.minFill;
      maxFill = p.maxFill;
      surfaces = p.surfaces;
      specular = p.specular;
      colourVariation = p.colourVariation;
      camera = p.camera;
    }

    public Builder shadows(boolean v) { shadows = v; return this; }
    public Builder contactOcclusion(boolean v) { contactOcclusion = v; return this; }
    public Builder restingPoses(boolean v) { restingPoses = v; return this; }
    public Builder poseShares(double free, double underside) { freePoseShare = free; undersideShare = underside; return this; }
    public Builder focalMm(double min, double max) { minFocalMm = min; maxFocalMm = max; return this; }
    public Builder fill(double min, double max) { minFill = min; maxFill = max; return this; }
    public Builder surfaces(boolean v) { surfaces = v; return this; }
    public Builder specular(boolean v) { specular = v; return this; }
    public Builder colourVariation(double v) { colourVariation = v; return this; }
    public Builder camera(CameraStageSettings v) { camera = v; return this; }

    public PhotoSettings build() {
      return new PhotoSettings(shadows, contactOcclusion, restingPoses, freePoseShare, undersideShare, minFocalMm,
          maxFocalMm, minFill, maxFill, surfaces, specular, colourVariation, camera);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) throw new IllegalArgumentException("PhotoSettings: " + message);
  }
}
