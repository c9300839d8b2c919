package org.brickbox.io.ldraw;

/** Surface finish of an LDraw colour, from the optional keyword of a {@code !COLOUR} line in LDConfig.ldr. */
public enum Finish {
  SOLID,
  CHROME,
  PEARLESCENT,
  RUBBER,
  MATTE_METALLIC,
  METAL,
  GLITTER,
  SPECKLE
}
