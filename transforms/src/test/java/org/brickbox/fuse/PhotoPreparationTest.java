package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.RenderedView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Photos made from real renders: a part placed small and off-centre on a large canvas with a lit (gradient)
 * backdrop must come back as the same silhouette, framed as the renders frame parts, next to a tight crop and the
 * frame; a part cut by the border keeps its scale; a whole-frame photo gets the frame and its centre; an empty photo
 * has no part; a JPEG's EXIF orientation is applied.
 */
class PhotoPreparationTest {
  static final Path ROOT = Path.of(System.getProperty("user.home"), ".cache/brickbox/ldraw");
  static LDrawLibrary library;

  @BeforeAll
  static void openLibrary() {
    assumeTrue(Files.isDirectory(ROOT.resolve("parts")), "needs the LDraw library at " + ROOT);
    library = LDrawLibrary.shared(ROOT);
  }

  static RenderedView render(String part, int colour) {
    return TestPhotos.render(library, part, colour, 2);
  }

  @Test
  void aPartOnABackdropComesBackAsTheSameSilhouetteFramedLikeTheRendersWithATightCropAndTheFrame() {
    RenderedView red2x4 = render("3001", 4);
    DecodedImage photo = TestPhotos.onBackdrop(red2x4, 900, 600, 520, 300);
    PhotoPreparation.Prepared prepared = PhotoPreparation.prepare(photo, 224, 0.8);
    assertEquals(Segmentation.Method.GRABCUT, prepared.segmentation().method(), prepared.segmentation().reason());
    assertEquals(List.of(PhotoPreparation.CropKind.SEGMENTED, PhotoPreparation.CropKind.TIGHT,
        PhotoPreparation.CropKind.FRAME), prepared.crops().stream().map(PhotoPreparation.Crop::kind).toList());
    for (PhotoPreparation.Crop c : prepared.crops()) {
      assertEquals(224, c.image().width());
      assertEquals(224, c.image().height());
    }
    ShapeDescriptor expected = ShapeCues.of(red2x4.mask(), red2x4.width(), red2x4.height());
    ShapeDescriptor other = ShapeCues.of(render("3062b", 4).mask(), 160, 160);
    double same = l1(expected, prepared.shape());
    assertTrue(same < l1(expected, other) / 2, "silhouette drifted: " + same + " vs other part " + l1(expected, other));
    assertTrue(prepared.rgb()[0] > 2 * prepared.rgb()[2], "a red part measures red: " + java.util.Arrays.toString(prepared.rgb()));

    // The segmented crop: the part spans the renders' share of the frame, on the surface's colour.
    DecodedImage segmented = prepared.crop(PhotoPreparation.CropKind.SEGMENTED).image();
    double fill = ShapeCues.fill(redMask(segmented), 224, 224);
    assertEquals(0.8, fill, 0.06, "the part spans the renders' share of the frame");
    // The tight crop: the photo around the part, larger in the frame than in the segmented crop.
    double tight = ShapeCues.fill(redMask(prepared.crop(PhotoPreparation.CropKind.TIGHT).image()), 224, 224);
    assertTrue(tight > fill, "tight crop fill " + tight + " vs " + fill);
    // The frame: the square around the part where the part is small in the photo (a machine's fixed camera), its
    // longer side FRAME_MIN_SPAN of it, not the whole frame where it would be a few pixels.
    Segmentation.Box box = prepared.segmentation().box();
    int longer = Math.max(box.width(), box.height());
    assertTrue(longer < 0.4 * 600, "the part is small in the photo: " + box);
    Segmentation.Box frame = prepared.crop(PhotoPreparation.CropKind.FRAME).window();
    assertEquals(longer / PhotoPreparation.FRAME_MIN_SPAN, frame.width(), 1.0, frame + " around " + box);
    assertTrue(frame.x() <= box.x() && frame.x() + frame.width() >= box.x() + box.width() && frame.y() <= box.y()
        && frame.y() + frame.height() >= box.y() + box.height(), frame + " holds the part " + box);
    // A part that spans more of the photo gets the photo's largest square, as a close-up's frame crop.
    DecodedImage closeUp = TestPhotos.onBackdrop(red2x4, 210, 180, 25, 10);
    PhotoPreparation.Prepared near = PhotoPreparation.prepare(closeUp, 224, 0.8);
    Segmentation.Box nearBox = near.segmentation().box();
    assertTrue(Math.max(nearBox.width(), nearBox.height()) > 0.4 * 180, nearBox.toString());
    assertEquals(180, near.crop(PhotoPreparation.CropKind.FRAME).window().width());
  }

