package org.brickbox.fuse;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2Lab;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_ELLIPSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;
import static org.bytedeco.opencv.global.opencv_imgproc.convexHull;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.fillConvexPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;
import static org.bytedeco.opencv.global.opencv_imgproc.morphologyEx;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Arrays;
import org.brickbox.io.image.DecodedImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds the part in a photo of one part on a surface, light parts on light surfaces included, or says it cannot:
 * <ol>
 *   <li>the photo is analysed at {@link #WORK_SIZE} pixels (longer side) in CIE Lab; a part found small in the frame
 *       is analysed again on a window around it, at the same size ({@link #refinementWindow});
 *   <li>the surface is modelled from the photo's border ({@link SurfaceModel}): a plane, then a quadratic, per Lab
 *       channel (uneven light, vignetting), fitted robustly so that where the part crosses the border it is left
 *       out, with the border's own spread per channel (grain, texture, noise) as the unit of difference;
 *   <li>every pixel's difference from that model in those units, shadows discounted: a pixel darker than the
 *       surface counts a quarter of its lightness drop and has its chroma compared with the surface's darkened as a
 *       shadow darkens it;
 *   <li>detections (differences beyond a threshold set by the border's own differences) seed GrabCut: the border's
 *       surface pixels and anything far from the detections are surface, strong detections are part, the rest of
 *       the detections' convex hull is probably part, except shadow-like pixels the surface reaches without crossing
 *       an image edge, which are probably surface; GrabCut's colour models and edge-aware smoothing settle the rest
 *       (the shaded faces of a white part that differ from the surface only a little; a shadow, which fades into the
 *       surface where a face meets it at an outline);
 *   <li>a confidence, the probability that this mask serves better than the whole frame, from the mask's outline
 *       lying on image edges, its solidity and its agreement with the detections' hull (fitted on the photo proxy's
 *       true masks); below {@link #MIN_CONFIDENCE} the detections GrabCut started from are judged the same way and
 *       used when trusted ({@link Segmentation.Method#DETECTIONS}: GrabCut now and then settles on a mask that spills
 *       over the surface), else the whole frame is returned, with what was found as the rejected result. A photo in
 *       which nothing differs from the surface and nothing has an edge has no part.
 * </ol>
 * The same photo gives the same mask: {@link GrabCut}'s first colour models come from a seeded k-means++.
 * Thread-safe; every native buffer lives in one {@link PointerScope} per call and nothing native leaves it.
 */
public final class PhotoSegmenter {
  /**
   * Longest side photos are analysed at: a part's silhouette survives and GrabCut stays affordable. On the photo
   * proxy's 522 true masks 128 px scores IoU 0.872 against 0.874 at 160 and 256 for 40 CPU ms a photo instead of
   * 150, and the photo benchmark's answers hold. A part small in a wide photo gets too few analysis pixels at 128
   * (one pixel of box error is 7 photo pixels for a part 14 % of a 900 px photo wide), hence the second pass on a
   * window around it.
   */
  public static final int WORK_SIZE = 128;
  /**
   * A part whose box spans less than this share of the analysed frame is segmented again on a window around it
   * ({@link #refinementWindow}), {@link #REFINE_WINDOW} times its size.
   */
  static final double REFINE_BELOW = 0.5;
  static final double REFINE_WINDOW = 2.5;
  /** Windows smaller than this (photo pixels a side) are not analysed again: nothing finer is left to see. */
  static final int MIN_WINDOW = 32;
  /** Below this confidence the segmentation is not trusted and the whole frame is used. */
  public static final double MIN_CONFIDENCE = 0.55;
  /** Border ring analysed for the surface model, as a share of the shorter side. */
  static final double RING = 0.035;
  /** How much of a darker-than-surface pixel's lightness drop counts, when its chroma follows a shadow's. */
  static final double SHADOW_LIGHTNESS_WEIGHT = 0.25;
  /** Floors of the surface's spread (Lab units): noise below this is JPEG rounding, not texture. */
  static final double MIN_SIGMA_L = 0.8;
  static final double MIN_SIGMA_AB = 0.5;
  /** The detection threshold never drops below this many spreads, whatever the border says. */
  static final double MIN_THRESHOLD = 3.0;
  static final int GRABCUT_ITERATIONS = 4;
  /** Seed of GrabCut's first colour models (k-means++): the same photo, the same mask. */
  static final int GRABCUT_SEED = 0x5EED;
  /** How far from the detections GrabCut may still find part, as a share of the longer side; beyond is surface. */
  static final double REACH = 0.3;
  /**
   * Gradient (in units of the edge threshold) a shadow-like path from the surface may cross: what the surface
   * reaches through such pixels starts as probable surface, not probable part.
   */
  static final double SHADOW_BARRIER = 1.5;
  /** Detections smaller than this share of the frame are speckle. */
  static final double MIN_BLOB = 0.0015;
  /** A mask smaller than this share of the photo is no part; larger than {@link #MAX_COVERAGE}, no segmentation. */
  static final double MIN_COVERAGE = 0.003;
  static final double MAX_COVERAGE = 0.93;

  private PhotoSegmenter() {}

  /** Segments with the default {@link #MIN_CONFIDENCE}. */
  public static Segmentation segment(DecodedImage photo) {
    return segment(photo, MIN_CONFIDENCE);
  }

  /** Segments at the default {@link #WORK_SIZE}. */
  public static Segmentation segment(DecodedImage photo, double minConfidence) {
    return segment(photo, minConfidence, WORK_SIZE);
  }

  /**
   * @param photo decoded RGB (EXIF orientation already applied)
   * @param minConfidence below it the whole frame is returned ({@link Segmentation.Method#WHOLE_FRAME})
   * @param workSize the longer side, in pixels, the photo is analysed at (GrabCut's cost grows with its square)
   */
  public static Segmentation segment(DecodedImage photo, double minConfidence, int workSize) {
    if (photo.channels() != 3) throw new IllegalArgumentException("expected an RGB photo");
    if (workSize < 32) throw new IllegalArgumentException("segmentation work size must be at least 32, was " + workSize);
    Segmentation whole = segmentAt(photo, minConfidence, workSize);
    Segmentation.Box window = refinementWindow(whole, workSize, photo.width(), photo.height());
    if (window == null) return whole;
    Segmentation refined;
    try {
      refined = segmentAt(crop(photo, window), minConfidence, workSize);
    } catch (PhotoPreparation.NoPartFoundException lostInTheWindow) {
      return whole; // the first pass found a part; a window that shows none is no reason to drop it
    }
    if (!refined.segmented()) return whole;
    Segmentation placed = placed(refined, window, photo.width(), photo.height());
    return Masks.count(placed.mask()) > 0 ? placed : whole;
  }

  /**
   * Where to look again when the first pass found a part that spans less than {@link #REFINE_BELOW} of the analysed
   * frame: a window {@link #REFINE_WINDOW} times the part's size around it, clamped to the photo, analysed at the
   * same size, so the part's outline gets several times the pixels. Null when there is no need (a large part, a
   * fallback) or the window would be nearly the whole photo anyway.
   */
  static Segmentation.Box refinementWindow(Segmentation first, int workSize, int pw, int ph) {
    // A photo analysed at its own size has no finer pixels to give.
    if (!first.segmented() || first.scale() >= 1) return null;
    Segmentation.Box box = first.box();
    int partSide = Math.max(box.width(), box.height());
    if (partSide * first.scale() >= REFINE_BELOW * workSize) return null;
    int side = (int) Math.ceil(partSide * REFINE_WINDOW);
    if (side < MIN_WINDOW) return null;
    int x0 = Math.max(0, box.x() + box.width() / 2 - side / 2);
    int y0 = Math.max(0, box.y() + box.height() / 2 - side / 2);
    int x1 = Math.min(pw, x0 + side);
    int y1 = Math.min(ph, y0 + side);
    if (Math.max(x1 - x0, y1 - y0) > 0.8 * Math.max(pw, ph)) return null;
    return new Segmentation.Box(x0, y0, x1 - x0, y1 - y0);
  }

  /** The window's segmentation as one of the whole photo: its mask placed at the window's (finer) scale. */
  static Segmentation placed(Segmentation inWindow, Segmentation.Box window, int pw, int ph) {
    double scale = inWindow.scale();
    int w = Math.max(16, (int) Math.round(pw * scale));
    int h = Math.max(16, (int) Math.round(ph * scale));
    int ox = (int) Math.round(window.x() * scale);
    int oy = (int) Math.round(window.y() * scale);
    byte[] mask = new byte[w * h];
    for (int y = 0; y < inWindow.height() && oy + y < h; y++) {
      int from = y * inWindow.width();
      System.arraycopy(inWindow.mask(), from, mask, (oy + y) * w + ox, Math.min(inWindow.width(), w - ox));
    }
    Segmentation.Box box = inWindow.box();
    return new Segmentation(inWindow.method(), inWindow.confidence(), w, h, scale, mask,
        new Segmentation.Box(window.x() + box.x(), window.y() + box.y(), box.width(), box.height()),
        Masks.cutSides(Masks.bounds(mask, w, h), w, h), inWindow.background(), inWindow.cues(),
        inWindow.reason() + ", refined on a window around the part (small in the frame)", null, null);
  }

  private static DecodedImage crop(DecodedImage photo, Segmentation.Box window) {
    byte[] pixels = new byte[window.width() * window.height() * 3];
    for (int y = 0; y < window.height(); y++) {
      System.arraycopy(photo.pixels(), ((window.y() + y) * photo.width() + window.x()) * 3, pixels,
          y * window.width() * 3, window.width() * 3);
    }
    return new DecodedImage(window.width(), window.height(), 3, pixels);
  }

  @SuppressWarnings("try") // the scope frees every native buffer made inside it
  private static Segmentation segmentAt(DecodedImage photo, double minConfidence, int workSize) {
    OpenCvNatives.ensure();
    try (PointerScope scope = new PointerScope()) {
      double scale = Math.min(1.0, workSize / (double) Math.max(photo.width(), photo.height()));
      int w = Math.max(16, (int) Math.round(photo.width() * scale));
      int h = Math.max(16, (int) Math.round(photo.height() * scale));
      double sx = w / (double) photo.width();
      Mat full = new Mat(photo.height(), photo.width(), CV_8UC3, new BytePointer(photo.pixels()));
      Mat small = new Mat();
      resize(full, small, new Size(w, h), 0, 0, INTER_AREA);
      // Read, never written: the surface's colour, GrabCut's colour models and the part's colour (kept as analysed).
      DecodedImage analysed = new DecodedImage(w, h, 3, bytes(small, w * h * 3));
      Mat blurred = new Mat();
      GaussianBlur(small, blurred, new Size(3, 3), 0);
      Mat unit = new Mat();
      blurred.convertTo(unit, CV_32FC3, 1 / 255.0, 0);
      Mat labMat = new Mat();
      cvtColor(unit, labMat, COLOR_RGB2Lab);
      float[] lab = floats(labMat, w * h * 3);
      Mat lightness = new Mat(h, w, CV_32F, new FloatPointer(lightnessOf(lab)));
      Mat gx = new Mat();
      Mat gy = new Mat();
      Sobel(lightness, gx, CV_32F, 1, 0);
      Sobel(lightness, gy, CV_32F, 0, 1);
      float[] dx = floats(gx, w * h);
      float[] dy = floats(gy, w * h);
      float[] gradient = new float[w * h];
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] = (float) Math.sqrt((double) dx[i] * dx[i] + (double) dy[i] * dy[i]);
      }

      SurfaceModel surface = SurfaceModel.fit(lab, w, h, Math.max(3, (int) Math.round(RING * Math.min(w, h))));
      boolean[] shadowLike = new boolean[w * h];
      float[] score = surface.score(lab, shadowLike);
      double threshold = Math.max(MIN_THRESHOLD, 1.25 * surface.borderQuantile(score, 0.995));
      double strong = 2.5 * threshold;
      double edge = Math.max(8.0, 2.0 * surface.borderQuantile(gradient, 0.99));

      byte[] detected = new byte[w * h];
      for (int i = 0; i < detected.length; i++) detected[i] = (byte) (score[i] > threshold ? 255 : 0);
      Mat detectedMat = mat(detected, w, h);
      morphologyEx(detectedMat, detectedMat, MORPH_OPEN, ellipse(3));
      morphologyEx(detectedMat, detectedMat, MORPH_CLOSE, ellipse(5));
      byte[] seeds = keepLargeBlobs(detectedMat, w, h, MIN_BLOB);
      float[] background = surface.medianRgb(analysed.pixels());
      if (Masks.count(seeds) == 0) {
        if (maxInside(gradient, w, h) < edge) {
          throw new PhotoPreparation.NoPartFoundException(
              "no part found: nothing in the photo stands out from its background");
        }
        return wholeFrame(photo, w, h, sx, background, null, null,
            "nothing stands out from the surface seen at the border, but the photo has edges");
      }

      // GrabCut's starting labels: the border's surface pixels and whatever lies far from the detections are
      // surface; strong detections are part; the rest of the detections' convex hull is probably part, except
      // what looks like a shadow and is reached from outside through shadow-like pixels without crossing an edge.
      byte[] hull = convexHullOf(seeds, w, h);
      Mat hullMat = mat(hull, w, h);
      int margin = Math.max(4, (int) Math.round(REACH * Math.max(w, h)));
      Mat reachMat = new Mat();
      dilate(hullMat, reachMat, getStructuringElement(MORPH_RECT, new Size(2 * margin + 1, 2 * margin + 1)));
      Mat probableMat = new Mat();
      dilate(hullMat, probableMat, ellipse(5));
      byte[] reachable = bytes(reachMat, w * h);
      byte[] probable = bytes(probableMat, w * h);
      byte[] unshadowed = floodShadows(probable, shadowLike, gradient, edge * SHADOW_BARRIER, w, h);
      Mat strongMat = mat(threshold(score, strong), w, h);
      erode(strongMat, strongMat, ellipse(3));
      byte[] sure = bytes(strongMat, w * h);
      byte[] labels = new byte[w * h];
      for (int i = 0; i < labels.length; i++) {
        boolean shadow = unshadowed[i] == 0 || (shadowLike[i] && score[i] < threshold);
        if (reachable[i] == 0) labels[i] = GrabCut.BACKGROUND;
        else if (sure[i] != 0 && seeds[i] != 0 && unshadowed[i] != 0) labels[i] = GrabCut.FOREGROUND;
        else if (probable[i] != 0 && !shadow) labels[i] = GrabCut.PROBABLY_FOREGROUND;
        else labels[i] = GrabCut.PROBABLY_BACKGROUND;
      }
      for (int i : surface.ring()) if (surface.inlier(i)) labels[i] = GrabCut.BACKGROUND;
      // GrabCut learns a colour model of each side from its labelled pixels and refuses to start without both (a
      // tiny photo the detections' reach covers whole, a "part" that is all shadow).
      int partLabels = 0;
      for (byte label : labels) if (GrabCut.foreground(label)) partLabels++;
      if (partLabels == 0 || partLabels == labels.length) {
        return wholeFrame(photo, w, h, sx, background, null, null, partLabels == 0
            ? "what stands out from the surface looks like a shadow, not a part"
            : "no pixel of the photo could be taken for the surface");
      }
      GrabCut.refine(analysed.pixels(), w, h, labels, GRABCUT_ITERATIONS, GRABCUT_SEED);
      byte[] part = new byte[w * h];
      for (int i = 0; i < part.length; i++) part[i] = (byte) (GrabCut.foreground(labels[i]) ? 255 : 0);
      Mat partMat = mat(part, w, h);
      morphologyEx(partMat, partMat, MORPH_OPEN, ellipse(3));
      morphologyEx(partMat, partMat, MORPH_CLOSE, ellipse(5));
      part = keepLargeBlobs(partMat, w, h, MIN_BLOB);
      Segmentation.Cues cues = null;
      Segmentation.Rejected rejected = null;
      String distrust = "GrabCut kept no part-sized region";
      if (Masks.count(part) > 0) {
        cues = cues(part, score, threshold, gradient, edge, hull, w, h);
        double confidence = confidence(cues);
        Masks.Bounds bounds = Masks.bounds(part, w, h);
        Segmentation.Box box = Masks.photoBox(bounds, sx, photo.width(), photo.height());
        if (confidence >= minConfidence) {
          return new Segmentation(Segmentation.Method.GRABCUT, confidence, w, h, sx, part, box,
              Masks.cutSides(bounds, w, h), background, cues,
              "GrabCut seeded by a Lab model of the surface at the border", null, analysed);
        }
        rejected = new Segmentation.Rejected(Segmentation.Method.GRABCUT, confidence, box);
        distrust = String.format(java.util.Locale.ROOT, "GrabCut's confidence %.2f < %.2f: %s", confidence,
            minConfidence, weakest(cues));
      }
      // GrabCut sometimes settles on a mask that spills over a surface its colour models mistook for part, or
      // shrinks to a fragment; the detections it started from, judged the same way, are then often still good.
      Segmentation.Cues detectionCues = cues(seeds, score, threshold, gradient, edge, hull, w, h);
      double detectionConfidence = confidence(detectionCues);
      if (detectionConfidence >= minConfidence) {
        Masks.Bounds seedBounds = Masks.bounds(seeds, w, h);
        return new Segmentation(Segmentation.Method.DETECTIONS, detectionConfidence, w, h, sx, seeds,
            Masks.photoBox(seedBounds, sx, photo.width(), photo.height()), Masks.cutSides(seedBounds, w, h),
            background, detectionCues, "the detections that seeded GrabCut, whose mask was not trusted ("
                + distrust + ")", null, analysed);
      }
      return wholeFrame(photo, w, h, sx, background, rejected, cues, String.format(java.util.Locale.ROOT,
          "segmentation not trusted (%s; the detections' confidence %.2f: %s)", distrust, detectionConfidence,
          weakest(detectionCues)));
    }
  }

  /** What the confidence is judged on, for a mask; no mask of more than {@link #MAX_COVERAGE} is trusted. */
  private static Segmentation.Cues cues(byte[] mask, float[] score, double threshold, float[] gradient, double edge,
      byte[] hull, int w, int h) {
    int area = Masks.count(mask);
    return new Segmentation.Cues(
        medianOver(score, mask) / threshold,
        edgeSupport(mask, gradient, w, h, edge / 2),
        Masks.borderContact(mask, w, h),
        area / (double) Math.max(1, Masks.count(convexHullOf(mask, w, h))),
        Masks.iou(mask, hull),
        area / (double) (w * h));
  }

  /**
   * The mask less what the surface reaches through shadow-like pixels without crossing an image edge (gradient
   * above {@code barrier}), starting from everything outside the mask. A shadow fades into the surface; a face of the
   * part, however similar in colour, is bounded by the part's outline, an edge. Only shadow-like pixels are taken,
   * and those are never much darker than the surface ({@link SurfaceModel#score(float[], boolean[])}).
   */
  static byte[] floodShadows(byte[] mask, boolean[] shadowLike, float[] gradient, double barrier, int w, int h) {
    byte[] out = mask.clone();
    int[] queue = new int[w * h];
    int head = 0;
    int tail = 0;
    boolean[] seen = new boolean[w * h];
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        seen[i] = true;
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int i = queue[head++];
      int x = i % w;
      int y = i / w;
      for (int k = 0; k < 4; k++) {
        int nx = x + (k == 0 ? 1 : k == 1 ? -1 : 0);
        int ny = y + (k == 2 ? 1 : k == 3 ? -1 : 0);
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        int j = ny * w + nx;
        if (seen[j]) continue;
        if (!shadowLike[j] || gradient[j] > barrier) continue;
        seen[j] = true;
        out[j] = 0;
        queue[tail++] = j;
      }
    }
    return out;
  }

  /**
   * The probability that the segmented part serves better than the whole frame (a higher IoU with the true part),
   * from the three cues that predicted it on the photo proxy's ground-truth masks, at the photos' own framing and
   * zoomed in until the part filled the frame (246 photos, logistic fit, BENCHMARKS.md): an outline on image edges,
   * a solid blob, and agreement with the detections' hull. Contrast, border contact and coverage added nothing there.
   */
  static double confidence(Segmentation.Cues c) {
    if (c.coverage() > MAX_COVERAGE || c.coverage() < MIN_COVERAGE) return 0;
    double z = 5.2 * c.edgeSupport() + 2.7 * c.solidity() + 7.6 * c.agreement() - 10.6;
    return 1 / (1 + Math.exp(-z));
  }

  /** The cue that pulled the confidence down most, in words. */
  private static String weakest(Segmentation.Cues c) {
    double[] shortfall = {5.2 * (1 - c.edgeSupport()), 2.7 * (1 - c.solidity()), 7.6 * (1 - c.agreement())};
    String[] names = {"its outline is not on image edges", "it is ragged", "it strays far from the detections' hull"};
    int worst = 0;
    for (int i = 1; i < shortfall.length; i++) if (shortfall[i] > shortfall[worst]) worst = i;
    return names[worst];
  }

  private static Segmentation wholeFrame(DecodedImage photo, int w, int h, double sx, float[] background,
      Segmentation.Rejected rejected, Segmentation.Cues cues, String reason) {
    byte[] all = new byte[w * h];
    Arrays.fill(all, (byte) 255);
    return new Segmentation(Segmentation.Method.WHOLE_FRAME, rejected == null ? 0 : rejected.confidence(), w, h, sx,
        all, new Segmentation.Box(0, 0, photo.width(), photo.height()), java.util.List.of(), background, cues,
        reason, rejected, null);
  }


  /** Share of the mask's outline pixels, away from the photo's border, with an image edge within one pixel. */
  static double edgeSupport(byte[] mask, float[] gradient, int w, int h, double edge) {
    int outline = 0;
    int supported = 0;
    for (int y = 2; y < h - 2; y++) {
      for (int x = 2; x < w - 2; x++) {
        int i = y * w + x;
        if (mask[i] == 0) continue;
        if (mask[i - 1] != 0 && mask[i + 1] != 0 && mask[i - w] != 0 && mask[i + w] != 0) continue;
        outline++;
        float best = 0;
        for (int oy = -1; oy <= 1; oy++) for (int ox = -1; ox <= 1; ox++) best = Math.max(best, gradient[i + oy * w + ox]);
        if (best > edge) supported++;
      }
    }
    return outline == 0 ? 1 : supported / (double) outline;
  }

  private static double maxInside(float[] values, int w, int h) {
    double max = 0;
    for (int y = 2; y < h - 2; y++) for (int x = 2; x < w - 2; x++) max = Math.max(max, values[y * w + x]);
    return max;
  }

  private static double medianOver(float[] values, byte[] mask) {
    int n = Masks.count(mask);
    if (n == 0) return 0;
    double[] inside = new double[n];
    int k = 0;
    for (int i = 0; i < values.length; i++) if (mask[i] != 0) inside[k++] = values[i];
    return OrderStatistic.select(inside, n / 2);
  }

  private static byte[] threshold(float[] values, double t) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) out[i] = (byte) (values[i] > t ? 255 : 0);
    return out;
  }

  /** The connected blobs of at least {@code minShare} of the frame (and at least a tenth of the largest one). */
  private static byte[] keepLargeBlobs(Mat binary, int w, int h, double minShare) {
    Mat labels = new Mat();
    Mat stats = new Mat();
    Mat centroids = new Mat();
    int count = connectedComponentsWithStats(binary, labels, stats, centroids);
    IntIndexer s = stats.createIndexer();
    int largest = 0;
    for (int label = 1; label < count; label++) largest = Math.max(largest, s.get(label, CC_STAT_AREA));
    boolean[] keep = new boolean[count];
    for (int label = 1; label < count; label++) {
      int area = s.get(label, CC_STAT_AREA);
      keep[label] = area >= minShare * w * h && area >= largest / 10;
    }
    int[] ids = new int[w * h];
    new IntPointer(labels.data()).get(ids);
    byte[] out = new byte[w * h];
    for (int i = 0; i < ids.length; i++) if (keep[ids[i]]) out[i] = (byte) 255;
    return out;
  }

  /** The filled convex hull of a mask's foreground. */
  static byte[] convexHullOf(byte[] mask, int w, int h) {
    int n = Masks.count(mask);
    byte[] out = new byte[w * h];
    if (n == 0) return out;
    // Only outline pixels can be hull vertices: feed those.
    int[] xy = new int[2 * n];
    int k = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        if (mask[i] == 0) continue;
        boolean inner = x > 0 && y > 0 && x < w - 1 && y < h - 1 && mask[i - 1] != 0 && mask[i + 1] != 0
            && mask[i - w] != 0 && mask[i + w] != 0;
        if (inner) continue;
        xy[k++] = x;
        xy[k++] = y;
      }
    }
    Mat points = new Mat(k / 2, 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2, new IntPointer(Arrays.copyOf(xy, k)));
    Mat hull = new Mat();
    convexHull(points, hull);
    Mat canvas = new Mat(h, w, CV_8UC1, Scalar.all(0));
    fillConvexPoly(canvas, hull, Scalar.all(255));
    return bytes(canvas, w * h);
  }

  private static Mat ellipse(int size) {
    return getStructuringElement(MORPH_ELLIPSE, new Size(size, size));
  }

  private static Mat mat(byte[] pixels, int w, int h) {
    return new Mat(h, w, CV_8UC1, new BytePointer(pixels));
  }

  private static byte[] bytes(Mat m, int n) {
    Mat c = m.isContinuous() ? m : m.clone();
    byte[] out = new byte[n];
    c.data().get(out);
    return out;
  }

  private static float[] floats(Mat m, int n) {
    Mat c = m.isContinuous() ? m : m.clone();
    float[] out = new float[n];
    new FloatPointer(c.data()).get(out);
    return out;
  }

  private static float[] lightnessOf(float[] lab) {
    float[] l = new float[lab.length / 3];
    for (int i = 0; i < l.length; i++) l[i] = lab[i * 3];
    return l;
  }
}
