package org.brickbox.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;

/**
 * Turns a photograph into what is embedded: the part found by {@link PhotoSegmenter} (or the whole frame when the
 * segmentation is not trusted), then several square crops of it, each scaled to the index's image size, whose
 * scores are fused ({@link ReferenceIndex#identifyPhotos}):
 * <ul>
 *   <li>{@link CropKind#SEGMENTED}: the part's pixels on the surface's colour, framed as the renders frame parts
 *       (its longer side spans {@code fill} of the frame); a part cut by the photo's border is not shrunk into a
 *       padded frame: its window stays inside the photo with the cut sides on the window's edges, as the photo
 *       shows it;
 *   <li>{@link CropKind#TIGHT}: the photo itself (surface, shadow and all) in a square just around the part;
 *   <li>{@link CropKind#FRAME}: the largest square of the photo around the part (the whole photo when square), or,
 *       where the part spans less than {@link #FRAME_MIN_SPAN} of it, the square around the part at that span;
 *   <li>{@link CropKind#CENTRE}: the middle of the frame, only when the whole frame is used (a second scale).
 * </ul>
 * A photo used whole after a mask small in it was rejected takes the square around that mask as its frame. The
 * silhouette cues come from the segmentation, and only from a part that is whole in the photo (a cut
 * silhouette describes another shape); the colour is the median under the mask, none after a fallback.
 */
public final class PhotoPreparation {
  /**
   * The longer side a photo is decoded at, at least: a larger photo is decoded at 1/2, 1/4 or 1/8 of its size while
   * its longer side keeps this many pixels (a 12-megapixel phone photo cost ~20 times a 600 px one to decode, segment
   * and crop, for crops of 128 px). A part a seventh of the frame wide still spans ~140 px, more than a crop has.
   */
  public static final int DECODE_SIDE = 960;
  /**
   * How photos are prepared; a photo reference prepared another way is prepared again. 2 (2026-12-08): the frame
   * crop of a part small in the photo is the square around it ({@link #FRAME_MIN_SPAN}), and a photo used whole
   * after a small mask was rejected is framed around that mask; 1: the whole frame in both.
   */
  public static final int VERSION = 2;
  /** Margin of the tight crop around the part's box, as a share of its longer side. */
  static final double TIGHT_MARGIN = 0.06;
  /** Side of the centre crop of a whole-frame photo, as a share of its shorter side. */
  static final double CENTRE_SHARE = 0.7;
  /**
   * The share of a segmented photo's frame crop the part's longer side spans at least: a part small in the frame (a
   * sorting machine's fixed camera) gets the square around it at this span, not the whole frame, where it would be a
   * few pixels of the crop.
   */
  static final double FRAME_MIN_SPAN = 0.4;

  private PhotoPreparation() {}

  /** A photo that holds no part BrickBox can find. */
  public static final class NoPartFoundException extends IllegalArgumentException {
    NoPartFoundException(String message) {
      super(message);
    }
  }

  /** What a crop shows. */
  public enum CropKind {
    SEGMENTED("segmented"), TIGHT("tight"), FRAME("frame"), CENTRE("centre");

    private final String label;

    CropKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * One square crop, scaled to the index's image size.
   *
   * @param window the crop's square in photo pixels (it may reach past the photo's border where a whole part is
   *     framed with room around it; that room is the surface's colour)
   */
  public record Crop(CropKind kind, DecodedImage image, Segmentation.Box window) {}

  /**
   * The prepared photo.
   *
   * @param shape silhouette cues of a whole segmented part; null after a fallback or when the part is cut
   * @param silhouetteLength that silhouette's length in the segmentation's pixels ({@link ShapeCues.Measured}); NaN
   *     where {@code shape} is null
   * @param rgb the part's median colour, 0..255; null after a fallback (the frame's colour is the surface's)
   * @param photoScale the photo's pixels per pixel of the image prepared: 1, or more for a large photo decoded
   *     reduced ({@link #prepareEncoded}); the segmentation's box and the crops' windows are in the image's pixels,
   *     reports ({@link PhotoReport}) multiply them by it
   */
  public record Prepared(Segmentation segmentation, List<Crop> crops, ShapeDescriptor shape, double silhouetteLength,
      float[] rgb, double photoScale) {
    public Crop crop(CropKind kind) {
      for (Crop c : crops) if (c.kind() == kind) return c;
      return null;
    }

    /**
     * The part's length in pixels of the photo as taken (along the part, whatever its angle in the frame): where the
     * photo has a whole, trusted silhouette (the part not cut by the border, the photo not used whole); else NaN. At a camera's scale (pixels per millimetre at the part) it is the part's size, which the
     * silhouette distance compares with the renders' ({@code ViewCues#sizeMm}, measured alike).
     */
    public double partLength() {
      if (shape == null) return Double.NaN;
      return silhouetteLength / segmentation.scale() * photoScale;
    }

    /** This preparation of a photo decoded at {@code photoScale} of its pixels per image pixel. */
    Prepared withPhotoScale(double photoScale) {
      return new Prepared(segmentation, crops, shape, silhouetteLength, rgb, photoScale);
    }
  }

