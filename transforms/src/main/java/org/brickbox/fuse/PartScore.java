package org.brickbox.fuse;

/**
 * A candidate part for a query (one view or a group): the fused score and each cue's share of it, averaged over
 * the query's views. {@code score = embedding + shape}.
 */
public record PartScore(String partId, String description, double score, double embedding, double shape) {}