  /**
   * A 1 x 8 brick photographed whole counts its 8 studs (or tubes) on the segmented crop, as the index counts its
   * views; a part cut by the border has no silhouette and so no count.
   */
  @Test
  void aWholePartsRepeatsAreCountedOnItsSegmentedCrop() {
    java.util.List<Double> counts = new java.util.ArrayList<>();
    for (int view = 0; view < 8; view++) {
      DecodedImage photo = TestPhotos.onBackdrop(TestPhotos.renderPlain(library, "3008", 4, view, 300), 640, 480, 170,
          90);
      ShapeDescriptor shape = PhotoPreparation.prepare(photo, 224, 0.73).shape();
      assertNotNull(shape, "view " + view + " is whole in the photo");
      if (shape.periods() != null) counts.add((double) shape.periods());
    }
    assertTrue(counts.size() >= 3, counts.toString());
    counts.sort(null);
    // within the tolerance fusion judges counts by (SilhouetteDistance.PERIODS_TOLERANCE, 10 %)
    assertEquals(8, counts.get(counts.size() / 2), 0.8, counts.toString());
  }

  @Test
  void aLargePhotoIsPreparedFromAReducedDecodeAndReportedInItsOwnPixels() {
    // the same scene at 2,400 x 1,600 (a camera's size): decoded at half, found as well, boxes in photo pixels
    RenderedView red2x4 = TestPhotos.renderPlain(library, "3001", 4, 2, 480);
    TestPhotos.Composed c = TestPhotos.onSurface(red2x4, 2400, 1600, 900, 500, new int[] {200, 200, 196}, 2, 0.3, 3);
    byte[] jpeg = TestPhotos.jpeg(c.photo());
    PhotoPreparation.Prepared prepared = PhotoPreparation.prepareEncoded(jpeg, 50_000_000L, 224, 0.8,
        PhotoPreparation.CropSet.DEFAULT);
    assertEquals(2.0, prepared.photoScale());
    assertEquals(Segmentation.Method.GRABCUT, prepared.segmentation().method(), prepared.segmentation().reason());
    // each edge of the box as near the truth as the whole decode's (the soft shadow makes both a little large),
    // give or take two pixels of the reduced image
    Masks.Bounds truth = Masks.bounds(c.mask(), 2400, 1600);
    Segmentation.Box whole = PhotoPreparation.prepare(ImageCodec.decodeRgb(jpeg), 224, 0.8).segmentation().box();
    PhotoReport report = PhotoReport.of("big.jpg", prepared);
    int[] reducedError = edgeErrors(report.box(), truth);
    int[] wholeError = edgeErrors(whole, truth);
    for (int k = 0; k < 4; k++) {
      assertTrue(Math.abs(reducedError[k]) <= Math.abs(wholeError[k]) + 4, "box " + report.box() + " (whole decode "
          + whole + ") against the true bounds " + truth);
    }
    PhotoReport.CropReport frame = report.crops().get(2);
    assertEquals("frame", frame.kind());
    int longer = Math.max(report.box().width(), report.box().height());
    assertEquals(longer / PhotoPreparation.FRAME_MIN_SPAN, frame.window().width(), 2.0,
        "the frame crop of a part small in the photo: the square around it, in photo pixels");
    for (PhotoPreparation.Crop crop : prepared.crops()) assertEquals(224, crop.image().width());
  }

  private static int[] edgeErrors(Segmentation.Box box, Masks.Bounds truth) {
    return new int[] {box.x() - truth.minX(), box.y() - truth.minY(), box.x() + box.width() - 1 - truth.maxX(),
        box.y() + box.height() - 1 - truth.maxY()};
  }

  /** Pixels where red clearly dominates: the red part. */
  private static byte[] redMask(DecodedImage image) {
    byte[] mask = new byte[image.width() * image.height()];
    for (int i = 0; i < mask.length; i++) {
      int r = image.pixels()[i * 3] & 0xFF;
      int b = image.pixels()[i * 3 + 2] & 0xFF;
      if (r > b + 60) mask[i] = (byte) 255;
    }
    return mask;
  }