  /** Which crops a segmented photo and a whole-frame one get. */
  public record CropSet(List<CropKind> segmented, List<CropKind> wholeFrame) {
    public static final CropSet DEFAULT = new CropSet(List.of(CropKind.SEGMENTED, CropKind.TIGHT, CropKind.FRAME),
        List.of(CropKind.FRAME, CropKind.CENTRE));

    public CropSet {
      segmented = List.copyOf(segmented);
      wholeFrame = List.copyOf(wholeFrame);
      if (segmented.isEmpty() || wholeFrame.isEmpty()) throw new IllegalArgumentException("a crop set needs crops");
      if (wholeFrame.contains(CropKind.SEGMENTED)) {
        throw new IllegalArgumentException("a whole-frame photo has no segmented crop");
      }
    }

    /**
     * Parses {@code segmented,tight,frame} (crops of a segmented photo; a whole-frame photo then gets the frame and
     * the centre) or {@code A,B/C,D} (segmented / whole frame).
     */
    public static CropSet parse(String text) {
      String[] halves = text.split("/", -1);
      if (halves.length > 2) throw new IllegalArgumentException("crop set '" + text + "': at most one '/'");
      List<CropKind> segmented = kinds(halves[0]);
      List<CropKind> whole = halves.length == 2 ? kinds(halves[1]) : DEFAULT.wholeFrame();
      return new CropSet(segmented, whole);
    }

    private static List<CropKind> kinds(String list) {
      List<CropKind> out = new ArrayList<>();
      for (String k : list.split(",")) {
        CropKind kind = null;
        for (CropKind c : CropKind.values()) if (c.label().equals(k.trim())) kind = c;
        if (kind == null) throw new IllegalArgumentException("unknown crop '" + k + "' (segmented, tight, frame, centre)");
        if (!out.contains(kind)) out.add(kind);
      }
      return out;
    }

    @Override
    public String toString() {
      return String.join(",", segmented.stream().map(CropKind::label).toList()) + "/"
          + String.join(",", wholeFrame.stream().map(CropKind::label).toList());
    }
  }

  /**
   * Decodes a photo from outside (PNG, JPEG or WebP, at most {@code maxPixels}, EXIF orientation applied), reduced
   * when large ({@link #DECODE_SIDE}), finds the part ({@link PhotoSegmenter}) and cuts the crops of {@code set}.
   *
   * @throws RuntimeException what {@link ImageCodec#decodeUntrustedRgb(byte[], long, int)} and
   *     {@link PhotoSegmenter#segment} throw for a photo that cannot be used
   */
  public static Prepared prepareEncoded(byte[] photo, long maxPixels, int size, double fill, CropSet set) {
    return prepareDecoded(decode(photo, maxPixels), size, fill, set, List::of, Runnable::run);
  }

  /**
   * Decodes a photo from outside as {@link #prepareEncoded} does.
   *
   * @throws RuntimeException what {@link ImageCodec#decodeUntrustedRgb(byte[], long, int)} throws
   */
  public static ImageCodec.Reduced decode(byte[] photo, long maxPixels) {
    return ImageCodec.decodeUntrustedRgb(photo, maxPixels, DECODE_SIDE);
  }

  /**
   * {@link #prepareEncoded} of a decoded photo, reusing crops already cut ({@link #cropsBeforeSegmentation}).
   *
   * @param cutAlready asked for once the part is found, not before: those crops may still be being cut elsewhere
   *     while the photo is segmented
   * @param unmaskedCutter as {@link #prepare(DecodedImage, Segmentation, int, double, CropSet, List, Executor)}
   * @throws RuntimeException what {@link PhotoSegmenter#segment} throws for a photo that cannot be used, or what
   *     {@code cutAlready} throws
   */
  public static Prepared prepareDecoded(ImageCodec.Reduced decoded, int size, double fill, CropSet set,
      Supplier<List<Crop>> cutAlready, Executor unmaskedCutter) {
    DecodedImage image = decoded.image();
    Segmentation segmentation = PhotoSegmenter.segment(image);
    return prepare(image, segmentation, size, fill, set, cutAlready.get(), unmaskedCutter)
        .withPhotoScale(decoded.scale());
  }

