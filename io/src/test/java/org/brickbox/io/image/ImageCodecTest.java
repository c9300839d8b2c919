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
