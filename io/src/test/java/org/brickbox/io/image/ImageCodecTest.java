package org.brickbox.io.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageCodecTest {
  private static final int W = 37;
  private static final int H = 23;

  /** A smooth gradient with mild noise: like a render, and with distinct R, G, B so channel swaps show. */
  private static byte[] rgbImage() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] rgb = new byte[W * H * 3];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int p = (y * W + x) * 3;
        rgb[p] = (byte) (x * 6 + random.nextInt(4));
        rgb[p + 1] = (byte) (y * 10);
        rgb[p + 2] = (byte) (200 - x * 2);
      }
    }
    return rgb;
  }

  @Test
  void pngRoundTripIsLosslessAtEveryLevel() {
    byte[] rgb = rgbImage();
    for (int level = 0; level <= 9; level++) {
      DecodedImage decoded = ImageCodec.decodeRgb(ImageCodec.encodeRgbPng(rgb, W, H, level));
      assertEquals(W, decoded.width());
      assertEquals(H, decoded.height());
      assertEquals(3, decoded.channels());
      assertArrayEquals(rgb, decoded.pixels(), "level " + level);
    }
  }

  @Test
  void grayPngRoundTripIsLossless() {
    byte[] gray = new byte[W * H];
    for (int i = 0; i < gray.length; i++) gray[i] = (byte) (i * 7);
    DecodedImage decoded = ImageCodec.decodeGray(ImageCodec.encodeGrayPng(gray, W, H));
    assertEquals(1, decoded.channels());
    assertArrayEquals(gray, decoded.pixels());
  }

  @Test
  void pngEncodingIsDeterministic() {
    byte[] rgb = rgbImage();
    assertArrayEquals(ImageCodec.encodeRgbPng(rgb, W, H), ImageCodec.encodeRgbPng(rgb, W, H));
  }

  @Test
  void webpDecodesCloseToTheOriginal() {
    byte[] rgb = rgbImage();
    byte[] webp = ImageCodec.encodeRgbWebp(rgb, W, H, 90);
    assertEquals("RIFF", new String(Arrays.copyOf(webp, 4), java.nio.charset.StandardCharsets.US_ASCII));
    DecodedImage decoded = ImageCodec.decodeRgb(webp);
    assertEquals(W, decoded.width());
    assertEquals(H, decoded.height());
    assertTrue(psnr(rgb, decoded.pixels()) > 28, "PSNR " + psnr(rgb, decoded.pixels()));
  }

  @Test
  void jpegDecodesCloseToTheOriginalInRgbOrder() {
    byte[] rgb = rgbImage();
    byte[] jpeg = ImageCodec.encodeRgbJpeg(rgb, W, H, 90);
    assertEquals(0xFF, jpeg[0] & 0xFF); // SOI marker FF D8
    assertEquals(0xD8, jpeg[1] & 0xFF);
    DecodedImage decoded = ImageCodec.decodeRgb(jpeg);
    assertEquals(W, decoded.width());
    assertEquals(H, decoded.height());
    assertTrue(psnr(rgb, decoded.pixels()) > 28, "PSNR " + psnr(rgb, decoded.pixels()));
    assertArrayEquals(jpeg, ImageCodec.encodeRgbJpeg(rgb, W, H, 90));
  }

  @Test
  void corruptBytesFailWithAClearException() {
    byte[] png = ImageCodec.encodeRgbPng(rgbImage(), W, H);
    byte[] truncated = Arrays.copyOf(png, 20);
    ImageCodecException e = assertThrows(ImageCodecException.class, () -> ImageCodec.decodeRgb(truncated));
    assertTrue(e.getMessage().contains("not a readable image"), e.getMessage());
    assertThrows(ImageCodecException.class, () -> ImageCodec.decodeRgb(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    assertThrows(ImageCodecException.class, () -> ImageCodec.decodeGray(new byte[0]));
  }

  @Test
  void wrongPixelCountOrOptionIsRejected() {
    assertThrows(ImageCodecException.class, () -> ImageCodec.encodeRgbPng(new byte[10], W, H));
    assertThrows(ImageCodecException.class, () -> ImageCodec.encodeRgbPng(rgbImage(), W, H, 10));
    assertThrows(ImageCodecException.class, () -> ImageCodec.encodeRgbWebp(rgbImage(), W, H, 0));
    assertThrows(ImageCodecException.class, () -> ImageCodec.encodeRgbJpeg(rgbImage(), W, H, 0));
    assertThrows(ImageCodecException.class, () -> ImageCodec.encodeRgbJpeg(rgbImage(), W, H, 101));
  }

  private static double psnr(byte[] a, byte[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (a[i] & 0xFF) - (b[i] & 0xFF);
      sum += d * d;
    }
    double mse = sum / a.length;
    return 10 * Math.log10(255.0 * 255.0 / Math.max(mse, 1e-12));
  }

  /** A w x h gradient photo: smooth, so a reduced decode and a shrunk whole decode must nearly agree. */
  private static byte[] gradient(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        rgb[p] = (byte) (x * 255 / w);
        rgb[p + 1] = (byte) (y * 255 / h);
        rgb[p + 2] = (byte) 120;
      }
    }
    return rgb;
  }

  @Test
  void aLargePhotoIsDecodedReducedWhileItsLongerSideKeepsTheRequestedPixels() {
    byte[] rgb = gradient(2000, 1500);
    byte[] jpeg = ImageCodec.encodeRgbJpeg(rgb, 2000, 1500, 95);
    byte[] png = ImageCodec.encodeRgbPng(rgb, 2000, 1500);
    DecodedImage whole = ImageCodec.decodeRgb(jpeg);
    // 2000 / 2 >= 960 but 2000 / 4 < 960: half size, by the JPEG decoder's own scaling
    ImageCodec.Reduced half = ImageCodec.decodeUntrustedRgb(jpeg, 10_000_000L, 960);
    assertEquals(1000, half.image().width());
    assertEquals(750, half.image().height());
    assertEquals(2.0, half.scale());
    assertTrue(psnr(ImageCodec.shrink(whole, 1000).pixels(), half.image().pixels()) > 35, "the same picture");
    // 2000 / 4 >= 400, 2000 / 8 < 400: a quarter; a PNG is shrunk by area averaging to the same size
    assertEquals(500, ImageCodec.decodeUntrustedRgb(jpeg, 10_000_000L, 400).image().width());
    ImageCodec.Reduced pngQuarter = ImageCodec.decodeUntrustedRgb(png, 10_000_000L, 400);
    assertEquals(500, pngQuarter.image().width());
    assertEquals(375, pngQuarter.image().height());
    assertEquals(4.0, pngQuarter.scale());
    // never below 1/8, and whole when half would be too small
    assertEquals(250, ImageCodec.decodeUntrustedRgb(jpeg, 10_000_000L, 10).image().width());
    ImageCodec.Reduced kept = ImageCodec.decodeUntrustedRgb(jpeg, 10_000_000L, 1001);
    assertEquals(2000, kept.image().width());
    assertEquals(1.0, kept.scale());
    // the pixel limit is still checked from the header first
    assertThrows(ImageTooLargeException.class, () -> ImageCodec.decodeUntrustedRgb(jpeg, 2_999_999L, 960));
  }

  @Test
  void shrinkKeepsAspectAndAveragesColour() {
    // Left half pure red, right half pure blue: a 2:1 shrink keeps each half's colour, the aspect and RGB order.
    int w = 40, h = 20;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rgb[(y * w + x) * 3 + (x < w / 2 ? 0 : 2)] = (byte) 255;
      }
    }
    DecodedImage small = ImageCodec.shrink(new DecodedImage(w, h, 3, rgb), 10);
    assertEquals(10, small.width());
    assertEquals(5, small.height());
    assertEquals(255, small.pixels()[0] & 0xFF, "top-left stays red");
    assertEquals(0, small.pixels()[2] & 0xFF);
    int last = (5 * 10 - 1) * 3;
    assertEquals(255, small.pixels()[last + 2] & 0xFF, "bottom-right stays blue");
    DecodedImage tiny = new DecodedImage(4, 4, 3, new byte[48]);
    assertTrue(ImageCodec.shrink(tiny, 96) == tiny, "already small enough: unchanged");
  }
}
