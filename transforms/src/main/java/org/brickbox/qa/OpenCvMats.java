package org.brickbox.qa;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.brickbox.io.image.DecodedImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Copies between Java arrays and OpenCV matrices; call inside a PointerScope, which frees the native copies. */
final class OpenCvMats {
  private OpenCvMats() {}

  /** An 8-bit matrix over a native copy of the pixels (RGB order kept: QA never hands it to OpenCV's BGR I/O). */
  static Mat of(DecodedImage image) {
    return new Mat(image.height(), image.width(), image.channels() == 3 ? CV_8UC3 : CV_8UC1,
        new BytePointer(image.pixels()));
  }

  static byte[] bytes(Mat m) {
    Mat continuous = m.isContinuous() ? m : m.clone();
    byte[] out = new byte[(int) (continuous.total() * continuous.channels())];
    continuous.data().get(out);
    return out;
  }

  static float[] floats(Mat m) {
    Mat continuous = m.isContinuous() ? m : m.clone();
    float[] out = new float[(int) (continuous.total() * continuous.channels())];
    new FloatPointer(continuous.data()).get(out);
    return out;
  }

  static double[] doubles(Mat m) {
    Mat continuous = m.isContinuous() ? m : m.clone();
    double[] out = new double[(int) (continuous.total() * continuous.channels())];
    new DoublePointer(continuous.data()).get(out);
    return out;
  }
}
