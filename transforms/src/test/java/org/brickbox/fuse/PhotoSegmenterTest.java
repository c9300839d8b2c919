package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.RenderedView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The segmenter on photos composed with a known mask (BrickBox's own renders, without edge lines, on a surface
 * under uneven light with paper grain, a soft shadow as a large light casts it, sensor noise and a JPEG round trip):
 * light parts on light surfaces are found whole, a part cut by the border is found and its cut named, clutter it
 * cannot segment falls back to the whole frame and says why, an empty surface has no part, and the same photo
 * always gives the same mask.
 */
class PhotoSegmenterTest {
  static final Path ROOT = Path.of(System.getProperty("user.home"), ".cache/brickbox/ldraw");
  static final int[] WHITE_PAPER = {236, 234, 228};
  static LDrawLibrary library;

  @BeforeAll
  static void openLibrary() {
    assumeTrue(Files.isDirectory(ROOT.resolve("parts")), "needs the LDraw library at " + ROOT);
    library = LDrawLibrary.shared(ROOT);
  }

  /** A composed photo after a JPEG round trip, with its true mask. */
  static TestPhotos.Composed photo(String part, int colour, int view, int[] surface, int left, int top, long seed) {
    RenderedView render = TestPhotos.renderPlain(library, part, colour, view, 360);
    TestPhotos.Composed c = TestPhotos.onSurface(render, 600, 600, left, top, surface, 2.5, 0.15, seed);
    return new TestPhotos.Composed(ImageCodec.decodeRgb(TestPhotos.jpeg(c.photo())), c.mask());
  }

  /** IoU of a segmentation with the true mask, at the segmentation's resolution. */
  static double iou(Segmentation s, byte[] truth, int w, int h) {
    DecodedImage scaled = ImageCodec.scale(new DecodedImage(w, h, 1, truth), s.width(), s.height());
    byte[] expected = new byte[s.width() * s.height()];
    for (int i = 0; i < expected.length; i++) expected[i] = (byte) ((scaled.pixels()[i] & 0xFF) > 127 ? 255 : 0);
    return Masks.iou(s.mask(), expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "white 2x4 brick on white paper, 3001, 15, 2, 236, 234, 228",
      "white technic brick on white paper, 3700, 15, 1, 236, 234, 228",
      "light grey 2x4 brick on a light grey surface, 3001, 71, 5, 170, 172, 170",
      "tan plate on cream paper, 3020, 19, 3, 225, 215, 195"})
  void lightPartsOnLightSurfacesAreFoundWholeWithoutTheirShadow(String name, String part, int colour, int view,
      int r, int g, int b) {
    TestPhotos.Composed c = photo(part, colour, view, new int[] {r, g, b}, 110, 100, 7);
    Segmentation s = PhotoSegmenter.segment(c.photo());
    double before = borderPlaneIou(c);
    assertEquals(Segmentation.Method.GRABCUT, s.method(), s.reason());
    assertTrue(s.confidence() >= PhotoSegmenter.MIN_CONFIDENCE, "confidence " + s.confidence());
    double iou = iou(s, c.mask(), 600, 600);
    assertTrue(iou >= 0.9, String.format(Locale.ROOT, "%s: IoU %.3f (the border-plane segmenter: %.3f)", name, iou,
        before));
    assertEquals(List.of(), s.cut());
  }

