package org.brickbox.pipeline.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a labelled folder's file names become captures, and what is skipped with which reason. */
class PhotoFolderTest {
  private static final Path ROOT = Path.of("photos");

  private static PhotoFolder folder(String... files) {
    return PhotoFolder.of(ROOT, List.of(files).stream().map(Path::of).toList());
  }

  @Test
  void photosSharingTheNameBeforeTheLastUnderscoreAreOneCapture() {
    PhotoFolder f = folder("3001/a_left.jpg", "3001/a_right.JPG", "3001/a_under.png", "3001/b_1.webp",
        "3001/b_2.jpeg", "3003/my_part_2_top.jpg", "3003/my_part_2_side.jpg", "3003/single.png");
    assertEquals(List.of(
        new PhotoFolder.Capture("3001", "a", List.of(ROOT.resolve("3001/a_left.jpg"), ROOT.resolve("3001/a_right.JPG"),
            ROOT.resolve("3001/a_under.png"))),
        new PhotoFolder.Capture("3001", "b", List.of(ROOT.resolve("3001/b_1.webp"), ROOT.resolve("3001/b_2.jpeg"))),
        new PhotoFolder.Capture("3003", "my_part_2", List.of(ROOT.resolve("3003/my_part_2_side.jpg"),
            ROOT.resolve("3003/my_part_2_top.jpg"))),
        new PhotoFolder.Capture("3003", "single", List.of(ROOT.resolve("3003/single.png")))), f.captures());
    assertEquals(List.of(), f.skipped());
  }

  @Test
  void aPhonesPhotosAreEachACaptureOfTheirOwn() {
    PhotoFolder f = folder("3001/IMG_0412.jpg", "3001/IMG_0413.jpg", "3001/PXL_20261206_101530123.jpg");
    assertEquals(List.of(
        new PhotoFolder.Capture("3001", "IMG_0412", List.of(ROOT.resolve("3001/IMG_0412.jpg"))),
        new PhotoFolder.Capture("3001", "IMG_0413", List.of(ROOT.resolve("3001/IMG_0413.jpg"))),
        new PhotoFolder.Capture("3001", "PXL_20261206_101530123",
            List.of(ROOT.resolve("3001/PXL_20261206_101530123.jpg")))), f.captures());
  }

  @Test
  void aNameIsItsCaptureBeforeTheLastUnderscoreAndItsSideAfter() {
    assertEquals(new PhotoFolder.PhotoName("c15s2", "below"), PhotoFolder.nameOf("c15s2_below.jpg"));
    assertEquals(new PhotoFolder.PhotoName("my_part_2", "top"), PhotoFolder.nameOf("my_part_2_top.webp"));
    assertEquals(new PhotoFolder.PhotoName("single", ""), PhotoFolder.nameOf("single.png"));
    // A camera's own names count photos, not sides: each is a capture of one photo.
    for (String camera : List.of("IMG_0412.jpg", "img_0413.JPG", "IMG_20261206_101530.jpg", "PXL_20261206_101530123.jpg",
        "DSC_0042.jpeg", "MVIMG_20261206_101530.jpg", "20261206_101530.jpg")) {
      String base = camera.substring(0, camera.lastIndexOf('.'));
      assertEquals(new PhotoFolder.PhotoName(base, ""), PhotoFolder.nameOf(camera), camera);
    }
    // ... while a capture the user named keeps its sides, numbered or not.
    assertEquals(new PhotoFolder.PhotoName("b", "2"), PhotoFolder.nameOf("b_2.jpg"));
    assertEquals(new PhotoFolder.PhotoName("IMG_0412", "top"), PhotoFolder.nameOf("IMG_0412_top.jpg"));
    assertEquals(new PhotoFolder.PhotoName("brick", "0412"), PhotoFolder.nameOf("brick_0412.jpg"));
  }

  @Test
  void everyOtherFileIsSkippedWithItsReason() {
    PhotoFolder f = folder("notes.txt", "top.jpg", "3001/a_1.jpg", "3001/readme.md", "3001/raw/a_2.jpg",
        "3001/no-extension");
    assertEquals(1, f.captures().size());
    assertEquals(List.of(ROOT.resolve("3001/a_1.jpg")), f.captures().get(0).photos());
    List<PhotoFolder.Problem> skipped = f.skipped();
    assertEquals(List.of("photos/3001/no-extension", "photos/3001/raw/a_2.jpg", "photos/3001/readme.md",
        "photos/notes.txt", "photos/top.jpg"), skipped.stream().map(PhotoFolder.Problem::path).toList());
    assertTrue(skipped.get(0).reason().startsWith("not a photo"), skipped.get(0).reason());
    assertTrue(skipped.get(1).reason().startsWith("in a sub-folder of a part folder"), skipped.get(1).reason());
    assertTrue(skipped.get(3).reason().startsWith("not in a part folder"), skipped.get(3).reason());
  }

