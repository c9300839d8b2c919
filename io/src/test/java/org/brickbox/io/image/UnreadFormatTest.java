package org.brickbox.io.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnreadFormatTest {
  @Test
  void extensionsNameTheFormatsBrickBoxCannotReadAndNoOther() {
    assertEquals(UnreadFormat.HEIC, UnreadFormat.ofExtension("HEIC"));
    assertEquals(UnreadFormat.HEIC, UnreadFormat.ofExtension("heif"));
    assertEquals(UnreadFormat.TIFF, UnreadFormat.ofExtension("Tif"));
    assertEquals(UnreadFormat.AVIF, UnreadFormat.ofExtension("avif"));
    assertEquals(UnreadFormat.BMP, UnreadFormat.ofExtension("bmp"));
    assertEquals(UnreadFormat.GIF, UnreadFormat.ofExtension("gif"));
    for (String readable : new String[] {"jpg", "jpeg", "png", "webp", "txt", ""}) {
      assertNull(UnreadFormat.ofExtension(readable), readable);
    }
    assertEquals("a GIF image; save it as PNG", UnreadFormat.GIF.describe());
  }

  @Test
  void signaturesOfTheSameFormats() {
    assertEquals(UnreadFormat.HEIC, UnreadFormat.ofSignature(iso("mif1")));
    assertEquals(UnreadFormat.AVIF, UnreadFormat.ofSignature(iso("avis")));
    assertNull(UnreadFormat.ofSignature(iso("mp42")), "a video");
    assertNull(UnreadFormat.ofSignature(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'}), "no brand");
    assertEquals(UnreadFormat.TIFF, UnreadFormat.ofSignature(new byte[] {'M', 'M', 0, '*'}));
    assertEquals(UnreadFormat.GIF, UnreadFormat.ofSignature("GIF87a".getBytes(StandardCharsets.US_ASCII)));
    assertNull(UnreadFormat.ofSignature(new byte[0]));
  }

  /** The start of an ISO base media file of this major brand. */
  private static byte[] iso(String brand) {
    return ("\0\0\0\u0018ftyp" + brand).getBytes(StandardCharsets.ISO_8859_1);
  }
}