  private static double l1(ShapeDescriptor a, ShapeDescriptor b) {
    double sum = 0;
    for (int i = 0; i < a.features().length; i++) sum += Math.abs(a.features()[i] - b.features()[i]);
    return sum;
  }

  @Test
  void aPartCutByTheBorderKeepsItsScaleInsteadOfBeingShrunkIntoAPaddedFrame() {
    RenderedView red2x4 = TestPhotos.renderPlain(library, "3001", 4, 2, 400);
    // 400 px render, pushed 120 px past the left border of a 600 x 600 photo: the part fills much of the photo.
    DecodedImage photo = TestPhotos.onSurface(red2x4, 600, 600, -120, 100, new int[] {200, 200, 196}, 2, 0.3, 3)
        .photo();
    PhotoPreparation.Prepared prepared = PhotoPreparation.prepare(photo, 224, 0.8);
    Segmentation s = prepared.segmentation();
    assertTrue(s.segmented(), s.reason());
    assertEquals(List.of("left"), s.cut());
    assertNull(prepared.shape(), "a cut silhouette is another shape: no silhouette cues");
    PhotoPreparation.Crop segmented = prepared.crop(PhotoPreparation.CropKind.SEGMENTED);
    Segmentation.Box window = segmented.window();
    assertEquals(0, window.x(), "the cut side stays on the crop's edge");
    assertTrue(window.y() >= 0 && window.y() + window.height() <= 600 && window.width() <= 600,
        "the window stays inside the photo: " + window);
    // Not shrunk: the part's pixels keep at least the scale they have in the photo (224 / window side).
    double scale = 224.0 / window.width();
    assertTrue(scale >= 224.0 / 600, "scale " + scale);
    // The part runs to the crop's left edge, as in the photo.
    byte[] red = redMask(segmented.image());
    int leftColumn = 0;
    for (int y = 0; y < 224; y++) if (red[y * 224] != 0) leftColumn++;
    assertTrue(leftColumn > 20, "the part touches the crop's left edge over " + leftColumn + " rows");
  }

  @Test
  void aWholeFramePhotoIsEmbeddedAsTheFrameAndItsCentreWithoutShapeOrColour() {
    DecodedImage photo = TestPhotos.onBackdrop(render("3001", 4), 800, 600, 300, 200);
    Segmentation whole = new Segmentation(Segmentation.Method.WHOLE_FRAME, 0.1, 32, 24, 0.04, new byte[32 * 24],
        new Segmentation.Box(0, 0, 800, 600), List.of(), new float[] {180, 180, 180}, null, "test", null, null);
    PhotoPreparation.Prepared prepared = PhotoPreparation.prepare(photo, whole, 128, 0.8,
        PhotoPreparation.CropSet.DEFAULT);
    assertEquals(List.of(PhotoPreparation.CropKind.FRAME, PhotoPreparation.CropKind.CENTRE),
        prepared.crops().stream().map(PhotoPreparation.Crop::kind).toList());
    assertEquals(new Segmentation.Box(100, 0, 600, 600), prepared.crop(PhotoPreparation.CropKind.FRAME).window());
    assertEquals(new Segmentation.Box(190, 90, 420, 420), prepared.crop(PhotoPreparation.CropKind.CENTRE).window());
    assertNull(prepared.shape());
    assertNull(prepared.rgb());

    // Fallen back from a mask small in the frame (a machine's camera): framed around where that mask was, the centre
    // crop the middle of that square; from a mask spanning more of the frame, the whole frame as above.
    Segmentation smallRejected = new Segmentation(Segmentation.Method.WHOLE_FRAME, 0.1, 32, 24, 0.04,
        new byte[32 * 24], new Segmentation.Box(0, 0, 800, 600), List.of(), new float[] {180, 180, 180}, null, "test",
        new Segmentation.Rejected(Segmentation.Method.GRABCUT, 0.2, new Segmentation.Box(320, 220, 100, 80)), null);
    PhotoPreparation.Prepared around = PhotoPreparation.prepare(photo, smallRejected, 128, 0.8,
        PhotoPreparation.CropSet.DEFAULT);
    assertEquals(new Segmentation.Box(245, 135, 250, 250), around.crop(PhotoPreparation.CropKind.FRAME).window());
    assertEquals(new Segmentation.Box(283, 173, 175, 175), around.crop(PhotoPreparation.CropKind.CENTRE).window());
    Segmentation largeRejected = new Segmentation(Segmentation.Method.WHOLE_FRAME, 0.1, 32, 24, 0.04,
        new byte[32 * 24], new Segmentation.Box(0, 0, 800, 600), List.of(), new float[] {180, 180, 180}, null, "test",
        new Segmentation.Rejected(Segmentation.Method.GRABCUT, 0.2, new Segmentation.Box(200, 100, 400, 300)), null);
    assertEquals(new Segmentation.Box(100, 0, 600, 600), PhotoPreparation.prepare(photo, largeRejected, 128, 0.8,
        PhotoPreparation.CropSet.DEFAULT).crop(PhotoPreparation.CropKind.FRAME).window());
  }

