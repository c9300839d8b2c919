package org.brickbox.render.photo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.brickbox.io.image.ImageCodec;

/**
 * CPU milliseconds per image of each camera effect alone and of all together, on one thread (thread CPU time, which a
 * busy shared machine disturbs less than wall-clock time). Not a test: run by hand for BENCHMARKS.md.
 *
 * <p>Usage: {@code CameraStageBenchmark [size=224] [images=3000] [rounds=5]}; prints the median round.
 */
public final class CameraStageBenchmark {
  private CameraStageBenchmark() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 224;
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    CameraEffects none = CameraEffects.NONE;
    double[] wb = WhiteBalance.gains(4000, 0.02, 0.35);
    Map<String, CameraEffects> cases = new LinkedHashMap<>();
    cases.put("none", none);
    cases.put("defocus sigma 1.5", new CameraEffects(1.5, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0));
    cases.put("defocus sigma 0.6", new CameraEffects(0.6, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0));
    cases.put("motion 6 px at 30 deg", new CameraEffects(0, 6, 30, 1, 1, 1, 1, 0, 0, 1, 0));
    cases.put("exposure + white balance", new CameraEffects(0, 0, 0, 1.2, wb[0], wb[1], wb[2], 0, 0, 1, 0));
    cases.put("vignetting 0.3", new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0.3, 1, 0));
    cases.put("noise sigma 4", new CameraEffects(0, 0, 0, 1, 1, 1, 1, 4, 0, 1, 0));
    cases.put("resample 0.5", new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0, 0.5, 0));
    cases.put("resample 0.7", new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0, 0.7, 0));
    cases.put("jpeg 85", new CameraEffects(0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 85));
    cases.put("all on (sigma 1.5, motion 6, resample 0.5, jpeg 85)",
        new CameraEffects(1.5, 6, 30, 1.2, wb[0], wb[1], wb[2], 4, 0.3, 0.5, 85));
    cases.put("all on (sigma 1.5, motion 6, resample 0.7, jpeg 85)",
        new CameraEffects(1.5, 6, 30, 1.2, wb[0], wb[1], wb[2], 4, 0.3, 0.7, 85));
    cases.put("all but motion", new CameraEffects(1.5, 0, 0, 1.2, wb[0], wb[1], wb[2], 4, 0.3, 0.5, 85));

    byte[] scene = TestImages.scene(size, size);
    byte[] work = new byte[scene.length];
    CameraStage stage = new CameraStage();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    System.out.printf("%dx%d, %d images per round, median of %d rounds, ms CPU per image%n", size, size, images,
        rounds);
    for (Map.Entry<String, CameraEffects> entry : cases.entrySet()) {
      double[] perImage = new double[rounds];
      for (int round = -1; round < rounds; round++) { // round -1 warms the JIT up
        SplittableRandom noise = new SplittableRandom(round);
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < images; i++) {
          System.arraycopy(scene, 0, work, 0, scene.length);
          stage.apply(work, size, size, entry.getValue(), noise);
        }
        long spent = threads.getCurrentThreadCpuTime() - start;
        if (round >= 0) perImage[round] = spent / 1e6 / images;
      }
      Arrays.sort(perImage);
      System.out.printf("%-55s %7.3f%n", entry.getKey(), perImage[rounds / 2]);
    }
    // What training pays on average: effects drawn with the default settings, a new draw per image.
    SplittableRandom draws = new SplittableRandom(42);
    CameraEffects[] drawn = new CameraEffects[images];
    for (int i = 0; i < images; i++) drawn[i] = CameraEffects.random(draws, CameraStageSettings.defaults());
    double[] mean = new double[rounds];
    for (int round = -1; round < rounds; round++) {
      SplittableRandom noise = new SplittableRandom(round);
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < images; i++) {
        System.arraycopy(scene, 0, work, 0, scene.length);
        stage.apply(work, size, size, drawn[i], noise);
      }
      if (round >= 0) mean[round] = (threads.getCurrentThreadCpuTime() - start) / 1e6 / images;
    }
    Arrays.sort(mean);
    System.out.printf("%-55s %7.3f%n", "random draws of CameraStageSettings.defaults() (mean)", mean[rounds / 2]);
    // The same clock on a cost BENCHMARKS.md knows (1.34 ms on a quiet machine): how busy this one is.
    double[] png = new double[rounds];
    for (int round = -1; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < images; i++) ImageCodec.encodeRgbPng(scene, size, size, 1);
      if (round >= 0) png[round] = (threads.getCurrentThreadCpuTime() - start) / 1e6 / images;
    }
    Arrays.sort(png);
    System.out.printf("%-55s %7.3f%n", "reference: PNG level 1 encode", png[rounds / 2]);
  }
}
