package org.brickbox.render;

import java.util.regex.Pattern;

/**
 * Names one rendered image: part, LDraw colour code, view index and run seed. Everything written for the image is
 * named by {@link #path()}, so a rerun overwrites rather than duplicates.
 */
public record RenderKey(String partId, int colourCode, int viewIndex, long seed) {
  private static final Pattern PART_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public RenderKey {
    if (partId == null || !PART_ID.matcher(partId).matches()) {
      throw new IllegalArgumentException(
          "RenderKey: partId must be a file-name-safe LDraw part id (letters, digits, '.', '_', '-'), was '"
              + partId + "'");
    }
    if (viewIndex < 0) throw new IllegalArgumentException("RenderKey: viewIndex must be >= 0, was " + viewIndex);
  }

  /** Path components {@code <part>/c<colour>/v<view>}, e.g. {@code 3001/c4/v07}; direct colours as hex. */
  public String path() {
    return partId + "/" + colourComponent() + "/" + String.format("v%02d", viewIndex);
  }

  private String colourComponent() {
    return (colourCode & 0xF000000) == 0x2000000
        ? String.format("c0x%07X", colourCode)
        : "c" + colourCode;
  }

  @Override
  public String toString() {
    return path() + "@" + seed;
  }
}
