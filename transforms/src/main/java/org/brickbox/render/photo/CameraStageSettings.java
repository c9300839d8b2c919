package org.brickbox.render.photo;

/**
 * How strong, and how often, each camera effect {@link CameraEffects#random} draws may be. Each effect is switched
 * off by its probability or its maximum set to 0 (or, for exposure and white balance, a range collapsed to the
 * neutral value); the ranges that {@link #defaults()} holds are those of phone, webcam and sorting-machine cameras
 * photographing a part from 5-15 cm, at the 224 px a render is made at.
 *
 * @param defocusProbability share of images that are out of focus at all (0..1)
 * @param maxDefocusSigmaPx largest Gaussian defocus blur, σ in pixels (0..8); when drawn, σ = max·(0.2 + 0.8·u²)
 *     with u uniform in [0, 1), so mild blur is the rule and the maximum the exception
 * @param motionProbability share of images with motion blur (0..1)
 * @param maxMotionLengthPx longest motion streak in pixels: 0 (off) or 1..32; when drawn, the length is uniform in
 *     [1, max] and the direction uniform in [0°, 180°)
 * @param minExposure smallest exposure gain in linear light (&gt; 0; 1 = as rendered)
 * @param maxExposure largest exposure gain (≥ minExposure); drawn log-uniformly, so as often brighter as darker when
 *     the range is symmetric in stops
 * @param minColourTemperatureK lowest colour temperature of the light, in kelvin (1667..25000); the cast is taken
 *     relative to a 5500 K reference, so a range of 5500..5500 turns the temperature cast off
 * @param maxColourTemperatureK highest colour temperature (≥ the lowest, ≤ 25000); drawn uniformly in kelvin
 * @param maxTint largest green (+) or magenta (−) tint, as a relative green gain (0..0.2), drawn uniformly in
 *     [−max, max]
 * @param whiteBalanceResidual share of the light's colour cast the camera's automatic white balance leaves, as an
 *     exponent on the cast's gains (0..1): 0 = perfect correction (white balance off), 1 = none at all
 * @param minNoiseSigma least sensor noise, the standard deviation in 8-bit levels at mid grey (≥ 0)
 * @param maxNoiseSigma most sensor noise (minNoiseSigma..50); drawn uniformly
 * @param maxVignetting strongest darkening of the image corners, as a fraction of the centre (0..0.9); drawn
 *     uniformly in [0, max]
 * @param resampleProbability share of images that were stored smaller and scaled back up (0..1)
 * @param minResample smallest scale of such an image (0.1..1); when drawn, uniform in [min, 1)
 * @param jpegProbability share of images stored as JPEG (0..1)
 * @param minJpegQuality lowest JPEG quality (1..100)
 * @param maxJpegQuality highest JPEG quality (minJpegQuality..100); drawn uniformly among the integers
 */
