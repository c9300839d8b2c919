package org.brickbox.io.ldraw;

/**
 * A type-1 line as parsed: where it is, its colour, its 3x4 transform (row-major {@code a b c x d e f y g h i z}),
 * the resolved target key or why it could not be resolved, and its BFC state.
 *
 * @param inverts true when the sub-file's winding must be flipped here: {@code INVERTNEXT} xor a negative
 *     determinant of the transform
 * @param clipped true when the referencing file is certified and clipping is on at this line, so the
 *     sub-file's own certification counts
 */
record SubFileRef(int line, int colour, float[] matrix, String target, String error, boolean inverts, boolean clipped) {
  static boolean hasNegativeDeterminant(float[] m) {
    double det = (double) m[0] * ((double) m[5] * m[10] - (double) m[6] * m[9])
        - (double) m[1] * ((double) m[4] * m[10] - (double) m[6] * m[8])
        + (double) m[2] * ((double) m[4] * m[9] - (double) m[5] * m[8]);
    return det < 0;
  }
}
