package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * GrabCut on images whose true part is known: a part whose colour differs from a noisy surface is found from a loose
 * start (a box around it, probably part; the border, surface), decided pixels keep their labels, and the result is the
 * same on every run and thread.
 */
class GrabCutTest {
  static final int W = 96;
  static final int H = 80;

  /** A light part (an ellipse with a shaded half) on a slightly lighter, noisy surface with a gradient. */
  static byte[] image(long seed, boolean[] truth) {
    Random random = new Random(seed);
    byte[] rgb = new byte[3 * W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int p = y * W + x;
        double dx = (x - 50) / 26.0;
        double dy = (y - 38) / 17.0;
        boolean part = dx * dx + dy * dy <= 1;
        truth[p] = part;
        double[] c = part
            ? (y < 38 ? new double[] {205, 200, 190} : new double[] {170, 166, 158})
            : new double[] {236 - x * 0.12, 233 - x * 0.12, 226 - y * 0.1};
        for (int k = 0; k < 3; k++) {
          rgb[3 * p + k] = (byte) Math.max(0, Math.min(255, Math.round(c[k] + random.nextGaussian() * 3)));
        }
      }
    }
    return rgb;
  }

  /** Border ring surface, the part's middle sure, a loose box around it probable part, the rest probable surface. */
  static byte[] start() {
    byte[] labels = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int p = y * W + x;
        boolean ring = x < 3 || y < 3 || x >= W - 3 || y >= H - 3;
        boolean middle = Math.abs(x - 50) < 8 && Math.abs(y - 38) < 5;
        boolean box = x >= 18 && x <= 82 && y >= 15 && y <= 61;
        labels[p] = ring ? GrabCut.BACKGROUND : middle ? GrabCut.FOREGROUND
            : box ? GrabCut.PROBABLY_FOREGROUND : GrabCut.PROBABLY_BACKGROUND;
      }
    }
    return labels;
  }

  static double iou(byte[] labels, boolean[] truth) {
    int both = 0;
    int either = 0;
    for (int p = 0; p < labels.length; p++) {
      boolean part = GrabCut.foreground(labels[p]);
      if (part && truth[p]) both++;
      if (part || truth[p]) either++;
    }
    return both / (double) either;
  }

  @Test
  void findsALowContrastPartFromALooseBox() {
    boolean[] truth = new boolean[W * H];
    byte[] rgb = image(3, truth);
    byte[] labels = start();
    double before = iou(labels, truth);
    GrabCut.refine(rgb, W, H, labels, 4, 1);
    double after = iou(labels, truth);
    assertTrue(before < 0.6, "the start is loose: IoU " + before);
    assertTrue(after > 0.95, "IoU with the true part " + after);
  }

  @Test
  void decidedPixelsKeepTheirLabels() {
    boolean[] truth = new boolean[W * H];
    byte[] rgb = image(4, truth);
    byte[] start = start();
    // a decided "part" pixel on the surface and a decided "surface" pixel inside the part stay as they were told
    start[5 * W + 5] = GrabCut.FOREGROUND;
    start[38 * W + 40] = GrabCut.BACKGROUND;
    byte[] labels = start.clone();
    GrabCut.refine(rgb, W, H, labels, 3, 1);
    for (int p = 0; p < labels.length; p++) {
      if (start[p] == GrabCut.FOREGROUND || start[p] == GrabCut.BACKGROUND) {
        assertEquals(start[p], labels[p], "pixel " + p);
      } else {
        assertTrue(labels[p] == GrabCut.PROBABLY_FOREGROUND || labels[p] == GrabCut.PROBABLY_BACKGROUND);
      }
    }
  }

  @Test
  void theSameImageGivesTheSameLabelsOnAnyThread() throws Exception {
    boolean[] truth = new boolean[W * H];
    byte[] rgb = image(5, truth);
    byte[] first = start();
    GrabCut.refine(rgb, W, H, first, 4, 7);
    CompletableFuture<byte[]>[] others = new CompletableFuture[4];
    for (int t = 0; t < others.length; t++) {
      others[t] = CompletableFuture.supplyAsync(() -> {
        byte[] labels = start();
        GrabCut.refine(rgb, W, H, labels, 4, 7);
        return labels;
      });
    }
    for (CompletableFuture<byte[]> other : others) assertArrayEquals(first, other.get());
  }

  @Test
  void eachPixelGetsTheComponentOfHighestDensityAndItsCost() {
    // A mixture fitted to random colours, asked about a range that does not start or end on a block: its answers
    // are those of the definition, pixel by pixel, exactly.
    Random random = new Random(7);
    int n = 1000;
    double[] colour = new double[3 * n];
    for (int i = 0; i < colour.length; i++) colour[i] = random.nextInt(256);
    byte[] labels = new byte[n];
    int[] component = new int[n];
    for (int p = 0; p < n; p++) {
      labels[p] = GrabCut.FOREGROUND;
      component[p] = p % 7 == 0 ? 4 : random.nextInt(4); // component 4 is small
    }
    GrabCut.Mixture mixture = new GrabCut.Mixture();
    mixture.learn(colour, labels, component, true);
    int from = 3;
    int to = 777;
    int[] chosen = new int[n];
    double[] cost = new double[n];
    mixture.likeliest(new GrabCut.Channels(colour), from, to, chosen, cost, new double[n], new double[n]);
    for (int p = from; p < to; p++) {
      int best = -1;
      double bestLog = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < GrabCut.COMPONENTS; k++) {
        double r = colour[3 * p] - mixture.mean[3 * k];
        double g = colour[3 * p + 1] - mixture.mean[3 * k + 1];
        double b = colour[3 * p + 2] - mixture.mean[3 * k + 2];
        double[] inv = mixture.inverse;
        int o = 6 * k;
        double form = inv[o] * r * r + inv[o + 3] * g * g + inv[o + 5] * b * b
            + 2 * (inv[o + 1] * r * g + inv[o + 2] * r * b + inv[o + 4] * g * b);
        double log = mixture.logScale[k] - 0.5 * form;
        if (best < 0 || log > bestLog) {
          bestLog = log;
          best = k;
        }
      }
      assertEquals(best, chosen[p], "component of pixel " + p);
      assertEquals(-(bestLog + mixture.logWeight[best]), cost[p], 0.0, "cost of pixel " + p);
    }
    assertEquals(0, cost[from - 1], 0.0, "before the range nothing is written");
    assertEquals(0, cost[to], 0.0, "after the range nothing is written");
  }

  @Test
  void refusesLabelsWithOneSideOnly() {
    boolean[] truth = new boolean[W * H];
    byte[] rgb = image(6, truth);
    byte[] surfaceOnly = new byte[W * H];
    java.util.Arrays.fill(surfaceOnly, GrabCut.PROBABLY_BACKGROUND);
    assertThrows(IllegalArgumentException.class, () -> GrabCut.refine(rgb, W, H, surfaceOnly, 4, 1));
    assertThrows(IllegalArgumentException.class, () -> GrabCut.refine(rgb, W, H, start(), 0, 1));
    assertThrows(IllegalArgumentException.class, () -> GrabCut.refine(new byte[3], W, H, start(), 4, 1));
  }
}
