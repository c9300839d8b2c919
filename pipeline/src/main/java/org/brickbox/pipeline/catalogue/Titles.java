package org.brickbox.pipeline.catalogue;

/** LDraw titles as people read them. */
final class Titles {
  private Titles() {}

  /** Without the alias/hidden prefix characters ({@code ~=_|}) and with runs of spaces collapsed. */
  static String plain(String description) {
    int i = 0;
    while (i < description.length() && "~=_|".indexOf(description.charAt(i)) >= 0) i++;
    return description.substring(i).trim().replaceAll("\\s+", " ");
  }
}
