package org.brickbox.render;

/** How a view is drawn. */
public enum RenderStyle {
  /**
   * Like a photograph of a real part: glossy plastic, soft lights and shadows on a real surface, the part in a
   * resting pose seen close up by a camera with its blur, noise and compression, no edge lines.
   */
  PHOTO,
  /** Like CAD or instructions: flat-lit part with black edge lines on a synthetic background, whole and centred. */
  CAD
}
