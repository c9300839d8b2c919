package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.image.ImageCodecException;

/**
 * Coverage-guided fuzzing (issue 18) of what a user's photo goes through before it is embedded: the header check and
 * decoding of PNG, JPEG (with EXIF) and WebP, segmentation and the crops. Whatever the bytes, the photo is either
 * prepared into crops of the asked size with finite shape features, or refused with an {@link ImageCodecException}
 * (not an image, too many pixels, does not decode) or a {@link PhotoPreparation.NoPartFoundException}: never another
 * exception, a crash of the native decoder, a hang or an out-of-memory.
 *
 * <p>Jazzer guides by the Java code's coverage (header parsing, segmentation, crops); OpenCV's decoders are native
 * and not instrumented, so for them this is a random-mutation test whose failures are crashes.
 * {@code mvn verify} replays the corpus in {@code src/test/resources/.../PhotoFuzzTestInputs/decodeAndPrepare/};
 * {@code runners/scripts/fuzz.sh transforms PhotoFuzzTest} fuzzes.
 */
class PhotoFuzzTest {
  /** Small enough that a fuzzed header cannot make one execution slow; the real default is 50 MP. */
  private static final long MAX_PIXELS = 1_000_000;
  private static final int SIZE = 64;

  // libFuzzer's dictionary syntax: bytes other than printable ASCII as \xNN.
  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "1h")
  @DictionaryEntries({"\\x89PNG\\x0D\\x0A\\x1A\\x0A", "IHDR", "IDAT", "IEND", "PLTE", "tRNS", "\\xFF\\xD8\\xFF",
      "\\xFF\\xE1", "Exif\\x00\\x00", "MM\\x00\\x2A", "II\\x2A\\x00", "\\x01\\x12", "\\xFF\\xC0", "\\xFF\\xC2",
      "\\xFF\\xDA", "\\xFF\\xD9", "RIFF", "WEBP", "VP8 ", "VP8L", "VP8X", "\\x00\\x00\\x75\\x30"})
  void decodeAndPrepare(byte[] input) {
    DecodedImage photo;
    try {
      photo = ImageCodec.decodeUntrustedRgb(input, MAX_PIXELS);
    } catch (ImageCodecException refused) {
      assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), "a refusal without a reason");
      return;
    }
    assertTrue((long) photo.width() * photo.height() <= MAX_PIXELS, "decoded past the pixel limit");
    try {
      PhotoPreparation.Prepared prepared = PhotoPreparation.prepare(photo, SIZE, 0.8);
      assertFalse(prepared.crops().isEmpty(), "no crop to embed");
      for (PhotoPreparation.Crop crop : prepared.crops()) {
        assertEquals(SIZE, crop.image().width(), crop.kind() + " crop width");
        assertEquals(SIZE, crop.image().height(), crop.kind() + " crop height");
        assertEquals(SIZE * SIZE * 3, crop.image().pixels().length);
      }
      // Shape and colour are null after a whole-frame fallback or for a part cut by the border (documented).
      if (prepared.shape() != null) {
        for (float f : prepared.shape().features()) assertTrue(Float.isFinite(f), "a non-finite shape feature");
      }
      if (prepared.rgb() != null) for (float f : prepared.rgb()) assertTrue(Float.isFinite(f), "a non-finite colour");
    } catch (PhotoPreparation.NoPartFoundException nothing) {
      assertFalse(nothing.getMessage() == null || nothing.getMessage().isBlank(), "a refusal without a reason");
    }
  }
}
