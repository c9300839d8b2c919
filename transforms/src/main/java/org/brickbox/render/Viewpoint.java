package org.brickbox.render;

/** Where the camera looks from: spiral position plus seeded jitter, all in degrees. */
record Viewpoint(double azimuthDeg, double elevationDeg, double jitterAzimuthDeg, double jitterElevationDeg,
    double rollDeg) {}
