package org.brickbox.io.image;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Image formats users send that BrickBox does not read (it reads PNG, JPEG and WebP, whose sizes {@link ImageHeader}
 * checks before decoding), each named with what to convert it to. An iPhone saves HEIC by default and some cameras
 * and scanners TIFF: refused as anonymous bytes or as "not a photo", a user would not know what to do.
 */
public enum UnreadFormat {
  HEIC("a HEIC/HEIF photo (an iPhone's default format)", "export it as JPEG, or set the camera to \"Most Compatible\"",
      List.of("heic", "heif")),
  AVIF("an AVIF image", "save it as JPEG or PNG", List.of("avif")),
  TIFF("a TIFF image", "save it as PNG or JPEG", List.of("tif", "tiff")),
  GIF("a GIF image", "save it as PNG", List.of("gif")),
  BMP("a BMP image", "save it as PNG", List.of("bmp"));

  /** ISO base media brands of HEIF images (HEVC-coded or generic), as an iPhone or a converter writes them. */
  private static final List<String> HEIF_BRANDS =
      List.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");

  private final String what;
  private final String advice;
  private final List<String> extensions;

  UnreadFormat(String what, String advice, List<String> extensions) {
    this.what = what;
    this.advice = advice;
    this.extensions = extensions;
  }

  /** What the file is and what to do, e.g. "a TIFF image; save it as PNG or JPEG". */
  public String describe() {
    return what + "; " + advice;
  }

  /** The format these bytes start like; null when none of these (another ISO file, such as a video, included). */
  public static UnreadFormat ofSignature(byte[] b) {
    if (at(b, 4, "ftyp") && b.length >= 12) {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      if (brand.equals("avif") || brand.equals("avis")) return AVIF;
      return HEIF_BRANDS.contains(brand) ? HEIC : null;
    }
    if (at(b, 0, "II*\0") || at(b, 0, "MM\0*")) return TIFF;
    if (at(b, 0, "GIF87a") || at(b, 0, "GIF89a")) return GIF;
    if (at(b, 0, "BM") && b.length >= 14) return BMP; // a BMP's file header alone is 14 bytes
    return null;
  }

  /** The format a file name's extension (without the dot, any case) says; null when none of these. */
  public static UnreadFormat ofExtension(String extension) {
    String e = extension.toLowerCase(Locale.ROOT);
    for (UnreadFormat f : values()) if (f.extensions.contains(e)) return f;
    return null;
  }

  /** Whether {@code b} holds {@code text}'s ASCII bytes at {@code offset} (ImageHeader's own signature check). */
  private static boolean at(byte[] b, int offset, String text) {
    return ImageHeader.startsWith(b, offset, ImageHeader.ascii(text));
  }
}
