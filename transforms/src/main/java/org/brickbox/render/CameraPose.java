package org.brickbox.render;

/** A perspective camera in LDraw coordinates; {@code up} is the image's up direction after roll. */
public record CameraPose(Vec3 position, Vec3 target, Vec3 up, double fovYDeg, double near, double far) {}
