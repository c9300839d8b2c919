package org.brickbox.fuse;

import java.util.ArrayList;
import java.util.List;

/** Plain-Java measurements of binary masks (a byte per pixel, non-zero = part): bounds, overlap, border contact. */
public final class Masks {
  private Masks() {}

  /** Inclusive pixel bounds of a mask's foreground; {@code empty()} when it has none. */
  public record Bounds(int minX, int minY, int maxX, int maxY) {
    public boolean empty() {
      return maxX < minX || maxY < minY;
    }
  }

  public static Bounds bounds(byte[] mask, int w, int h) {
    int minX = w, minY = h, maxX = -1, maxY = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (mask[y * w + x] == 0) continue;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    return new Bounds(minX, minY, maxX, maxY);
  }

  /** Bounds at the analysis resolution ({@code scale} analysis pixels per photo pixel) as a box in photo pixels. */
  static Segmentation.Box photoBox(Bounds b, double scale, int photoWidth, int photoHeight) {
    if (b.empty()) return new Segmentation.Box(0, 0, photoWidth, photoHeight);
    int x0 = Math.max(0, (int) Math.floor(b.minX() / scale));
    int y0 = Math.max(0, (int) Math.floor(b.minY() / scale));
    int x1 = Math.min(photoWidth, (int) Math.ceil((b.maxX() + 1) / scale));
    int y1 = Math.min(photoHeight, (int) Math.ceil((b.maxY() + 1) / scale));
    return new Segmentation.Box(x0, y0, x1 - x0, y1 - y0);
  }

  /** The image borders a mask with these bounds touches: left, top, right, bottom. */
  static List<String> cutSides(Bounds b, int w, int h) {
    List<String> sides = new ArrayList<>(4);
    if (b.empty()) return sides;
    if (b.minX() == 0) sides.add("left");
    if (b.minY() == 0) sides.add("top");
    if (b.maxX() == w - 1) sides.add("right");
    if (b.maxY() == h - 1) sides.add("bottom");
    return sides;
  }

  /** Intersection over union of two masks of the same size; 1 when both are empty. */
  public static double iou(byte[] a, byte[] b) {
    if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length + " mask pixels");
    long both = 0, either = 0;
    for (int i = 0; i < a.length; i++) {
      boolean x = a[i] != 0, y = b[i] != 0;
      if (x && y) both++;
      if (x || y) either++;
    }
    return either == 0 ? 1.0 : both / (double) either;
  }

  /** The pixels set in both masks. */
  public static byte[] and(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) out[i] = (byte) (a[i] != 0 && b[i] != 0 ? 255 : 0);
    return out;
  }

  /** Share of the image border's pixels that the mask covers. */
  static double borderContact(byte[] mask, int w, int h) {
    long on = 0;
    for (int x = 0; x < w; x++) {
      if (mask[x] != 0) on++;
      if (mask[(h - 1) * w + x] != 0) on++;
    }
    for (int y = 1; y < h - 1; y++) {
      if (mask[y * w] != 0) on++;
      if (mask[y * w + w - 1] != 0) on++;
    }
    return on / (double) (2 * w + 2 * (h - 2));
  }

  public static int count(byte[] mask) {
    int n = 0;
    for (byte b : mask) if (b != 0) n++;
    return n;
  }
}
