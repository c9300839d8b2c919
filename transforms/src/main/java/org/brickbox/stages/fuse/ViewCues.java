package org.brickbox.stages.fuse;

import org.brickbox.fuse.ShapeDescriptor;

/**
 * What the fuse stage reads off one rendered image besides its vector: silhouette cues, measured colour, and how
 * much of the frame the part spans ({@code fill}: longer side of its bounding box over the image size).
 */
public record ViewCues(String key, String partId, String description, int colourCode, String colourName,
    int viewIndex, ShapeDescriptor shape, float[] rgb, double fill) {}
