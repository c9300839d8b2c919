package org.brickbox.embed;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.brickbox.io.image.DecodedImage;

/**
 * How an RGB image becomes a model input: resize so the shorter side is {@code size / cropFraction} (area
 * averaging, so large renders shrink without aliasing), centre-crop {@code size × size}, scale to 0..1 and
 * normalise per channel with {@code mean}/{@code std}. Output is CHW float32, the layout PyTorch models expect.
 */
public record Preprocessing(String name, int size, double cropFraction, float[] mean, float[] std)
    implements Serializable {

  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  public Preprocessing {
    if (size < 8 || size > 1024) throw new IllegalArgumentException("preprocessing size must be 8..1024, was " + size);
    if (!(cropFraction > 0 && cropFraction <= 1)) {
      throw new IllegalArgumentException("preprocessing crop must be in (0, 1], was " + cropFraction);
    }
    if (mean.length != 3 || std.length != 3) throw new IllegalArgumentException("mean and std need 3 values");
  }

  /** The built-in model's input: the whole frame (renders are framed around the part), ImageNet statistics. */
  public static Preprocessing builtin(int size) {
    return new Preprocessing("brickbox", size, 1.0, IMAGENET_MEAN, IMAGENET_STD);
  }

  /** OpenAI CLIP image towers (ViT-B/32): shorter side to 224, centre crop 224, CLIP statistics. */
  public static Preprocessing clip() {
    return new Preprocessing("clip", 224, 1.0, CLIP_MEAN, CLIP_STD);
  }

  /** torchvision ImageNet models: resize 256, centre crop 224. */
  public static Preprocessing imagenet() {
    return new Preprocessing("imagenet", 224, 0.875, IMAGENET_MEAN, IMAGENET_STD);
  }

  /** A preset by name: clip, imagenet, or brickbox (the latter at {@code defaultSize}). */
  public static Preprocessing preset(String name, int defaultSize) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "clip" -> clip();
      case "imagenet" -> imagenet();
      case "brickbox" -> builtin(defaultSize);
      default -> throw new IllegalArgumentException(
          "unknown preprocessing preset '" + name + "' (clip, imagenet, brickbox)");
    };
  }

  public Preprocessing withSize(int newSize) {
    return new Preprocessing(name, newSize, cropFraction, mean, std);
  }

  public Preprocessing withCrop(double crop) {
    return new Preprocessing(name, size, crop, mean, std);
  }

  public Preprocessing withMeanStd(float[] newMean, float[] newStd) {
    return new Preprocessing(name, size, cropFraction, newMean, newStd);
  }

  /** CHW float32 input of {@code 3 × size × size}. */
  public float[] apply(DecodedImage image) {
    if (image.channels() != 3) throw new IllegalArgumentException("preprocessing needs RGB, got " + image.channels());
    double scaled = size / cropFraction;
    double scale = Math.min(image.width(), image.height()) / scaled; // source pixels per output pixel
    double x0 = (image.width() - size * scale) / 2;
    double y0 = (image.height() - size * scale) / 2;
    float[] rgb = ImageOps.resample(image.pixels(), image.width(), image.height(), 3, x0, y0, scale, scale, size, size);
    return normalise(rgb, size, mean, std);
  }

  /** HWC 0..1 → normalised CHW. */
  static float[] normalise(float[] hwc, int size, float[] mean, float[] std) {
    int n = size * size;
    float[] chw = new float[3 * n];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) chw[c * n + i] = (hwc[i * 3 + c] - mean[c]) / std[c];
    }
    return chw;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p && p.name.equals(name) && p.size == size && p.cropFraction == cropFraction
        && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + size;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s(size=%d, crop=%.3f, mean=%s, std=%s)", name, size, cropFraction,
        Arrays.toString(mean), Arrays.toString(std));
  }
}
