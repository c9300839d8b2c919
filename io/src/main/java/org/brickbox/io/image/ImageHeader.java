package org.brickbox.io.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The format and pixel size of an encoded PNG, JPEG or WebP image, read from its bytes without decoding, and whether
 * the file is whole. A decoder allocates what the header declares: a 2.6 MB PNG declaring 30,000 × 30,000 pixels
 * (under OpenCV's own limit of 2^30) decodes to 2.7 GB. Reading the size first lets a caller refuse such a
 * decompression bomb ({@link #requirePixelsAtMost}) before any memory is spent. A file cut short (an interrupted
 * upload) is refused here too, saying so: OpenCV only reports bytes it cannot read (and prints libpng's or libjpeg's
 * complaint on stderr), and libjpeg itself decodes a truncated JPEG with grey rows when its decoder lets it. Other
 * formats OpenCV could decode (TIFF, BMP, ...) are refused, since their size is not checked.
 *
 * <p>Pure Java, no natives; linear in the file's length (a JPEG's entropy-coded data is scanned for its
 * markers).
 */
public record ImageHeader(Format format, int width, int height) {
  /** The default pixel limit: a 48-megapixel phone photo passes; decoded as RGB it takes 150 MB. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  public enum Format { PNG, JPEG, WEBP }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  public long pixels() {
    return (long) width * height;
  }

  /**
   * @throws ImageCodecException when the bytes are not PNG, JPEG or WebP, the header is malformed, or the file is cut
   *     short; the message says which and where
   */
  public static ImageHeader read(byte[] encoded) {
    if (encoded == null || encoded.length == 0) throw new ImageCodecException("no bytes: an empty file is not an image");
    if (startsWith(encoded, 0, PNG_SIGNATURE)) return png(encoded);
    if (encoded.length >= 3 && (encoded[0] & 0xFF) == 0xFF && (encoded[1] & 0xFF) == 0xD8
        && (encoded[2] & 0xFF) == 0xFF) {
      return jpeg(encoded);
    }
    if (startsWith(encoded, 0, ascii("RIFF")) && startsWith(encoded, 8, ascii("WEBP"))) return webp(encoded);
    UnreadFormat known = UnreadFormat.ofSignature(encoded);
    throw new ImageCodecException("not a PNG, JPEG or WebP image" + (known == null ? "" : ": " + known.describe())
        + " (it starts with " + firstBytes(encoded) + ")");
  }

  /**
   * This header, when its pixel count is at most {@code maxPixels}.
   *
   * @throws ImageTooLargeException otherwise
   */
  public ImageHeader requirePixelsAtMost(long maxPixels) {
    if (pixels() > maxPixels) throw new ImageTooLargeException(this, maxPixels);
    return this;
  }

  /** Signature, IHDR first, then every chunk walked by its declared length up to IEND. */
  private static ImageHeader png(byte[] b) {
    int pos = PNG_SIGNATURE.length;
    if (b.length < pos + 8 + 13) throw truncated("PNG", "the file ends at byte " + b.length + ", inside its header");
    if (!startsWith(b, pos + 4, ascii("IHDR"))) throw malformed("PNG", "no IHDR chunk after the signature");
    int width = int32(b, pos + 8);
    int height = int32(b, pos + 12);
    if (width <= 0 || height <= 0) throw malformed("PNG", "IHDR declares " + width + " × " + height + " pixels");
    while (true) {
      if (pos + 8 > b.length) throw truncated("PNG", "no IEND chunk; the file ends at byte " + b.length);
      long length = int32(b, pos) & 0xFFFFFFFFL;
      String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
      long next = pos + 12 + length;
      if (next > b.length) {
        throw truncated("PNG", "chunk " + type + " at byte " + pos + " declares " + length + " bytes, the file ends at byte "
            + b.length);
      }
      if (type.equals("IEND")) return new ImageHeader(Format.PNG, width, height);
      pos = (int) next;
    }
  }

  /**
   * Markers walked by their lengths; the size from the frame header (SOFn); after each scan header (SOS) the
   * entropy-coded data is skipped to the next marker (0xFF not followed by a stuffed 0x00 or a restart marker); the
   * file is whole when end-of-image (EOI) is reached. Embedded thumbnails lie inside APPn segments and are skipped.
   */
  private static ImageHeader jpeg(byte[] b) {
    int pos = 2;
    int width = -1;
    int height = -1;
    while (true) {
      if (pos >= b.length) throw truncated("JPEG", "no end-of-image marker; the file ends at byte " + b.length);
      if ((b[pos] & 0xFF) != 0xFF) throw malformed("JPEG", "no marker at byte " + pos);
      while (pos < b.length && (b[pos] & 0xFF) == 0xFF) pos++; // a marker may be preceded by fill bytes
      if (pos >= b.length) throw truncated("JPEG", "no end-of-image marker; the file ends at byte " + b.length);
      int marker = b[pos++] & 0xFF;
      if (marker == 0xD9) {
        if (width < 0) throw malformed("JPEG", "end-of-image before any frame header");
        return new ImageHeader(Format.JPEG, width, height);
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue; // no length
      if (pos + 2 > b.length) throw truncated("JPEG", "marker " + hex(marker) + " at byte " + (pos - 2) + " has no length");
      int length = uint16(b, pos);
      if (length < 2) throw malformed("JPEG", "marker " + hex(marker) + " at byte " + (pos - 2) + " declares length " + length);
      if (pos + length > b.length) {
        throw truncated("JPEG", "segment " + hex(marker) + " at byte " + (pos - 2) + " declares " + length
            + " bytes, the file ends at byte " + b.length);
      }
      if (isFrameHeader(marker)) {
        if (length < 7) throw malformed("JPEG", "frame header at byte " + (pos - 2) + " is " + length + " bytes");
        height = uint16(b, pos + 3);
        width = uint16(b, pos + 5);
        if (width == 0 || height == 0) {
          throw malformed("JPEG", "frame header declares " + width + " × " + height
              + " pixels (a height given later by a DNL marker is not supported)");
        }
      }
      pos += length;
      if (marker == 0xDA) {
        if (width < 0) throw malformed("JPEG", "scan data before any frame header");
        pos = nextMarkerAfterScan(b, pos);
      }
    }
  }

  /** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrameHeader(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /** The position of the first marker's 0xFF after entropy-coded data starting at {@code pos}. */
  private static int nextMarkerAfterScan(byte[] b, int pos) {
    for (int i = pos; i + 1 < b.length; i++) {
      if ((b[i] & 0xFF) != 0xFF) continue;
      int next = b[i + 1] & 0xFF;
      if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) return i;
    }
    throw truncated("JPEG", "no end-of-image marker after the scan data; the file ends at byte " + b.length);
  }

  /** RIFF size against the file's length, then the first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X). */
  private static ImageHeader webp(byte[] b) {
    long riffEnd = 8 + (int32le(b, 4) & 0xFFFFFFFFL);
    if (riffEnd > b.length) {
      throw truncated("WebP", "the RIFF header declares " + riffEnd + " bytes, the file ends at byte " + b.length);
    }
    if (b.length < 30) throw malformed("WebP", "too short for a chunk header (" + b.length + " bytes)");
    String chunk = new String(b, 12, 4, StandardCharsets.ISO_8859_1);
    long chunkEnd = 20 + (int32le(b, 16) & 0xFFFFFFFFL);
    if (chunkEnd > riffEnd) {
      throw truncated("WebP", "chunk " + chunk.strip() + " declares " + (chunkEnd - 20) + " bytes, the RIFF data ends at byte "
          + riffEnd);
    }
    int data = 20;
    int width;
    int height;
    switch (chunk) {
      case "VP8 " -> {
        if (!startsWith(b, data + 3, new byte[] {(byte) 0x9D, 0x01, 0x2A})) {
          throw malformed("WebP", "VP8 frame without its start code");
        }
        width = uint16le(b, data + 6) & 0x3FFF;
        height = uint16le(b, data + 8) & 0x3FFF;
      }
      case "VP8L" -> {
        if ((b[data] & 0xFF) != 0x2F) throw malformed("WebP", "VP8L data without its signature byte");
        int bits = int32le(b, data + 1);
        width = (bits & 0x3FFF) + 1;
        height = ((bits >>> 14) & 0x3FFF) + 1;
      }
      case "VP8X" -> {
        width = uint24le(b, data + 4) + 1;
        height = uint24le(b, data + 7) + 1;
      }
      default -> throw malformed("WebP", "first chunk is '" + chunk + "', expected VP8, VP8L or VP8X");
    }
    if (width == 0 || height == 0) throw malformed("WebP", "declares " + width + " × " + height + " pixels");
    return new ImageHeader(Format.WEBP, width, height);
  }

  private static ImageCodecException truncated(String format, String detail) {
    return new ImageCodecException("truncated " + format + " (the file was cut short): " + detail);
  }

  private static ImageCodecException malformed(String format, String detail) {
    return new ImageCodecException("malformed " + format + ": " + detail);
  }

  /** Whether {@code b} holds {@code prefix} at {@code offset} (also {@link UnreadFormat}'s signatures). */
  static boolean startsWith(byte[] b, int offset, byte[] prefix) {
    if (b.length < offset + prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if (b[offset + i] != prefix[i]) return false;
    return true;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static int int32(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }

  private static int uint16(byte[] b, int p) {
    return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
  }

  private static int int32le(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }

  private static int uint16le(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
  }

  private static int uint24le(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16;
  }

  private static String hex(int marker) {
    return String.format(Locale.ROOT, "FF%02X", marker);
  }

  private static String firstBytes(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) s.append(String.format(Locale.ROOT, i == 0 ? "%02X" : " %02X", b[i]));
    return s.toString();
  }
}
