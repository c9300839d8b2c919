package org.brickbox.fuse;

/**
 * The k-th smallest of an array by selection (Hoare's quickselect, median-of-three pivots): the value sorting would
 * put at index k, in linear expected time instead of a sort's n log n. The segmenter takes medians and quantiles of
 * thousands of values many times per photo (the surface model's robust fit alone, two dozen), and sorting them was
 * a tenth of a photo's segmentation time. The array's order is changed; pass a copy to keep it.
 */
final class OrderStatistic {
  private OrderStatistic() {}

  static double select(double[] a, int k) {
    if (k < 0 || k >= a.length) throw new IllegalArgumentException("k " + k + " outside 0.." + (a.length - 1));
    int lo = 0;
    int hi = a.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      // median of three as the pivot: sorted or constant runs stay linear
      if (a[mid] < a[lo]) swap(a, mid, lo);
      if (a[hi] < a[lo]) swap(a, hi, lo);
      if (a[hi] < a[mid]) swap(a, hi, mid);
      double pivot = a[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) swap(a, i++, j--);
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k];
    }
    return a[k];
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