  @Test
  void cropSetsParseAndRefuseNonsense() {
    assertEquals(PhotoPreparation.CropSet.DEFAULT, PhotoPreparation.CropSet.parse("segmented,tight,frame"));
    PhotoPreparation.CropSet set = PhotoPreparation.CropSet.parse("tight/frame");
    assertEquals(List.of(PhotoPreparation.CropKind.TIGHT), set.segmented());
    assertEquals(List.of(PhotoPreparation.CropKind.FRAME), set.wholeFrame());
    assertEquals("tight/frame", set.toString());
    assertThrows(IllegalArgumentException.class, () -> PhotoPreparation.CropSet.parse("tight/segmented"));
    assertThrows(IllegalArgumentException.class, () -> PhotoPreparation.CropSet.parse("zoomed"));
  }

  @Test
  void preparingTwiceGivesTheSameCrops() {
    DecodedImage photo = TestPhotos.onBackdrop(render("3023", 15), 640, 480, 200, 150);
    PhotoPreparation.Prepared a = PhotoPreparation.prepare(photo, 224, 0.8);
    PhotoSegmenter.segment(TestPhotos.onBackdrop(render("3062b", 1), 500, 500, 10, 300)); // another photo between
    PhotoPreparation.Prepared b = PhotoPreparation.prepare(photo, 224, 0.8);
    assertEquals(a.crops().size(), b.crops().size());
    for (int i = 0; i < a.crops().size(); i++) {
      assertEquals(a.crops().get(i).window(), b.crops().get(i).window());
      assertArrayEquals(a.crops().get(i).image().pixels(), b.crops().get(i).image().pixels(), "crop " + i);
    }
    assertNotNull(a.shape());
    assertArrayEquals(a.shape().features(), b.shape().features());
  }

