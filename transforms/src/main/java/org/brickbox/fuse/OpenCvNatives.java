package org.brickbox.fuse;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgproc;

/** Loads OpenCV's natives for the photo path once per JVM (the class initialiser runs exactly once). */
final class OpenCvNatives {
  static {
    Loader.load(opencv_imgproc.class);
  }

  private OpenCvNatives() {}

  static void ensure() {}
}
