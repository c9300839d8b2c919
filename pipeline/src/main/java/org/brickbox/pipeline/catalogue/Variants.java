package org.brickbox.pipeline.catalogue;

/** Mould variants: LDraw gives successive moulds of one design the same number with a letter (3069a, 3069b). */
final class Variants {
  private Variants() {}

  /** The design number without its variant letter: {@code 3069b} → {@code 3069}; {@code 3001} → {@code 3001}. */
  static String base(String id) {
    int end = id.length();
    return end > 1 && Character.isLetter(id.charAt(end - 1)) && Character.isDigit(id.charAt(end - 2))
        ? id.substring(0, end - 1) : id;
  }
}