  @Test
  void theCropsCutBeforeSegmentationAreTheOnesPreparingCutsAndAreTakenAsTheyAre() {
    DecodedImage square = TestPhotos.onBackdrop(render("3023", 15), 180, 180, 10, 10);
    List<PhotoPreparation.Crop> early = PhotoPreparation.cropsBeforeSegmentation(square, 224,
        PhotoPreparation.CropSet.DEFAULT);
    assertEquals(List.of(PhotoPreparation.CropKind.FRAME), early.stream().map(PhotoPreparation.Crop::kind).toList());
    PhotoPreparation.Prepared cutHere = PhotoPreparation.prepare(square, 224, 0.8);
    // The crops that are the photo itself, cut on another thread while this one cuts the masked crop: the same.
    ExecutorService other = Executors.newSingleThreadExecutor();
    List<String> cutOn = new CopyOnWriteArrayList<>();
    PhotoPreparation.Prepared reusing;
    try {
      reusing = PhotoPreparation.prepare(square, PhotoSegmenter.segment(square), 224, 0.8,
          PhotoPreparation.CropSet.DEFAULT, early, task -> other.execute(() -> {
            cutOn.add(Thread.currentThread().getName());
            task.run();
          }));
    } finally {
      other.shutdown();
    }
    assertEquals(1, cutOn.size(), "the tight crop, cut on the other thread (the frame was cut before)");
    assertTrue(!cutOn.get(0).equals(Thread.currentThread().getName()));
    assertEquals(cutHere.crops().size(), reusing.crops().size());
    for (int i = 0; i < cutHere.crops().size(); i++) {
      assertEquals(cutHere.crops().get(i).window(), reusing.crops().get(i).window());
      assertArrayEquals(cutHere.crops().get(i).image().pixels(), reusing.crops().get(i).image().pixels(), "crop " + i);
    }
    assertSame(early.get(0), reusing.crop(PhotoPreparation.CropKind.FRAME), "the frame cut before is taken as it is");
    // From a decoded photo they are asked for once the part is found (they may still be being cut elsewhere), once.
    AtomicInteger asked = new AtomicInteger();
    PhotoPreparation.Prepared fromDecoded = PhotoPreparation.prepareDecoded(new ImageCodec.Reduced(square, 1), 224,
        0.8, PhotoPreparation.CropSet.DEFAULT, () -> {
          asked.incrementAndGet();
          return early;
        }, Runnable::run);
    assertEquals(1, asked.get());
    assertSame(early.get(0), fromDecoded.crop(PhotoPreparation.CropKind.FRAME));
    // A part small in a square photo gets a frame crop around it, not the frame cut before: that one goes unused.
    DecodedImage far = TestPhotos.onBackdrop(render("3023", 15), 500, 500, 220, 90);
    List<PhotoPreparation.Crop> farEarly = PhotoPreparation.cropsBeforeSegmentation(far, 224,
        PhotoPreparation.CropSet.DEFAULT);
    PhotoPreparation.Crop farFrame = PhotoPreparation.prepare(far, PhotoSegmenter.segment(far), 224, 0.8,
        PhotoPreparation.CropSet.DEFAULT, farEarly, Runnable::run).crop(PhotoPreparation.CropKind.FRAME);
    assertTrue(farFrame.window().width() < 500 && farFrame != farEarly.get(0), farFrame.window().toString());
    DecodedImage blank = new DecodedImage(500, 500, 3, new byte[500 * 500 * 3]);
    assertThrows(PhotoPreparation.NoPartFoundException.class, () -> PhotoPreparation.prepareDecoded(
        new ImageCodec.Reduced(blank, 1), 224, 0.8, PhotoPreparation.CropSet.DEFAULT, () -> {
          asked.incrementAndGet();
          return early;
        }, Runnable::run));
    assertEquals(1, asked.get(), "a photo without a part never asks for them");
    // A photo used whole gets the same frame, so the crop cut before serves it too.
    Segmentation whole = new Segmentation(Segmentation.Method.WHOLE_FRAME, 0.1, 32, 32, 0.064, new byte[32 * 32],
        new Segmentation.Box(0, 0, 180, 180), List.of(), new float[] {180, 180, 180}, null, "test", null, null);
    assertSame(early.get(0), PhotoPreparation.prepare(square, whole, 224, 0.8, PhotoPreparation.CropSet.DEFAULT, early,
        Runnable::run).crop(PhotoPreparation.CropKind.FRAME));

    // A wider photo's frame follows the part, so nothing of the default crops is known before it is found; a centre
    // crop asked for either way always is.
    DecodedImage wide = TestPhotos.onBackdrop(render("3023", 15), 640, 480, 200, 150);
    assertEquals(List.of(), PhotoPreparation.cropsBeforeSegmentation(wide, 224, PhotoPreparation.CropSet.DEFAULT));
    List<PhotoPreparation.Crop> centre = PhotoPreparation.cropsBeforeSegmentation(wide, 224,
        PhotoPreparation.CropSet.parse("segmented,centre/frame,centre"));
    assertEquals(List.of(PhotoPreparation.CropKind.CENTRE), centre.stream().map(PhotoPreparation.Crop::kind).toList());
    assertEquals(new Segmentation.Box(152, 72, 336, 336), centre.get(0).window());
  }

  @Test
  void aPhotoOfNothingHasNoPart() {
    byte[] plain = new byte[640 * 480 * 3];
    java.util.Arrays.fill(plain, (byte) 120);
    var e = assertThrows(PhotoPreparation.NoPartFoundException.class,
        () -> PhotoPreparation.prepare(new DecodedImage(640, 480, 3, plain), 224, 0.8));
    assertTrue(e.getMessage().startsWith("no part found"), e.getMessage());
  }

  @Test
  void exifOrientationIsAppliedWhenAJpegIsDecoded() throws Exception {
    DecodedImage landscape = TestPhotos.onBackdrop(render("3001", 4), 300, 200, 40, 20);
    byte[] jpeg = TestPhotos.withExifOrientation(TestPhotos.jpeg(landscape), 6);
    DecodedImage decoded = ImageCodec.decodeRgb(jpeg);
    assertEquals(200, decoded.width(), "orientation 6 (rotate 90° clockwise) turns 300x200 upright");
    assertEquals(300, decoded.height());
  }
}
