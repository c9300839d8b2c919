package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Selection gives, for every k, the value a sort puts at k: random, tied, sorted, reversed and constant arrays. */
class OrderStatisticTest {

  static double[][] arrays(Random random) {
    int n = 1 + random.nextInt(300);
    double[] uniform = new double[n];
    double[] tied = new double[n];
    double[] sorted = new double[n];
    double[] reversed = new double[n];
    double[] constant = new double[n];
    for (int i = 0; i < n; i++) {
      uniform[i] = random.nextGaussian();
      tied[i] = random.nextInt(4);
      sorted[i] = i;
      reversed[i] = n - i;
      constant[i] = 2.5;
    }
    return new double[][] {uniform, tied, sorted, reversed, constant};
  }

  @Test
  void selectsWhatASortPutsAtEveryIndex() {
    Random random = new Random(5);
    for (int trial = 0; trial < 60; trial++) {
      for (double[] values : arrays(random)) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < values.length; k++) {
          assertEquals(sorted[k], OrderStatistic.select(values.clone(), k), "k " + k);
        }
      }
    }
  }

  @Test
  void refusesAnIndexOutsideTheArray() {
    assertThrows(IllegalArgumentException.class, () -> OrderStatistic.select(new double[3], 3));
    assertThrows(IllegalArgumentException.class, () -> OrderStatistic.select(new double[0], 0));
  }
}
