package org.brickbox.render;

/** What is drawn behind the part; {@link #MIXED} picks one of the others per view from the view's seed. */
public enum BackgroundMode {
  PLAIN,
  GRADIENT,
  NOISE,
  MIXED
}
