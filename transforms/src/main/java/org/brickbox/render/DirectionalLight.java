package org.brickbox.render;

/** A light infinitely far away; {@code direction} points from the part towards the light, in LDraw coordinates. */
public record DirectionalLight(Vec3 direction, double intensity) {}
