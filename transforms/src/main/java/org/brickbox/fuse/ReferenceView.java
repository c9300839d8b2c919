package org.brickbox.fuse;

import java.io.Serializable;

/**
 * One reference image in the index: what it shows, and its silhouette cues. Its vector is kept by ordinal.
 *
 * @param shape the silhouette, or null when the reference has none (a user's photo used as a whole frame)
 * @param photo whether it is a user's labelled photo rather than a render: photos are pooled apart from renders
 *     ({@link ReferenceIndex#rank}), since a photo looks like other photos more than any render does
 */
public record ReferenceView(String key, String partId, String description, int colourCode, int viewIndex,
    ShapeDescriptor shape, boolean photo) implements Serializable {}
