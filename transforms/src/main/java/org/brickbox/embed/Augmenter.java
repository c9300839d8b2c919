package org.brickbox.embed;

import java.util.SplittableRandom;

/**
 * Training-time augmentation, aimed at photographs as much as renders: random resized crop (area 55-100 %,
 * aspect 3:4-4:3, so the part moves, grows and is sometimes cut), background swap through the render's mask
 * (flat colour, gradient, or noise), colour jitter (brightness, contrast, saturation, hue rotation, sometimes
 * grey), blur and sensor noise. No mirror flips: LEGO has left and right versions of many parts.
 * Deterministic for a given random stream.
 */
final class Augmenter {
  private final int size;
  private final double backgroundSwap;

  /** {@code backgroundSwap}: share of images whose background is replaced. */
  Augmenter(int size, double backgroundSwap) {
    this.size = size;
    this.backgroundSwap = backgroundSwap;
  }

  /** Augmented HWC 0..1 image of {@code size × size} from an RGB image and its part mask (same size). */
  float[] apply(byte[] rgb, byte[] mask, int w, int h, SplittableRandom r) {
    double area = r.nextDouble(0.55, 1.0);
    double aspect = Math.exp(r.nextDouble(Math.log(3.0 / 4), Math.log(4.0 / 3)));
    double cw = Math.min(1.0, Math.sqrt(area * aspect)) * w;
    double ch = Math.min(1.0, Math.sqrt(area / aspect)) * h;
    double x0 = r.nextDouble() * (w - cw);
    double y0 = r.nextDouble() * (h - ch);
    float[] img = ImageOps.resample(rgb, w, h, 3, x0, y0, cw / size, ch / size, size, size);
    float[] alpha = ImageOps.resample(mask, w, h, 1, x0, y0, cw / size, ch / size, size, size);
    if (r.nextDouble() < backgroundSwap) swapBackground(img, alpha, r);
    jitter(img, r);
    if (r.nextDouble() < 0.3) img = blur(img);
    if (r.nextDouble() < 0.5) noise(img, r, r.nextDouble(0.01, 0.05));
    for (int i = 0; i < img.length; i++) img[i] = Math.max(0f, Math.min(1f, img[i]));
    return img;
  }

  private void swapBackground(float[] img, float[] alpha, SplittableRandom r) {
    int mode = r.nextInt(3);
    float[] a = {(float) r.nextDouble(), (float) r.nextDouble(), (float) r.nextDouble()};
    float[] b = {(float) r.nextDouble(), (float) r.nextDouble(), (float) r.nextDouble()};
    double angle = r.nextDouble(2 * Math.PI);
    float dx = (float) Math.cos(angle);
    float dy = (float) Math.sin(angle);
    float amp = (float) r.nextDouble(0.05, 0.25);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int p = y * size + x;
        float t = Math.max(0f, Math.min(1f, 0.5f + ((x - size / 2f) * dx + (y - size / 2f) * dy) / size));
        for (int c = 0; c < 3; c++) {
          float bg = switch (mode) {
            case 0 -> a[c];
            case 1 -> a[c] + (b[c] - a[c]) * t;
            default -> a[c] + (float) r.nextDouble(-amp, amp);
          };
          img[p * 3 + c] = img[p * 3 + c] * alpha[p] + bg * (1 - alpha[p]);
        }
      }
    }
  }

  private void jitter(float[] img, SplittableRandom r) {
    float brightness = (float) r.nextDouble(0.6, 1.4);
    float contrast = (float) r.nextDouble(0.6, 1.4);
    float saturation = r.nextDouble() < 0.15 ? 0f : (float) r.nextDouble(0.5, 1.5);
    double hue = r.nextDouble(2 * Math.PI);
    // Hue rotation about the grey axis (a rotation matrix in RGB space).
    float cos = (float) Math.cos(hue);
    float sin = (float) Math.sin(hue);
    float k = (1 - cos) / 3f;
    float s3 = sin / (float) Math.sqrt(3);
    float[] m = {cos + k, k - s3, k + s3, k + s3, cos + k, k - s3, k - s3, k + s3, cos + k};
    double mean = 0;
    for (float v : img) mean += v;
    float grey = (float) (mean / img.length);
    for (int p = 0; p < img.length; p += 3) {
      float rr = img[p];
      float gg = img[p + 1];
      float bb = img[p + 2];
      float r2 = m[0] * rr + m[1] * gg + m[2] * bb;
      float g2 = m[3] * rr + m[4] * gg + m[5] * bb;
      float b2 = m[6] * rr + m[7] * gg + m[8] * bb;
      float l = 0.299f * r2 + 0.587f * g2 + 0.114f * b2;
      r2 = l + (r2 - l) * saturation;
      g2 = l + (g2 - l) * saturation;
      b2 = l + (b2 - l) * saturation;
      img[p] = ((r2 - grey) * contrast + grey) * brightness;
      img[p + 1] = ((g2 - grey) * contrast + grey) * brightness;
      img[p + 2] = ((b2 - grey) * contrast + grey) * brightness;
    }
  }

  private float[] blur(float[] img) {
    float[] out = new float[img.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < 3; c++) {
          float sum = 0;
          int n = 0;
          for (int j = -1; j <= 1; j++) {
            int yy = y + j;
            if (yy < 0 || yy >= size) continue;
            for (int i = -1; i <= 1; i++) {
              int xx = x + i;
              if (xx < 0 || xx >= size) continue;
              sum += img[(yy * size + xx) * 3 + c];
              n++;
            }
          }
          out[(y * size + x) * 3 + c] = sum / n;
        }
      }
    }
    return out;
  }

  private static void noise(float[] img, SplittableRandom r, double sigma) {
    for (int i = 0; i < img.length; i++) img[i] += (float) (gaussian(r) * sigma);
  }

  private static double gaussian(SplittableRandom r) {
    double u = Math.max(1e-12, r.nextDouble());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