  /**
   * The crops of {@code set} that are known before the part is found: those every photo gets, segmented or used
   * whole, whose window does not depend on where the part lies (the frame of a square photo, the whole of it; the
   * centre). {@link #prepare} reuses them, so they can be embedded while the photo is still being segmented.
   */
  public static List<Crop> cropsBeforeSegmentation(DecodedImage photo, int size, CropSet set) {
    int pw = photo.width();
    int ph = photo.height();
    List<Crop> crops = new ArrayList<>();
    for (CropKind kind : set.segmented()) {
      if (!set.wholeFrame().contains(kind)) continue;
      Segmentation.Box window = switch (kind) {
        case FRAME -> pw == ph ? frameWindow(new Segmentation.Box(0, 0, pw, ph), pw, ph) : null;
        case CENTRE -> centreWindow(pw, ph);
        case SEGMENTED, TIGHT -> null;
      };
      if (window != null) crops.add(new Crop(kind, cut(photo, null, null, window, size), window));
    }
    return crops;
  }

  /** Prepares with {@link PhotoSegmenter} and the default crops. */
  public static Prepared prepare(DecodedImage photo, int size, double fill) {
    return prepare(photo, PhotoSegmenter.segment(photo), size, fill, CropSet.DEFAULT);
  }

  /** {@link #prepare(DecodedImage, Segmentation, int, double, CropSet, List, Executor)} with every crop cut here. */
  public static Prepared prepare(DecodedImage photo, Segmentation segmentation, int size, double fill, CropSet set) {
    return prepare(photo, segmentation, size, fill, set, List.of(), Runnable::run);
  }

  /**
   * @param photo decoded RGB (EXIF orientation already applied by the decoder)
   * @param segmentation where the part is in {@code photo}
   * @param size output side in pixels (the renders' size)
   * @param fill share of the frame the part's longer side spans in the renders
   * @param cutAlready crops of this photo cut before (at this size): one of the same kind and window is taken as it
   *     is, the same instance, instead of being cut again
   * @param unmaskedCutter where the crops that are the photo itself (tight, frame, centre) are cut, while this thread
   *     cuts the masked one and counts the repeats: another thread's executor when a core is idle, else
   *     {@code Runnable::run} (here, in turn); the same crops either way
   */
  public static Prepared prepare(DecodedImage photo, Segmentation segmentation, int size, double fill, CropSet set,
      List<Crop> cutAlready, Executor unmaskedCutter) {
    if (photo.channels() != 3) throw new IllegalArgumentException("expected an RGB photo");
    fill = Math.max(0.1, Math.min(1.0, fill));
    int pw = photo.width();
    int ph = photo.height();
    Segmentation.Box box = segmentation.box();
    List<CompletableFuture<Crop>> crops = new ArrayList<>();
    ShapeDescriptor shape = null;
    double silhouetteLength = Double.NaN;
    float[] rgb = null;
    if (segmentation.segmented()) {
      Segmentation.Box maskedWindow = segmentedWindow(box, segmentation.cut(), pw, ph, fill);
      int segmentedAt = -1;
      for (CropKind kind : set.segmented()) {
        Segmentation.Box window = switch (kind) {
          case SEGMENTED -> maskedWindow;
          case TIGHT -> inside(centredSquare(box, Math.max(box.width(), box.height()) * (1 + 2 * TIGHT_MARGIN)), pw,
              ph);
          case FRAME -> frameWindow(box, pw, ph);
          case CENTRE -> centreWindow(pw, ph);
        };
        if (kind == CropKind.SEGMENTED) {
          segmentedAt = crops.size();
          crops.add(null); // cut below, under the mask, while the others are cut
        } else {
          crops.add(unmaskedCrop(photo, kind, window, size, cutAlready, unmaskedCutter));
        }
      }
      byte[] mask = photoMask(segmentation, pw, ph);
      DecodedImage framed = segmentedAt >= 0 || segmentation.cut().isEmpty()
          ? cut(photo, mask, segmentation.background(), maskedWindow, size) : null;
      if (segmentedAt >= 0) {
        crops.set(segmentedAt, CompletableFuture.completedFuture(new Crop(CropKind.SEGMENTED, framed, maskedWindow)));
      }
      if (segmentation.cut().isEmpty()) {
        // The repeats are counted on the part framed as the renders frame it, at their size, as the index counted its
        // views'.
        PeriodCount.Result periods = PeriodCount.of(framed.pixels(), cutMask(mask, pw, ph, maskedWindow, size),
            size, size);
        ShapeCues.Measured silhouette = ShapeCues.measure(segmentation.mask(), segmentation.width(),
            segmentation.height());
        shape = silhouette.shape().withPeriods(periods.clearCount());
        silhouetteLength = silhouette.length();
      }
      DecodedImage small = segmentation.analysed() != null ? segmentation.analysed()
          : ImageCodec.scale(photo, segmentation.width(), segmentation.height());
      rgb = ColourEstimate.medianRgb(small.pixels(), segmentation.mask());
    } else {
      Segmentation.Box around = fallbackFrame(segmentation, pw, ph);
      Segmentation.Box frame = around != null ? around : frameWindow(new Segmentation.Box(0, 0, pw, ph), pw, ph);
      Segmentation.Box centre = around != null ? inside(centredSquare(around, CENTRE_SHARE * around.width()), pw, ph)
          : centreWindow(pw, ph);
      for (CropKind kind : set.wholeFrame()) {
        crops.add(unmaskedCrop(photo, kind, kind == CropKind.CENTRE ? centre : frame, size, cutAlready,
            unmaskedCutter));
      }
    }
    List<Crop> cut = new ArrayList<>(crops.size());
    for (CompletableFuture<Crop> c : crops) cut.add(joined(c));
    return new Prepared(segmentation, List.copyOf(cut), shape, silhouetteLength, rgb, 1);
  }

