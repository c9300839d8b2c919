package org.brickbox.fuse;

/** Small dense linear systems (normal equations of the photo path's least-squares fits). */
final class LinearSolve {
  private LinearSolve() {}

  /**
   * Solves {@code m x = b} by Gaussian elimination with partial pivoting; a singular system gives zeros for the
   * unknowns it cannot determine (a border too thin to fit a surface term, say) rather than NaN.
   */
  static double[] solve(double[][] m, double[] b) {
    int n = b.length;
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      if (a[col][col] == 0) continue;
      for (int r = 0; r < n; r++) {
        if (r == col) continue;
        double f = a[r][col] / a[col][col];
        if (f == 0) continue;
        for (int c = col; c <= n; c++) a[r][c] -= f * a[col][c];
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = a[i][i] == 0 ? 0 : a[i][n] / a[i][i];
    return x;
  }
}
