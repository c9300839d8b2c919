package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.RenderedView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Photos made from real renders: a part placed small and off-centre on a large canvas with a lit (gradient)
 * backdrop must come back as the same silhouette, centred and filling the frame; an empty photo has no part;
 * a JPEG's EXIF orientation is applied.
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
  void aPartOnABackdropComesBackAsTheSameSilhouetteFillingTheFrame() {
    RenderedView red2x4 = render("3001", 4);
    DecodedImage photo = TestPhotos.onBackdrop(red2x4, 900, 600, 520, 300);
    PhotoPreparation.Prepared prepared = PhotoPreparation.prepare(photo, 224, 0.8);
    assertEquals(224, prepared.image().width());
    assertEquals(224, prepared.image().height());
    ShapeDescriptor expected = ShapeCues.of(red2x4.mask(), red2x4.width(), red2x4.height());
    ShapeDescriptor other = ShapeCues.of(render("3062b", 4).mask(), 160, 160);
    double same = l1(expected, prepared.shape());
    assertTrue(same < l1(expected, other) / 2, "silhouette drifted: " + same + " vs other part " + l1(expected, other));
    assertTrue(prepared.rgb()[0] > 2 * prepared.rgb()[2], "a red part measures red: " + java.util.Arrays.toString(prepared.rgb()));
    double fill = ShapeCues.fill(prepared.mask(), 224, 224);
    assertEquals(0.8, fill, 0.05, "the part spans the renders' share of the frame");
  }

  private static double l1(ShapeDescriptor a, ShapeDescriptor b) {
    double sum = 0;
    for (int i = 0; i < a.features().length; i++) sum += Math.abs(a.features()[i] - b.features()[i]);
    return sum;
  }

  @Test
  void aPhotoOfNothingHasNoPart() {
    RenderedView view = render("3001", 4);
    DecodedImage empty = TestPhotos.onBackdrop(view, 640, 480, 0, 0);
    byte[] plain = empty.pixels().clone();
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