  /** A crop, waiting for it; a failed cut is rethrown as it was thrown. */
  private static Crop joined(CompletableFuture<Crop> crop) {
    try {
      return crop.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The photo itself in the window: the crop of that kind and window in {@code cutAlready}, else cut by the cutter. */
  private static CompletableFuture<Crop> unmaskedCrop(DecodedImage photo, CropKind kind, Segmentation.Box window,
      int size, List<Crop> cutAlready, Executor cutter) {
    for (Crop c : cutAlready) {
      if (c.kind() == kind && c.window().equals(window)) return CompletableFuture.completedFuture(c);
    }
    return CompletableFuture.supplyAsync(() -> new Crop(kind, cut(photo, null, null, window, size), window), cutter);
  }

  /**
   * Where a photo used whole is framed when the mask it fell back from was small in it (a sorting machine's fixed
   * camera: the mask was not trusted, its place mostly is): the square around the rejected mask's box at
   * {@link #FRAME_MIN_SPAN}, as a segmented photo's frame crop would be, the centre crop the middle of that; null,
   * the whole frame, where nothing was rejected or the rejected box spans more of the frame.
   */
  private static Segmentation.Box fallbackFrame(Segmentation segmentation, int pw, int ph) {
    if (segmentation.rejected() == null || segmentation.rejected().box() == null) return null;
    Segmentation.Box rejected = segmentation.rejected().box();
    boolean small = Math.max(rejected.width(), rejected.height()) / FRAME_MIN_SPAN < Math.min(pw, ph);
    return small ? frameWindow(rejected, pw, ph) : null;
  }

  /**
   * The frame crop's window: the largest square of the photo around {@code around} (the whole of a square photo), or
   * the square around it at {@link #FRAME_MIN_SPAN} where that is smaller.
   */
  private static Segmentation.Box frameWindow(Segmentation.Box around, int pw, int ph) {
    double atSpan = Math.max(around.width(), around.height()) / FRAME_MIN_SPAN;
    return inside(centredSquare(around, Math.min(Math.min(pw, ph), atSpan)), pw, ph);
  }

  /** The centre crop's window: the middle {@link #CENTRE_SHARE} of the shorter side. */
  private static Segmentation.Box centreWindow(int pw, int ph) {
    return inside(centredSquare(new Segmentation.Box(0, 0, pw, ph), CENTRE_SHARE * Math.min(pw, ph)), pw, ph);
  }

  /**
   * The segmented crop's window: the part's box framed like the renders ({@code fill}); for a part cut by the
   * photo's border, no larger than the photo and kept inside it with the cut sides on its edges.
   */
  static Segmentation.Box segmentedWindow(Segmentation.Box box, List<String> cut, int pw, int ph, double fill) {
    double side = Math.max(box.width(), box.height()) / fill;
    if (cut.isEmpty()) return centredSquare(box, side);
    int s = (int) Math.round(Math.min(side, Math.min(pw, ph)));
    int x = axis(box.x(), box.width(), s, pw, cut.contains("left"), cut.contains("right"));
    int y = axis(box.y(), box.height(), s, ph, cut.contains("top"), cut.contains("bottom"));
    return new Segmentation.Box(x, y, s, s);
  }

  private static int axis(int start, int length, int side, int limit, boolean cutLow, boolean cutHigh) {
    int at;
    if (cutLow && !cutHigh) at = 0;
    else if (cutHigh && !cutLow) at = limit - side;
    else at = (int) Math.round(start + length / 2.0 - side / 2.0);
    return Math.max(0, Math.min(limit - side, at));
  }

  /** The square of {@code side} centred on the box's centre. */
  static Segmentation.Box centredSquare(Segmentation.Box box, double side) {
    int s = Math.max(1, (int) Math.round(side));
    int x = (int) Math.round(box.x() + box.width() / 2.0 - s / 2.0);
    int y = (int) Math.round(box.y() + box.height() / 2.0 - s / 2.0);
    return new Segmentation.Box(x, y, s, s);
  }

  /** The square moved (and shrunk if it must be) to lie inside a pw × ph photo. */
  static Segmentation.Box inside(Segmentation.Box square, int pw, int ph) {
    int s = Math.min(square.width(), Math.min(pw, ph));
    int x = Math.max(0, Math.min(pw - s, square.x() + (square.width() - s) / 2));
    int y = Math.max(0, Math.min(ph - s, square.y() + (square.height() - s) / 2));
    return new Segmentation.Box(x, y, s, s);
  }

  /** The segmentation's mask at photo resolution (bilinear, cut at half). */
  static byte[] photoMask(Segmentation s, int pw, int ph) {
    DecodedImage scaled = ImageCodec.scale(new DecodedImage(s.width(), s.height(), 1, s.mask()), pw, ph);
    byte[] out = new byte[pw * ph];
    for (int i = 0; i < out.length; i++) out[i] = (byte) ((scaled.pixels()[i] & 0xFF) >= 128 ? 255 : 0);
    return out;
  }

  /** The mask's window scaled to size × size as {@link #cut} scales the photo's (0 past the photo's border). */
  static byte[] cutMask(byte[] mask, int pw, int ph, Segmentation.Box window, int size) {
    int s = window.width();
    byte[] out = new byte[s * s];
    for (int y = 0; y < s; y++) {
      int py = window.y() + y;
      if (py < 0 || py >= ph) continue;
      int x0 = Math.max(0, -window.x());
      int x1 = Math.min(s, pw - window.x());
      if (x1 > x0) System.arraycopy(mask, py * pw + window.x() + x0, out, y * s + x0, x1 - x0);
    }
    return ImageCodec.scale(new DecodedImage(s, s, 1, out), size, size).pixels();
  }

  /**
   * The window of the photo scaled to size × size; with a mask, pixels off the part (and past the photo's border)
   * take the background colour, else past the border is black (never reached: such windows lie inside the photo).
   */
  static DecodedImage cut(DecodedImage photo, byte[] mask, float[] background, Segmentation.Box window, int size) {
    int pw = photo.width();
    int ph = photo.height();
    int s = window.width();
    // Row by row (a segmented window can be 1,000 px square, mostly off the part): spans off the photo take the fill
    // row, spans on it are copied whole, or pixel by pixel under the mask. The same pixels as a per-pixel test.
    byte[] fillRow = new byte[s * 3];
    if (background != null) {
      for (int x = 0; x < s; x++) for (int c = 0; c < 3; c++) fillRow[x * 3 + c] = (byte) Math.round(background[c]);
    }
    byte[] out = new byte[s * s * 3];
    byte[] src = photo.pixels();
    int x0 = Math.max(0, Math.min(s, -window.x()));
    int x1 = Math.max(x0, Math.min(s, pw - window.x()));
    for (int y = 0; y < s; y++) {
      int py = window.y() + y;
      int row = y * s * 3;
      if (py < 0 || py >= ph) {
        System.arraycopy(fillRow, 0, out, row, s * 3);
        continue;
      }
      System.arraycopy(fillRow, 0, out, row, x0 * 3);
      System.arraycopy(fillRow, x1 * 3, out, row + x1 * 3, (s - x1) * 3);
      int from = py * pw + window.x();
      if (mask == null) {
        if (x1 > x0) System.arraycopy(src, (from + x0) * 3, out, row + x0 * 3, (x1 - x0) * 3);
        continue;
      }
      for (int x = x0; x < x1; x++) {
        int o = row + x * 3;
        if (mask[from + x] != 0) {
          int i = (from + x) * 3;
          out[o] = src[i];
          out[o + 1] = src[i + 1];
          out[o + 2] = src[i + 2];
        } else {
          out[o] = fillRow[0];
          out[o + 1] = fillRow[1];
          out[o + 2] = fillRow[2];
        }
      }
    }
    return ImageCodec.scale(new DecodedImage(s, s, 3, out), size, size);
  }
}