  /** A machine's own photos, no part folders: captures of an unknown part, grouped by name as a labelled folder's. */
  @Test
  void anUnlabelledFoldersPhotosAreCapturesOfAnUnknownPart(@TempDir Path dir) throws Exception {
    for (String file : List.of("c1_front.jpg", "c1_below.jpg", "c2_front.png", "IMG_0412.jpg", "notes.txt",
        "3001/a_1.jpg")) {
      Files.createDirectories(dir.resolve(file).getParent());
      Files.write(dir.resolve(file), new byte[] {1});
    }
    assertEquals(List.of(), PhotoFolder.scan(dir).captures().stream()
        .filter(c -> !c.partId().equals("3001")).toList(), "read as labelled, only the part folder's photo counts");
    PhotoFolder f = PhotoFolder.scanUnlabelled(dir);
    assertEquals(List.of(
        new PhotoFolder.Capture(PhotoFolder.UNKNOWN_PART, "IMG_0412", List.of(dir.resolve("IMG_0412.jpg"))),
        new PhotoFolder.Capture(PhotoFolder.UNKNOWN_PART, "c1", List.of(dir.resolve("c1_below.jpg"),
            dir.resolve("c1_front.jpg"))),
        new PhotoFolder.Capture(PhotoFolder.UNKNOWN_PART, "c2", List.of(dir.resolve("c2_front.png")))), f.captures());
    assertEquals(List.of(dir.resolve("3001/a_1.jpg").toString(), dir.resolve("notes.txt").toString()),
        f.skipped().stream().map(PhotoFolder.Problem::path).toList());
    assertTrue(f.skipped().get(0).reason().startsWith("in a sub-folder (an unlabelled folder holds its photos directly"),
        f.skipped().get(0).reason());
    assertTrue(f.skipped().get(1).reason().startsWith("not a photo"), f.skipped().get(1).reason());
  }

  /** An iPhone's HEIC photos (and other formats BrickBox cannot read) are named with what to do, not just skipped. */
  @Test
  void photosInFormatsBrickBoxCannotReadSayWhatToDo() {
    List<PhotoFolder.Problem> skipped = folder("3001/a_1.HEIC", "3001/b_1.tiff", "3001/c_1.txt").skipped();
    assertEquals("not a photo BrickBox reads: a HEIC/HEIF photo (an iPhone's default format); export it as JPEG, or "
        + "set the camera to \"Most Compatible\" (expected .jpg, .jpeg, .png or .webp)", skipped.get(0).reason());
    assertEquals("not a photo BrickBox reads: a TIFF image; save it as PNG or JPEG (expected .jpg, .jpeg, .png or "
        + ".webp)", skipped.get(1).reason());
    assertEquals("not a photo (expected .jpg, .jpeg, .png or .webp)", skipped.get(2).reason());
  }

  @Test
  void scanReadsTheTreeAndRefusesWhatIsNotAFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("3001/sub"));
    Files.write(dir.resolve("3001/a_1.jpg"), new byte[] {1});
    Files.write(dir.resolve("3001/sub/x.jpg"), new byte[] {1});
    PhotoFolder f = PhotoFolder.scan(dir);
    assertEquals(List.of(new PhotoFolder.Capture("3001", "a", List.of(dir.resolve("3001/a_1.jpg")))), f.captures());
    assertEquals(List.of(dir.resolve("3001/sub/x.jpg").toString()),
        f.skipped().stream().map(PhotoFolder.Problem::path).toList());
    String message = assertThrows(IllegalArgumentException.class, () -> PhotoFolder.scan(dir.resolve("3001/a_1.jpg")))
        .getMessage();
    assertTrue(message.contains("a_1.jpg") && message.contains("is not a directory"), message);
  }

  @Test
  void aLinkToAFileOutsideTheFolderIsSkippedAndOneInsideIsAPhoto(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("photos/3001"));
    Path secret = Files.write(dir.resolve("secret.jpg"), new byte[] {1});
    Files.write(folder.resolve("a_1.jpg"), new byte[] {1});
    Files.createSymbolicLink(folder.resolve("b_1.jpg"), secret);
    Files.createSymbolicLink(folder.resolve("c_1.jpg"), folder.resolve("a_1.jpg"));

    PhotoFolder f = PhotoFolder.scan(dir.resolve("photos"));
    assertEquals(List.of("a", "c"), f.captures().stream().map(PhotoFolder.Capture::name).toList());
    assertEquals(1, f.skipped().size());
    assertEquals(folder.resolve("b_1.jpg").toString(), f.skipped().get(0).path());
    assertTrue(f.skipped().get(0).reason().contains("outside the photos folder"), f.skipped().get(0).reason());
  }

  /** A calibration file names photos of the folder and their camera scales; any other line is an error, located. */
  @Test
  void cameraScalesAreReadForTheFoldersPhotosAndBadLinesAreNamed(@TempDir Path dir) throws Exception {
    PhotoFolder f = PhotoFolder.of(dir, List.of(Path.of("3001/a_front.jpg"), Path.of("3001/a_below.jpg")));
    Path file = dir.resolve("scales.tsv");
    Files.writeString(file, "# measured with a ruler\n3001/a_front.jpg\t12.5\n\n3001/a_below.jpg\t 9 \n");
    assertEquals(java.util.Map.of(dir.resolve("3001/a_front.jpg"), 12.5, dir.resolve("3001/a_below.jpg"), 9.0),
        f.readScales(file));
    for (String[] bad : new String[][] {
        {"3001/a_front.jpg 12.5", "expected <partId>/<file><TAB><pixels per millimetre>"},
        {"3001/a_side.jpg\t12.5", "3001/a_side.jpg is not a photo of the folder"},
        {"3001/a_front.jpg\ttwelve", "the scale must be a positive number of pixels per millimetre, was 'twelve'"},
        {"3001/a_front.jpg\t0", "was '0'"},
        {"3001/a_front.jpg\tNaN", "was 'NaN'"},
        {"3001/a_front.jpg\t12\n3001/a_front.jpg\t13", "named twice"}}) {
      Files.writeString(file, "# scales\n" + bad[0] + "\n");
      String message = assertThrows(IllegalArgumentException.class, () -> f.readScales(file)).getMessage();
      assertTrue(message.contains(bad[1]) && message.contains(" line "), message);
    }
  }
}