public record CameraStageSettings(
    double defocusProbability,
    double maxDefocusSigmaPx,
    double motionProbability,
    double maxMotionLengthPx,
    double minExposure,
    double maxExposure,
    double minColourTemperatureK,
    double maxColourTemperatureK,
    double maxTint,
    double whiteBalanceResidual,
    double minNoiseSigma,
    double maxNoiseSigma,
    double maxVignetting,
    double resampleProbability,
    double minResample,
    double jpegProbability,
    int minJpegQuality,
    int maxJpegQuality) implements java.io.Serializable {

  public CameraStageSettings {
    requireProbability("defocusProbability", defocusProbability);
    requireRange("maxDefocusSigmaPx", maxDefocusSigmaPx, 0, 8);
    requireProbability("motionProbability", motionProbability);
    if (maxMotionLengthPx != 0) requireRange("maxMotionLengthPx", maxMotionLengthPx, 1, 32);
    requireRange("minExposure", minExposure, 1e-3, 1e3);
    requireRange("maxExposure", maxExposure, minExposure, 1e3);
    requireRange("minColourTemperatureK", minColourTemperatureK, 1667, 25000);
    requireRange("maxColourTemperatureK", maxColourTemperatureK, minColourTemperatureK, 25000);
    requireRange("maxTint", maxTint, 0, 0.2);
    requireRange("whiteBalanceResidual", whiteBalanceResidual, 0, 1);
    requireRange("minNoiseSigma", minNoiseSigma, 0, 50);
    requireRange("maxNoiseSigma", maxNoiseSigma, minNoiseSigma, 50);
    requireRange("maxVignetting", maxVignetting, 0, 0.9);
    requireProbability("resampleProbability", resampleProbability);
    requireRange("minResample", minResample, 0.1, 1);
    requireProbability("jpegProbability", jpegProbability);
    requireRange("minJpegQuality", minJpegQuality, 1, 100);
    requireRange("maxJpegQuality", maxJpegQuality, minJpegQuality, 100);
  }

  /**
   * Every effect on: defocus in 85 % of images (σ 0.3-1.5 px), motion blur in 8 % (1-6 px), exposure 0.75-1.3,
   * light 3000-7500 K with a tint up to ±3 % of which auto white balance leaves 35 %, noise σ 1-6, vignetting up to
   * 35 %, a third of the images stored at 0.4-1× and scaled back, 90 % stored as JPEG of quality 55-95.
   */
  public static CameraStageSettings defaults() {
    return new CameraStageSettings(0.85, 1.5, 0.08, 6, 0.75, 1.3, 3000, 7500, 0.03, 0.35, 1, 6, 0.35, 1.0 / 3, 0.4,
        0.9, 55, 95);
  }

  /** Every effect off: {@link CameraEffects#random} then always gives {@link CameraEffects#NONE}. */
  public static CameraStageSettings off() {
    return new CameraStageSettings(0, 0, 0, 0, 1, 1, WhiteBalance.REFERENCE_K, WhiteBalance.REFERENCE_K, 0, 0, 0, 0,
        0, 0, 1, 0, 100, 100);
  }

  private static void requireProbability(String name, double value) {
    requireRange(name, value, 0, 1);
  }

  private static void requireRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException("camera stage setting " + name + " must be " + min + ".." + max
          + ", was " + value);
    }
  }
  /** The camera effects, each of which {@link #only} can keep or turn off. */
  public enum Effect {
    DEFOCUS("defocus"), MOTION("motion"), EXPOSURE("exposure"), WHITE_BALANCE("whiteBalance"), NOISE("noise"),
    VIGNETTING("vignetting"), RESAMPLE("resample"), JPEG("jpeg");

    private final String option;

    Effect(String option) {
      this.option = option;
    }

    public static java.util.Optional<Effect> parse(String name) {
      for (Effect e : values()) if (e.option.equalsIgnoreCase(name)) return java.util.Optional.of(e);
      return java.util.Optional.empty();
    }

    public static String names() {
      return java.util.Arrays.stream(values()).map(e -> e.option).collect(java.util.stream.Collectors.joining(", "));
    }
  }

  /** The defaults with every effect not in {@code kept} turned off as {@link #off()} has it. */
  public static CameraStageSettings only(java.util.Set<Effect> kept) {
    CameraStageSettings on = defaults(), off = off();
    CameraStageSettings d = kept.contains(Effect.DEFOCUS) ? on : off;
    CameraStageSettings m = kept.contains(Effect.MOTION) ? on : off;
    CameraStageSettings e = kept.contains(Effect.EXPOSURE) ? on : off;
    CameraStageSettings w = kept.contains(Effect.WHITE_BALANCE) ? on : off;
    CameraStageSettings n = kept.contains(Effect.NOISE) ? on : off;
    CameraStageSettings v = kept.contains(Effect.VIGNETTING) ? on : off;
    CameraStageSettings r = kept.contains(Effect.RESAMPLE) ? on : off;
    CameraStageSettings j = kept.contains(Effect.JPEG) ? on : off;
    return new CameraStageSettings(d.defocusProbability, d.maxDefocusSigmaPx, m.motionProbability,
        m.maxMotionLengthPx, e.minExposure, e.maxExposure, w.minColourTemperatureK, w.maxColourTemperatureK,
        w.maxTint, w.whiteBalanceResidual, n.minNoiseSigma, n.maxNoiseSigma, v.maxVignetting, r.resampleProbability,
        r.minResample, j.jpegProbability, j.minJpegQuality, j.maxJpegQuality);
  }
}
