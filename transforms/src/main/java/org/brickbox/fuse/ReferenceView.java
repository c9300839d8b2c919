package org.brickbox.fuse;

import java.io.Serializable;

/** One reference image in the index: what it shows, and its silhouette cues. Its vector is kept by ordinal. */
public record ReferenceView(String key, String partId, String description, int colourCode, int viewIndex,
    ShapeDescriptor shape) implements Serializable {}
