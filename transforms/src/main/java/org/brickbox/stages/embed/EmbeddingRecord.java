package org.brickbox.stages.embed;

/**
 * One embedded image: key, what it shows, which model made the vector (spec, version) and the unit-length
 * vector itself. Written as a row of {@code embeddings/vectors-*.npy} plus a line of the matching index.
 */
public record EmbeddingRecord(String key, String partId, int colourCode, int viewIndex, String model,
    String modelVersion, float[] vector) {}
