package org.brickbox.render.photo;

import java.util.SplittableRandom;

/**
 * What one camera does to one image, as {@link CameraStage} applies it. Every field has a neutral value, and
 * {@link #NONE} holds them all.
 *
 * @param defocusSigmaPx Gaussian defocus blur, σ in pixels (0 = sharp; at most 16)
 * @param motionLengthPx length of the motion streak in pixels (0 = none; at most 64)
 * @param motionAngleDeg direction of the motion, degrees anticlockwise from the image's x axis
 * @param exposure gain on linear light (1 = as rendered); highlights that pass full scale clip as on a sensor
 * @param wbRed white-balance gain on linear red (1 = neutral)
 * @param wbGreen white-balance gain on linear green
 * @param wbBlue white-balance gain on linear blue
 * @param noiseSigma sensor noise: standard deviation in 8-bit levels on mid grey (sRGB 128), added to linear light
 *     before encoding; shot noise (variance in proportion to the light) makes up 99 % of its variance there and read
 *     noise (constant) the rest. Through the sRGB curve that is, in 8-bit levels, 0.9× as much on light grey (220),
 *     1.16× on dark grey (60) and 1.6× near black (20): darks are noisier, as in a camera's pictures
 * @param vignetting darkening of the image corners as a fraction of the centre (0 = none, below 1), with the
 *     cos⁴ fall-off of a lens
 * @param resample scale the image was stored at before it was scaled back up: area-averaged down to this share of
 *     its size, then bilinear up (1 = not at all; above 0)
 * @param jpegQuality JPEG round trip at this quality (1..100), or 0 for none
 */
public record CameraEffects(
    double defocusSigmaPx,
    double motionLengthPx,
    double motionAngleDeg,
    double exposure,
    double wbRed,
    double wbGreen,
    double wbBlue,
    double noiseSigma,
    double vignetting,
    double resample,
    int jpegQuality) {

  /** The identity: {@link CameraStage#apply} leaves an image byte for byte as it was. */
  public static final CameraEffects NONE = new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0);

  public CameraEffects {
    requireRange("defocusSigmaPx", defocusSigmaPx, 0, 16);
    requireRange("motionLengthPx", motionLengthPx, 0, 64);
    requireRange("motionAngleDeg", motionAngleDeg, -360, 360);
    requireRange("exposure", exposure, 1e-3, 1e3);
    requireRange("wbRed", wbRed, 1e-3, 1e3);
    requireRange("wbGreen", wbGreen, 1e-3, 1e3);
    requireRange("wbBlue", wbBlue, 1e-3, 1e3);
    requireRange("noiseSigma", noiseSigma, 0, 64);
    if (!(vignetting >= 0 && vignetting < 1)) {
      throw new IllegalArgumentException("camera effect vignetting must be in [0, 1), was " + vignetting);
    }
    if (!(resample > 0 && resample <= 1)) {
      throw new IllegalArgumentException("camera effect resample must be in (0, 1], was " + resample);
    }
    if (jpegQuality != 0) requireRange("jpegQuality", jpegQuality, 1, 100);
  }

  /**
   * Effects of one camera drawn within {@code settings} (see there for each distribution). It always takes the same
   * count of numbers from {@code random}, so switching one effect off leaves the values of the others unchanged.
   */
  public static CameraEffects random(SplittableRandom random, CameraStageSettings settings) {
    boolean defocused = random.nextDouble() < settings.defocusProbability();
    double u = random.nextDouble();
    double defocus = defocused ? settings.maxDefocusSigmaPx() * (0.2 + 0.8 * u * u) : 0;

    boolean moving = random.nextDouble() < settings.motionProbability();
    double length = 1 + random.nextDouble() * (settings.maxMotionLengthPx() - 1);
    double angle = random.nextDouble() * 180;
    if (!moving || settings.maxMotionLengthPx() == 0) {
      length = 0;
      angle = 0;
    }

    double logMin = StrictMath.log(settings.minExposure());
    double logMax = StrictMath.log(settings.maxExposure());
    double exposure = StrictMath.exp(logMin + random.nextDouble() * (logMax - logMin));
    if (settings.minExposure() == settings.maxExposure()) exposure = settings.minExposure();

    double kelvin = settings.minColourTemperatureK()
        + random.nextDouble() * (settings.maxColourTemperatureK() - settings.minColourTemperatureK());
    double tint = (2 * random.nextDouble() - 1) * settings.maxTint();
    double[] wb = WhiteBalance.gains(kelvin, tint, settings.whiteBalanceResidual());

    double noise = settings.minNoiseSigma()
        + random.nextDouble() * (settings.maxNoiseSigma() - settings.minNoiseSigma());
    double vignetting = random.nextDouble() * settings.maxVignetting();

    boolean resampled = random.nextDouble() < settings.resampleProbability();
    double scale = settings.minResample() + random.nextDouble() * (1 - settings.minResample());
    boolean jpeg = random.nextDouble() < settings.jpegProbability();
    int quality = settings.minJpegQuality()
        + random.nextInt(settings.maxJpegQuality() - settings.minJpegQuality() + 1);

    return new CameraEffects(defocus, length, angle, exposure, wb[0], wb[1], wb[2], noise, vignetting,
        resampled ? scale : 1, jpeg ? quality : 0);
  }

  private static void requireRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException("camera effect " + name + " must be " + min + ".." + max + ", was " + value);
    }
  }
}
