package org.brickbox.stages.render;

import java.util.Locale;

/** How rendered RGB images are encoded; masks are always lossless PNG. */
public enum ImageFormat {
  PNG("png", "image/png"),
  WEBP("webp", "image/webp");

  private final String extension;
  private final String mimeType;

  ImageFormat(String extension, String mimeType) {
    this.extension = extension;
    this.mimeType = mimeType;
  }

  public String extension() {
    return extension;
  }

  public String mimeType() {
    return mimeType;
  }

  /** Where the image of {@code key} is written, relative to the output directory. */
  public String imagePath(org.brickbox.render.RenderKey key) {
    return "images/" + key.path() + "." + extension;
  }

  /** Where the coverage mask of {@code key} is written, relative to the output directory. */
  public static String maskPath(org.brickbox.render.RenderKey key) {
    return "images/" + key.path() + ".mask.png";
  }

  public static ImageFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--imageFormat must be PNG or WEBP, was '" + name + "'", e);
    }
  }
}
