package org.brickbox.render;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from (run seed, part, view, purpose) only, so a choice never depends on
 * thread, time or processing order, and changing one purpose (say, the palette) leaves the others unchanged.
 */
final class Seeds {
  static final long COLOUR = 0x436F6C6F75720000L;
  static final long VIEW = 0x5669657700000000L;
  static final long LIGHTS = 0x4C69676874730000L;
  static final long BACKGROUND = 0x4261636B67726FL;
  static final long CAMERA = 0x43616D6572610000L;

  private Seeds() {}

  static SplittableRandom random(long seed, String partId, int viewIndex, long purpose) {
    return new SplittableRandom(hash(seed, partId, viewIndex, purpose));
  }

  static long hash(long seed, String partId, int viewIndex, long purpose) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ fnv1a(partId));
    h = mix(h ^ viewIndex);
    return mix(h ^ purpose);
  }

  /** SplitMix64's finaliser: a bijective 64-bit mixer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a over UTF-8: stable across JVMs, and spreads short similar ids better than String.hashCode. */
  private static long fnv1a(String s) {
    long h = 0xCBF29CE484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return h;
  }
}
