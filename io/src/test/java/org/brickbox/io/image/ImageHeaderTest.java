package org.brickbox.io.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {
  private static final int W = 61;
  private static final int H = 45;

  private static byte[] pixels() {
    SplittableRandom random = new SplittableRandom(3);
    byte[] rgb = new byte[W * H * 3];
    for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (i % 251 + random.nextInt(5));
    return rgb;
  }

  private static byte[] png() {
    return ImageCodec.encodeRgbPng(pixels(), W, H);
  }

  private static byte[] jpeg() {
    return ImageCodec.encodeRgbJpeg(pixels(), W, H, 90);
  }

  /** Several scans with Huffman tables between them: the scan data is skipped scan by scan. */
  @SuppressWarnings("try")
  private static byte[] progressiveJpeg() {
    try (PointerScope scope = new PointerScope()) {
      Mat image = new Mat(H, W, CV_8UC3, new BytePointer(pixels()));
      BytePointer out = new BytePointer();
      imencode(".jpg", image, out, new IntPointer(IMWRITE_JPEG_PROGRESSIVE, 1));
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  @Test
  void readsFormatAndSizeOfEveryFormatWithoutDecoding() {
    assertEquals(new ImageHeader(ImageHeader.Format.PNG, W, H), ImageHeader.read(png()));
    assertEquals(new ImageHeader(ImageHeader.Format.JPEG, W, H), ImageHeader.read(jpeg()));
    assertEquals(new ImageHeader(ImageHeader.Format.JPEG, W, H), ImageHeader.read(progressiveJpeg()));
    assertEquals(new ImageHeader(ImageHeader.Format.WEBP, W, H),
        ImageHeader.read(ImageCodec.encodeRgbWebp(pixels(), W, H, 80)));
    assertEquals(new ImageHeader(ImageHeader.Format.WEBP, W, H),
        ImageHeader.read(ImageCodec.encodeRgbWebp(pixels(), W, H, 101)), "lossless WebP (VP8L)");
    assertEquals(W * (long) H, ImageHeader.read(png()).pixels());
  }

  @Test
  void theMainImageIsMeasuredNotAThumbnailInItsExifAndTrailingBytesAreAllowed() {
    byte[] main = jpeg();
    byte[] thumbnail = ImageCodec.encodeRgbJpeg(new byte[8 * 6 * 3], 8, 6, 50);
    ByteArrayOutputStream withExif = new ByteArrayOutputStream();
    withExif.write(0xFF);
    withExif.write(0xD8);
    byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), thumbnail);
    withExif.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) ((payload.length + 2) >> 8),
        (byte) (payload.length + 2)});
    withExif.writeBytes(payload);
    withExif.writeBytes(Arrays.copyOfRange(main, 2, main.length));
    withExif.writeBytes("trailer written by some cameras".getBytes(StandardCharsets.US_ASCII));
    assertEquals(new ImageHeader(ImageHeader.Format.JPEG, W, H), ImageHeader.read(withExif.toByteArray()));
    assertEquals(new ImageHeader(ImageHeader.Format.PNG, W, H), ImageHeader.read(concat(png(), new byte[100])));
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderBeforeDecoding() {
    byte[] bomb = HostileImages.pngDeclaring(30_000, 30_000);
    assertTrue(bomb.length < 1024, bomb.length + " bytes");
    ImageHeader header = ImageHeader.read(bomb);
    assertEquals(900_000_000L, header.pixels());
    ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
        () -> header.requirePixelsAtMost(ImageHeader.DEFAULT_MAX_PIXELS));
    assertEquals("PNG of 30000 × 30000 = 900,000,000 pixels, over the limit of 50,000,000 pixels (maxPixels)",
        e.getMessage());
    assertThrows(ImageTooLargeException.class, () -> ImageCodec.decodeUntrustedRgb(bomb, ImageHeader.DEFAULT_MAX_PIXELS));
    assertEquals(header, header.requirePixelsAtMost(900_000_000L), "the limit itself is allowed");
    // The limit counts pixels, not bytes or sides: a wide strip of the same area is refused alike.
    assertThrows(ImageTooLargeException.class,
        () -> ImageHeader.read(HostileImages.pngDeclaring(1_000_000, 51)).requirePixelsAtMost(50_000_000));
  }

  @Test
  void aFileCutShortIsRefusedInEveryFormatSayingSo() {
    byte[] jpeg = jpeg();
    byte[] halfJpeg = HostileImages.truncated(jpeg, 0.6);
    ImageCodecException e = assertThrows(ImageCodecException.class,
        () -> ImageCodec.decodeUntrustedRgb(halfJpeg, ImageHeader.DEFAULT_MAX_PIXELS));
    assertTrue(e.getMessage().startsWith("truncated JPEG (the file was cut short): no end-of-image marker"),
        e.getMessage());
    for (byte[] whole : new byte[][] {png(), jpeg, progressiveJpeg(), ImageCodec.encodeRgbWebp(pixels(), W, H, 80),
        ImageCodec.encodeRgbWebp(pixels(), W, H, 101)}) {
      String format = ImageHeader.read(whole).format().toString();
      for (int cut = 0; cut < whole.length; cut++) {
        byte[] part = Arrays.copyOf(whole, cut);
        ImageCodecException refused = assertThrows(ImageCodecException.class, () -> ImageHeader.read(part),
            format + " cut at " + cut);
        if (cut >= 16) {
          assertTrue(refused.getMessage().startsWith("truncated "), format + " cut at " + cut + ": " + refused.getMessage());
        }
      }
    }
  }

  @Test
  void otherBytesAreRefusedNamingWhatTheyStartWith() {
    ImageCodecException text = assertThrows(ImageCodecException.class,
        () -> ImageHeader.read("{\"photo\": \"a.jpg\"}".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("not a PNG, JPEG or WebP image (it starts with 7B 22 70 68 6F 74 6F 22)", text.getMessage());
    assertThrows(ImageCodecException.class, () -> ImageHeader.read(new byte[0]));
    assertThrows(ImageCodecException.class, () -> ImageHeader.read("BM\0\0\0\0".getBytes(StandardCharsets.US_ASCII)),
        "BMP: OpenCV decodes it, but its size is not checked");
    assertThrows(ImageCodecException.class, () -> ImageHeader.read("GIF89a".getBytes(StandardCharsets.US_ASCII)));
  }

  /** The formats a user most likely sends instead are named, with what to do; the bytes are still shown. */
  @Test
  void commonOtherFormatsAreNamedWithWhatToDo() {
    byte[] heic = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0};
    assertEquals("not a PNG, JPEG or WebP image: a HEIC/HEIF photo (an iPhone's default format); export it as JPEG, or "
        + "set the camera to \"Most Compatible\" (it starts with 00 00 00 18 66 74 79 70)", refusal(heic));
    byte[] avif = {0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f'};
    assertTrue(refusal(avif).contains(": an AVIF image; save it as JPEG or PNG ("), refusal(avif));
    byte[] mp4 = {0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    assertEquals("not a PNG, JPEG or WebP image (it starts with 00 00 00 1C 66 74 79 70)", refusal(mp4),
        "another ISO file (a video) is not guessed at");
    byte[] tiff = {'I', 'I', '*', 0, 8, 0, 0, 0};
    assertTrue(refusal(tiff).contains(": a TIFF image; save it as PNG or JPEG ("), refusal(tiff));
    byte[] bigEndianTiff = {'M', 'M', 0, '*', 0, 0, 0, 8};
    assertTrue(refusal(bigEndianTiff).contains(": a TIFF image;"), refusal(bigEndianTiff));
    assertTrue(refusal("GIF89a\1\0\1\0".getBytes(StandardCharsets.ISO_8859_1)).contains(": a GIF image; save it as PNG ("));
    byte[] bmp = new byte[54];
    bmp[0] = 'B';
    bmp[1] = 'M';
    assertTrue(refusal(bmp).contains(": a BMP image; save it as PNG ("), refusal(bmp));
    assertEquals("not a PNG, JPEG or WebP image (it starts with 42 4D)", refusal(new byte[] {'B', 'M'}),
        "two bytes are no BMP header");
  }

  private static String refusal(byte[] bytes) {
    return assertThrows(ImageCodecException.class, () -> ImageHeader.read(bytes)).getMessage();
  }

  /** Random byte damage anywhere: either a header is read, or the one exception type with a message; nothing else. */
  @Test
  void damagedFilesNeverFailWithAnythingButACodecException() {
    SplittableRandom random = new SplittableRandom(17);
    for (byte[] whole : new byte[][] {png(), jpeg(), progressiveJpeg(), ImageCodec.encodeRgbWebp(pixels(), W, H, 80)}) {
      for (int round = 0; round < 2000; round++) {
        byte[] damaged = whole.clone();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          damaged[random.nextInt(Math.min(damaged.length, 64 + random.nextInt(damaged.length)))] =
              (byte) random.nextInt(256);
        }
        try {
          ImageHeader header = ImageHeader.read(damaged);
          assertTrue(header.width() > 0 && header.height() > 0, header.toString());
        } catch (ImageCodecException e) {
          assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
