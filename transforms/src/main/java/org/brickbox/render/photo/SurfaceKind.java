package org.brickbox.render.photo;

/**
 * What a part lies on in users' photos (photos.md), with how often {@link Surface#random(java.util.SplittableRandom)}
 * picks each: mostly plain light surfaces, then paper, a sorting machine's belt, dark surfaces, wood and cloth.
 * Colour ranges are of every value {@link Surface#albedoRgb} returns, in 8-bit sRGB.
 */
public enum SurfaceKind {
  /**
   * White, light grey, grey-green, cool or cream card, plastic or painted board: grey 200-245 with tints of a few
   * per cent, uneven by up to ±3 % over tens of millimetres. Channels 175-255.
   */
  PLAIN_LIGHT(0.45),
  /**
   * Off-white paper (grey 228-250, warm): cloudy formation 2-4 mm, fibres 0.25 × 1.2 mm, fine grain. Channels 195-255.
   */
  PAPER(0.20),
  /**
   * A conveyor belt: dark grey rubber (35-70) with fine 0.35 mm grain, faint lines across the belt 1.5-4 mm apart,
   * wear over tens of millimetres and sparse light dust specks. Channels 25-110.
   */
  BELT(0.12),
  /** Black or dark grey mat, card or cloth (15-45), uneven by up to ±3 %, with sparse dust specks. Channels 13-75. */
  PLAIN_DARK(0.10),
  /**
   * Light to mid brown wood (earlywood red 150-225, green 0.74-0.84 of red, blue 0.62-0.76 of green): growth rings
   * 3-10 mm apart, wavy and bowed, with darker latewood bands of uneven width; fibres along the grain. Red 90-255,
   * green at most red, blue at most green.
   */
  WOOD(0.08),
  /**
   * Woven fabric (plain weave, 0.5-1 mm threads) in a muted colour: grey, navy, green, beige, denim or black, with
   * uneven threads and soft folds. Channels 15-245.
   */
  CLOTH(0.05);

  /** Share of surfaces of this kind; the shares sum to 1. */
  final double weight;

  SurfaceKind(double weight) {
    this.weight = weight;
  }
}
