package org.brickbox.stages.embed;

import java.io.Serializable;

/**
 * An image to embed: its key (the render key path, e.g. {@code 3001/c4/v07}), where its bytes are (a path or
 * Beam FileSystem URI) and what it shows, carried through to the vector index.
 */
public record ImageRef(String key, String uri, String partId, int colourCode, int viewIndex) implements Serializable {}