  /**
   * Photos on which GrabCut's mask spills over the surface (found by trying light parts on light surfaces): the
   * detections it started from are used instead of the whole frame. Should GrabCut one day get these right, the
   * method check fails and the photos should be replaced by others it still misses.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "light grey 2x2 brick on a light grey surface, 3003, 71, 0, 170, 172, 170",
      "light grey 1x2 slope on white paper, 3040b, 71, 0, 236, 234, 228"})
  void whenGrabCutSpillsTheDetectionsItStartedFromAreUsed(String name, String part, int colour, int view, int r,
      int g, int b) {
    TestPhotos.Composed c = photo(part, colour, view, new int[] {r, g, b}, 110, 100, 7 + view);
    Segmentation s = PhotoSegmenter.segment(c.photo());
    assertEquals(Segmentation.Method.DETECTIONS, s.method(), s.reason());
    assertTrue(s.reason().contains("GrabCut's confidence"), s.reason());
    assertTrue(s.confidence() >= PhotoSegmenter.MIN_CONFIDENCE, "confidence " + s.confidence());
    double iou = iou(s, c.mask(), 600, 600);
    double wholeFrame = Masks.count(c.mask()) / (600.0 * 600.0);
    assertTrue(iou >= 0.7, String.format(Locale.ROOT, "%s: IoU %.3f (the whole frame: %.3f)", name, iou, wholeFrame));
    assertEquals(List.of(), s.cut());
  }

  @Test
  void aPartSmallInAWidePhotoIsSegmentedAgainOnAWindowAroundItAndFramedToAFewPixels() {
    RenderedView render = TestPhotos.renderPlain(library, "3001", 4, 2, 120);
    TestPhotos.Composed c = TestPhotos.onSurface(render, 1200, 800, 500, 350, WHITE_PAPER, 2.5, 0.15, 11);
    DecodedImage photo = ImageCodec.decodeRgb(TestPhotos.jpeg(c.photo()));
    Masks.Bounds truth = Masks.bounds(c.mask(), 1200, 800);

    Segmentation s = PhotoSegmenter.segment(photo);

    assertEquals(Segmentation.Method.GRABCUT, s.method(), s.reason());
    assertTrue(s.reason().contains("refined on a window around the part"), s.reason());
    assertTrue(s.scale() > 3 * PhotoSegmenter.WORK_SIZE / 1200.0, "the window is analysed finer than the photo: "
        + s.scale());
    Segmentation.Box box = s.box();
    int[] error = {box.x() - truth.minX(), box.y() - truth.minY(), box.x() + box.width() - 1 - truth.maxX(),
        box.y() + box.height() - 1 - truth.maxY()};
    for (int e : error) {
      assertTrue(Math.abs(e) <= 4, "box " + box + " against the true bounds " + truth + " (one analysis pixel of "
          + "the whole 1200 px photo at " + PhotoSegmenter.WORK_SIZE + " px is 9 photo pixels)");
    }
    assertTrue(iou(s, c.mask(), 1200, 800) >= 0.85, "IoU " + iou(s, c.mask(), 1200, 800));
    assertEquals(List.of(), s.cut());
  }

  private static double borderPlaneIou(TestPhotos.Composed c) {
    try {
      return iou(BorderPlaneSegmenter.segment(c.photo()), c.mask(), 600, 600);
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /**
   * The segmenter keeps the photo as it analysed it, so the part's colour is measured without resampling the photo
   * again: those pixels must be exactly what resampling again gives. A mask placed from a window has none.
   */
  @Test
  void theAnalysedPhotoIsThePhotoResampledToTheMasksSize() {
    RenderedView large = TestPhotos.renderPlain(library, "3001", 15, 2, 560);
    DecodedImage photo = ImageCodec.decodeRgb(TestPhotos.jpeg(
        TestPhotos.onSurface(large, 600, 600, 20, 20, WHITE_PAPER, 2.5, 0.15, 7).photo()));
    Segmentation s = PhotoSegmenter.segment(photo);
    assertTrue(s.segmented() && !s.reason().contains("refined"), s.reason());
    assertNotNull(s.analysed(), s.reason());
    assertArrayEquals(ImageCodec.scale(photo, s.width(), s.height()).pixels(), s.analysed().pixels());
    assertThrows(IllegalArgumentException.class, () -> new Segmentation(s.method(), s.confidence(), s.width() + 1,
        s.height(), s.scale(), s.mask(), s.box(), s.cut(), s.background(), s.cues(), s.reason(), null, s.analysed()));

    RenderedView render = TestPhotos.renderPlain(library, "3001", 4, 2, 120);
    TestPhotos.Composed small = TestPhotos.onSurface(render, 1200, 800, 500, 350, WHITE_PAPER, 2.5, 0.15, 11);
    Segmentation refined = PhotoSegmenter.segment(ImageCodec.decodeRgb(TestPhotos.jpeg(small.photo())));
    assertTrue(refined.reason().contains("refined on a window"), refined.reason());
    assertEquals(null, refined.analysed(), "no photo was analysed at the placed mask's size");
  }

  @Test
  void aPartCutByTheBorderIsFoundAndTheCutSideNamed() {
    TestPhotos.Composed c = photo("3003", 15, 2, WHITE_PAPER, -90, 150, 11);
    Segmentation s = PhotoSegmenter.segment(c.photo());
    assertTrue(s.segmented(), s.reason());
    assertEquals(List.of("left"), s.cut());
    assertEquals(0, s.box().x());
    double iou = iou(s, c.mask(), 600, 600);
    assertTrue(iou >= 0.9, "IoU " + iou);
  }

