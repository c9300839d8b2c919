package org.brickbox.render;

/** How the render colour of each view is chosen: one fixed LDraw code, or a seeded pick from a palette. */
public enum ColourMode {
  FIXED,
  PALETTE
}
