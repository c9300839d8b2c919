package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CameraEffectsTest {
  private static final int DRAWS = 1000;

  @Test
  void defaultDrawsStayInsideTheDocumentedRanges() {
    SplittableRandom random = new SplittableRandom(2026);
    CameraStageSettings s = CameraStageSettings.defaults();
    double[] coolest = WhiteBalance.gains(7500, 0, s.whiteBalanceResidual());
    double[] warmest = WhiteBalance.gains(3000, 0, s.whiteBalanceResidual());
    int defocused = 0;
    int moving = 0;
    int resampled = 0;
    int jpeg = 0;
    for (int i = 0; i < DRAWS; i++) {
      CameraEffects e = CameraEffects.random(random, s);
      if (e.defocusSigmaPx() > 0) {
        defocused++;
        assertTrue(e.defocusSigmaPx() >= 0.3 - 1e-9 && e.defocusSigmaPx() <= 1.5, e.toString());
      }
      if (e.motionLengthPx() > 0) {
        moving++;
        assertTrue(e.motionLengthPx() >= 1 && e.motionLengthPx() <= 6, e.toString());
        assertTrue(e.motionAngleDeg() >= 0 && e.motionAngleDeg() < 180, e.toString());
      }
      assertTrue(e.exposure() >= 0.75 - 1e-9 && e.exposure() <= 1.3 + 1e-9, e.toString());
      // red and blue gains lie between those of the extreme temperatures, give or take the ±3 % tint
      assertTrue(e.wbRed() >= coolest[0] * 0.97 && e.wbRed() <= warmest[0] * 1.03, e.toString());
      assertTrue(e.wbBlue() >= warmest[2] * 0.97 && e.wbBlue() <= coolest[2] * 1.03, e.toString());
      double luminance = 0.2126 * e.wbRed() + 0.7152 * e.wbGreen() + 0.0722 * e.wbBlue();
      assertEquals(1, luminance, 1e-9, "white balance keeps white's luminance");
      assertTrue(e.noiseSigma() >= 1 && e.noiseSigma() <= 6, e.toString());
      assertTrue(e.vignetting() >= 0 && e.vignetting() <= 0.35, e.toString());
      if (e.resample() < 1) {
        resampled++;
        assertTrue(e.resample() >= 0.4, e.toString());
      }
      if (e.jpegQuality() > 0) {
        jpeg++;
        assertTrue(e.jpegQuality() >= 55 && e.jpegQuality() <= 95, e.toString());
      }
    }
    // the documented shares, within about four standard deviations of a binomial count
    assertEquals(0.85 * DRAWS, defocused, 50);
    assertEquals(0.08 * DRAWS, moving, 35);
    assertEquals(DRAWS / 3.0, resampled, 60);
    assertEquals(0.9 * DRAWS, jpeg, 40);
  }

  @Test
  void everyEffectOffDrawsNone() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) assertEquals(CameraEffects.NONE, CameraEffects.random(random, CameraStageSettings.off()));
  }

  @Test
  void switchingOneEffectOffLeavesTheOthersUnchanged() {
    CameraStageSettings d = CameraStageSettings.defaults();
    CameraStageSettings noMotion = new CameraStageSettings(d.defocusProbability(), d.maxDefocusSigmaPx(), 0,
        d.maxMotionLengthPx(), d.minExposure(), d.maxExposure(), d.minColourTemperatureK(),
        d.maxColourTemperatureK(), d.maxTint(), d.whiteBalanceResidual(), d.minNoiseSigma(), d.maxNoiseSigma(),
        d.maxVignetting(), d.resampleProbability(), d.minResample(), d.jpegProbability(), d.minJpegQuality(),
        d.maxJpegQuality());
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    for (int i = 0; i < 200; i++) {
      CameraEffects with = CameraEffects.random(a, d);
      CameraEffects without = CameraEffects.random(b, noMotion);
      assertEquals(0, without.motionLengthPx());
      assertEquals(new CameraEffects(with.defocusSigmaPx(), 0, 0, with.exposure(), with.wbRed(), with.wbGreen(),
          with.wbBlue(), with.noiseSigma(), with.vignetting(), with.resample(), with.jpegQuality()), without);
    }
  }

  @Test
  void sameRandomStateSameEffects() {
    assertEquals(CameraEffects.random(new SplittableRandom(3), CameraStageSettings.defaults()),
        CameraEffects.random(new SplittableRandom(3), CameraStageSettings.defaults()));
  }

  @Test
  void outOfRangeValuesNameTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 1.2, 1, 0));
    assertTrue(e.getMessage().contains("vignetting"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 101));
    assertTrue(e.getMessage().contains("jpegQuality"), e.getMessage());
    CameraStageSettings d = CameraStageSettings.defaults();
    e = assertThrows(IllegalArgumentException.class, () -> new CameraStageSettings(d.defocusProbability(),
        d.maxDefocusSigmaPx(), d.motionProbability(), d.maxMotionLengthPx(), 1.5, 1.2, d.minColourTemperatureK(),
        d.maxColourTemperatureK(), d.maxTint(), d.whiteBalanceResidual(), d.minNoiseSigma(), d.maxNoiseSigma(),
        d.maxVignetting(), d.resampleProbability(), d.minResample(), d.jpegProbability(), d.minJpegQuality(),
        d.maxJpegQuality()));
    assertTrue(e.getMessage().contains("maxExposure"), e.getMessage());
  }
}
