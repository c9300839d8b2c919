package org.brickbox.io.ldraw;

/**
 * How much geometry a part expands to, counted from its sub-file closure before any of it is built: what a caller
 * needs to refuse a part it cannot afford ({@link LDrawLibrary#load(String, java.util.function.Consumer)}).
 */
public record PartSize(long triangles, long edges, long conditionals) {}
