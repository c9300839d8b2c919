package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StandardNormalTest {
  @Test
  void theTableIsAStandardNormalInOrder() {
    double sum = 0;
    double squares = 0;
    int within1 = 0;
    float previous = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < StandardNormal.SIZE; i++) {
      float z = StandardNormal.sample(i);
      assertTrue(z >= previous, "quantiles ascend");
      previous = z;
      sum += z;
      squares += z * z;
      if (Math.abs(z) < 1) within1++;
    }
    assertEquals(0, sum / StandardNormal.SIZE, 1e-6);
    assertEquals(1, squares / StandardNormal.SIZE, 1e-5);
    assertEquals(0.6827, (double) within1 / StandardNormal.SIZE, 0.001);
    assertTrue(StandardNormal.sample(0) < -3.4 && StandardNormal.sample(StandardNormal.SIZE - 1) > 3.4);
    assertEquals(StandardNormal.sample(5), StandardNormal.sample(5 + (7L << StandardNormal.BITS)),
        "only the low bits count");
  }
}
