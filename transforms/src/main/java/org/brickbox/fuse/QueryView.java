package org.brickbox.fuse;

/**
 * One image to identify: its unit embedding and silhouette cues. {@code partId} and {@code colourCode} are the
 * truth when known (evaluation), else null and -1.
 */
public record QueryView(String key, String partId, int colourCode, float[] vector, ShapeDescriptor shape) {}