  /** Sixty small objects of random colours over the middle of a plain surface: no one part to segment. */
  static DecodedImage clutter(long seed) {
    Random random = new Random(seed);
    byte[] rgb = new byte[600 * 600 * 3];
    for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (225 + random.nextGaussian() * 2);
    for (int k = 0; k < 60; k++) {
      int x0 = 60 + random.nextInt(440);
      int y0 = 60 + random.nextInt(440);
      int bw = 8 + random.nextInt(30);
      int bh = 8 + random.nextInt(30);
      int[] colour = {random.nextInt(200), random.nextInt(200), random.nextInt(200)};
      for (int y = y0; y < Math.min(600, y0 + bh); y++) {
        for (int x = x0; x < Math.min(600, x0 + bw); x++) {
          for (int ch = 0; ch < 3; ch++) rgb[(y * 600 + x) * 3 + ch] = (byte) colour[ch];
        }
      }
    }
    return new DecodedImage(600, 600, 3, rgb);
  }

  @Test
  void whatItCannotSegmentFallsBackToTheWholeFrameAndSaysWhy() {
    Segmentation s = PhotoSegmenter.segment(clutter(1));
    assertEquals(Segmentation.Method.WHOLE_FRAME, s.method());
    assertNotNull(s.rejected(), "the untrusted segmentation is kept");
    assertEquals(Segmentation.Method.GRABCUT, s.rejected().method());
    assertTrue(s.confidence() < PhotoSegmenter.MIN_CONFIDENCE, "confidence " + s.confidence());
    assertEquals(s.rejected().confidence(), s.confidence());
    assertNotNull(s.cues(), "the rejected segmentation's cues are reported");
    assertTrue(s.reason().startsWith("segmentation not trusted"), s.reason());
    assertEquals(new Segmentation.Box(0, 0, 600, 600), s.box());
    assertEquals(1.0, s.coverage());
    assertEquals(List.of(), s.cut());
    // Asked to trust anything, it returns what it found.
    Segmentation trusting = PhotoSegmenter.segment(clutter(1), 0);
    assertEquals(Segmentation.Method.GRABCUT, trusting.method());
    assertEquals(s.rejected().box(), trusting.box());
  }

  @Test
  void anEmptySurfacePlainOrTexturedHasNoPart() {
    byte[] plain = new byte[400 * 300 * 3];
    java.util.Arrays.fill(plain, (byte) 200);
    assertThrows(PhotoPreparation.NoPartFoundException.class,
        () -> PhotoSegmenter.segment(new DecodedImage(400, 300, 3, plain)));
    Random random = new Random(5);
    byte[] wood = new byte[600 * 600 * 3];
    for (int y = 0; y < 600; y++) {
      for (int x = 0; x < 600; x++) {
        double v = 180 + 25 * Math.sin((x * 0.8 + y * 0.3) / 9.0) + random.nextGaussian() * 3;
        wood[(y * 600 + x) * 3] = (byte) Math.min(255, v + 20);
        wood[(y * 600 + x) * 3 + 1] = (byte) v;
        wood[(y * 600 + x) * 3 + 2] = (byte) (v - 40);
      }
    }
    var e = assertThrows(PhotoPreparation.NoPartFoundException.class,
        () -> PhotoSegmenter.segment(new DecodedImage(600, 600, 3, wood)));
    assertTrue(e.getMessage().startsWith("no part found"), e.getMessage());
  }

  @Test
  void theSamePhotoGivesTheSameMaskWhateverRanBeforeAndOnAnyThread() throws Exception {
    DecodedImage photo = photo("3001", 15, 2, WHITE_PAPER, 110, 100, 7).photo();
    Segmentation first = PhotoSegmenter.segment(photo);
    PhotoSegmenter.segment(clutter(2)); // moves OpenCV's random state on this thread
    Segmentation again = PhotoSegmenter.segment(photo);
    Segmentation elsewhere = CompletableFuture.supplyAsync(() -> PhotoSegmenter.segment(photo)).get();
    assertArrayEquals(first.mask(), again.mask());
    assertArrayEquals(first.mask(), elsewhere.mask());
    assertEquals(first.confidence(), again.confidence());
    assertEquals(first.box(), elsewhere.box());
  }
}
