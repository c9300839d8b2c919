package org.brickbox.fuse;

import java.util.SplittableRandom;

/**
 * GrabCut (Rother, Kolmogorov and Blake, "GrabCut: interactive foreground extraction using iterated graph cuts",
 * SIGGRAPH 2004) on a small RGB image, started from labels: each side's colours are modelled by a mixture of five
 * Gaussians, every undecided pixel is labelled by a minimum cut that weighs how well its side's model explains its
 * colour against the cost of an outline between unlike neighbours (8-connected, contrast-sensitive), and models and
 * cut are refitted in turn. The labels and the energy's constants are OpenCV's {@code grabCut}, which
 * {@link PhotoSegmenter} used before.
 *
 * <p>Why our own: OpenCV's spent ~24 of a photo's ~30 segmentation milliseconds at 128 px, most of it in
 * {@code exp} (every pixel, every component of both mixtures, each round) and in rebuilding the graph of all pixels
 * each round. Here, as in the paper, a pixel's colour cost is that of its likeliest component, found from log
 * densities with no {@code exp}; decided pixels are folded into their neighbours' costs instead of being graph nodes
 * ({@link Graph}); each round's cut starts from the last one's flow ({@link GridMaxFlow}); the first components come
 * from a seeded k-means++ on a sample. Same photo, same mask, on any thread: nothing random is left unseeded.
 */
final class GrabCut {
  static final byte BACKGROUND = 0;
  static final byte FOREGROUND = 1;
  static final byte PROBABLY_BACKGROUND = 2;
  static final byte PROBABLY_FOREGROUND = 3;

  static final int COMPONENTS = 5;
  /** Weight of the outline term against the colour term (the paper's and OpenCV's 50). */
  static final double GAMMA = 50;
  /** A decided pixel's cost of the other side: larger than any neighbourhood's outline can pay. */
  static final double FIXED = 9 * GAMMA;
  static final int KMEANS_ROUNDS = 10;
  /** Pixels of a side k-means looks at: enough for five colour clusters, a fraction of a 128 px photo's. */
  static final int KMEANS_SAMPLE = 1024;
  /**
   * {@link GridMaxFlow} arcs a pixel's four links take (right, lower right, below, lower left); the rest reverse
   * them.
   */
  private static final int[] LINKS = {0, 4, 2, 7};
  /** Added to a component's variances when its covariance is singular (a flat colour). */
  static final double VARIANCE_FLOOR = 0.01;
  /** Pixels whose log densities are computed together: their rows stay in the first-level cache. */
  private static final int BLOCK = 256;

  private GrabCut() {}

  /**
   * Refines {@code labels} in place: undecided pixels become {@link #PROBABLY_FOREGROUND} or
   * {@link #PROBABLY_BACKGROUND}; decided ones stay.
   *
   * @param rgb w × h × 3 bytes
   * @param labels w × h, one of the four labels each; both sides must have at least one pixel
   * @param seed the k-means++ seed of the first models
   */
  static void refine(byte[] rgb, int w, int h, byte[] labels, int iterations, long seed) {
    int n = w * h;
    if (rgb.length != 3 * n || labels.length != n) throw new IllegalArgumentException("image and labels must be w x h");
    if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, was " + iterations);
    double[] colour = new double[3 * n];
    for (int i = 0; i < colour.length; i++) colour[i] = rgb[i] & 0xFF;
    int foregroundPixels = 0;
    for (byte label : labels) if (foreground(label)) foregroundPixels++;
    if (foregroundPixels == 0 || foregroundPixels == n) {
      throw new IllegalArgumentException("GrabCut needs pixels labelled on both sides");
    }
    double[] neighbourWeights = neighbourWeights(colour, w, h);
    int[] component = new int[n];
    SplittableRandom random = new SplittableRandom(seed);
    firstComponents(colour, labels, true, component, random);
    firstComponents(colour, labels, false, component, random);
    Mixture fg = new Mixture();
    Mixture bg = new Mixture();
    double[] fgCost = new double[n];
    double[] bgCost = new double[n];
    int[] fgComponent = new int[n];
    int[] bgComponent = new int[n];
    Graph graph = new Graph(w, h, labels, neighbourWeights);
    Channels channels = new Channels(colour);
    double[] log = new double[n];
    double[] best = new double[n];
    // The foreground model is only asked about pixels not decided as background: those between the first and last.
    int fgFrom = 0;
    while (labels[fgFrom] == BACKGROUND) fgFrom++;
    int fgTo = n;
    while (labels[fgTo - 1] == BACKGROUND) fgTo--;
    for (int round = 0; round < iterations; round++) {
      fg.learn(colour, labels, component, true);
      bg.learn(colour, labels, component, false);
      // Every pixel in range gets both sides' answers; the graph reads those of undecided pixels, the next round's
      // components those of each pixel's own side.
      fg.likeliest(channels, fgFrom, fgTo, fgComponent, fgCost, log, best);
      bg.likeliest(channels, 0, n, bgComponent, bgCost, log, best);
      graph.cut(labels, fgCost, bgCost);
      // the next round's components: each pixel's likeliest on its side, under the models just fitted
      for (int p = 0; p < n; p++) component[p] = foreground(labels[p]) ? fgComponent[p] : bgComponent[p];
    }
  }

  static boolean foreground(byte label) {
    return label == FOREGROUND || label == PROBABLY_FOREGROUND;
  }

  /**
   * Capacities between each pixel and its neighbours to the right, lower right, below and lower left (the other four
   * arcs are their reverses): GAMMA / distance × exp(-β |colour difference|²), β from the image's mean difference.
   */
  static double[] neighbourWeights(double[] c, int w, int h) {
    // first each link's squared colour difference, and their mean for beta; then the weights in place
    double[] weights = new double[4 * w * h];
    double sum = 0;
    long pairs = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < 4; k++) {
          int nx = x + GridMaxFlow.DX[LINKS[k]];
          int ny = y + GridMaxFlow.DY[LINKS[k]];
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
            weights[4 * (y * w + x) + k] = -1; // no neighbour there
            continue;
          }
          double d = squaredDifference(c, y * w + x, ny * w + nx);
          weights[4 * (y * w + x) + k] = d;
          sum += d;
          pairs++;
        }
      }
    }
    double beta = sum <= 0 ? 0 : 1 / (2 * sum / pairs);
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 0) {
        weights[i] = 0;
        continue;
      }
      double g = (i % 4) % 2 == 0 ? GAMMA : GAMMA / Math.sqrt(2);
      weights[i] = g * Math.exp(-beta * weights[i]);
    }
    return weights;
  }

  private static double squaredDifference(double[] c, int p, int q) {
    double r = c[3 * p] - c[3 * q];
    double g = c[3 * p + 1] - c[3 * q + 1];
    double b = c[3 * p + 2] - c[3 * q + 2];
    return r * r + g * g + b * b;
  }

  /**
   * The graph of the undecided pixels, built once and cut each round: each pays its cost on the side it is given,
   * unlike neighbours their link. A decided pixel never changes side (its {@link #FIXED} cost exceeds the most its
   * eight links can weigh, 4 GAMMA + 4 GAMMA / sqrt 2), so it is left out of the graph and its links are added to
   * its undecided neighbours' cost of the other side: the same minimum cut on fewer pixels. Only the colour costs
   * change between rounds, so each cut after the first starts from the flow of the one before.
   */
  private static final class Graph {
    private final GridMaxFlow flow;
    /** Per pixel: the links to decided neighbours it pays as background, and as foreground. */
    private final double[] linksAsBackground;
    private final double[] linksAsForeground;

    Graph(int w, int h, byte[] labels, double[] neighbourWeights) {
      int n = w * h;
      flow = new GridMaxFlow(w, h);
      linksAsBackground = new double[n];
      linksAsForeground = new double[n];
      for (int p = 0; p < n; p++) {
        boolean pFree = !decided(labels[p]);
        for (int k = 0; k < 4; k++) {
          double weight = neighbourWeights[4 * p + k];
          if (weight == 0) continue;
          int d = LINKS[k];
          int q = p + GridMaxFlow.DY[d] * w + GridMaxFlow.DX[d];
          boolean qFree = !decided(labels[q]);
          if (pFree && qFree) {
            flow.setEdge(p, d, weight);
          } else if (pFree) {
            // q's side is known: p pays the link when it takes the other one
            if (foreground(labels[q])) linksAsBackground[p] += weight;
            else linksAsForeground[p] += weight;
          } else if (qFree) {
            if (foreground(labels[p])) linksAsBackground[q] += weight;
            else linksAsForeground[q] += weight;
          }
        }
      }
    }

    /** Cuts with these colour costs; undecided pixels take the side of the minimum cut. */
    void cut(byte[] labels, double[] fgCost, double[] bgCost) {
      for (int p = 0; p < labels.length; p++) {
        // the source is the foreground: a pixel cut from it pays its cost as background
        if (!decided(labels[p])) {
          flow.setTerminals(p, bgCost[p] + linksAsBackground[p], fgCost[p] + linksAsForeground[p]);
        }
      }
      flow.maxFlow();
      for (int p = 0; p < labels.length; p++) {
        if (!decided(labels[p])) labels[p] = flow.inSourceSegment(p) ? PROBABLY_FOREGROUND : PROBABLY_BACKGROUND;
      }
    }
  }

  /** The image's colours one channel per array, the layout {@link Mixture#likeliest} reads fastest. */
  static final class Channels {
    final double[] red;
    final double[] green;
    final double[] blue;

    Channels(double[] interleaved) {
      int n = interleaved.length / 3;
      red = new double[n];
      green = new double[n];
      blue = new double[n];
      for (int p = 0; p < n; p++) {
        red[p] = interleaved[3 * p];
        green[p] = interleaved[3 * p + 1];
        blue[p] = interleaved[3 * p + 2];
      }
    }
  }

  private static boolean decided(byte label) {
    return label == BACKGROUND || label == FOREGROUND;
  }

  /**
   * The first components of one side's pixels: k-means++ ({@link #KMEANS_ROUNDS} rounds) on at most
   * {@link #KMEANS_SAMPLE} of them, evenly spread, then every pixel of the side to its nearest centre.
   */
  private static void firstComponents(double[] c, byte[] labels, boolean side, int[] component,
      SplittableRandom random) {
    int count = 0;
    for (byte label : labels) if (foreground(label) == side) count++;
    int[] members = new int[count];
    count = 0;
    for (int p = 0; p < labels.length; p++) if (foreground(labels[p]) == side) members[count++] = p;
    int samples = Math.min(count, KMEANS_SAMPLE);
    int[] sample = new int[samples];
    for (int m = 0; m < samples; m++) sample[m] = members[(int) ((long) m * count / samples)];
    int k = Math.min(COMPONENTS, samples);
    double[] centres = new double[3 * k];
    double[] nearest = new double[samples];
    System.arraycopy(c, 3 * sample[random.nextInt(samples)], centres, 0, 3);
    java.util.Arrays.fill(nearest, Double.MAX_VALUE);
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (int m = 0; m < samples; m++) {
        nearest[m] = Math.min(nearest[m], distance(c, sample[m], centres, j - 1));
        total += nearest[m];
      }
      int chosen = sample[random.nextInt(samples)];
      double target = random.nextDouble() * total;
      for (int m = 0; m < samples && total > 0; m++) {
        target -= nearest[m];
        if (target <= 0) {
          chosen = sample[m];
          break;
        }
      }
      System.arraycopy(c, 3 * chosen, centres, 3 * j, 3);
    }
    double[] sums = new double[3 * k];
    int[] sizes = new int[k];
    for (int round = 0; round < KMEANS_ROUNDS; round++) {
      java.util.Arrays.fill(sums, 0);
      java.util.Arrays.fill(sizes, 0);
      for (int p : sample) {
        int best = nearestCentre(c, p, centres, k);
        sizes[best]++;
        for (int a = 0; a < 3; a++) sums[3 * best + a] += c[3 * p + a];
      }
      for (int i = 0; i < k; i++) {
        if (sizes[i] == 0) continue; // an empty cluster keeps its centre
        for (int a = 0; a < 3; a++) centres[3 * i + a] = sums[3 * i + a] / sizes[i];
      }
    }
    for (int p : members) component[p] = nearestCentre(c, p, centres, k);
  }

  private static int nearestCentre(double[] c, int p, double[] centres, int k) {
    int best = 0;
    double bestDistance = Double.MAX_VALUE;
    for (int i = 0; i < k; i++) {
      double d = distance(c, p, centres, i);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  private static double distance(double[] c, int p, double[] centres, int i) {
    double r = c[3 * p] - centres[3 * i];
    double g = c[3 * p + 1] - centres[3 * i + 1];
    double b = c[3 * p + 2] - centres[3 * i + 2];
    return r * r + g * g + b * b;
  }

  /** A mixture of {@link #COMPONENTS} Gaussians over RGB. */
  static final class Mixture {
    final double[] weight = new double[COMPONENTS];
    final double[] mean = new double[3 * COMPONENTS];
    /** The inverse covariance, symmetric: xx, xy, xz, yy, yz, zz. */
    final double[] inverse = new double[6 * COMPONENTS];
    /** -log(det(covariance)) / 2: a component's log density is this less half its Mahalanobis form. */
    final double[] logScale = new double[COMPONENTS];
    final double[] logWeight = new double[COMPONENTS];

    /** Fits each component to the pixels of this side assigned to it. */
    void learn(double[] c, byte[] labels, int[] component, boolean side) {
      double[] n = new double[COMPONENTS];
      double[] sum = new double[3 * COMPONENTS];
      double[] products = new double[6 * COMPONENTS];
      int total = 0;
      for (int p = 0; p < labels.length; p++) {
        if (foreground(labels[p]) != side) continue;
        int k = component[p];
        double r = c[3 * p];
        double g = c[3 * p + 1];
        double b = c[3 * p + 2];
        n[k]++;
        sum[3 * k] += r;
        sum[3 * k + 1] += g;
        sum[3 * k + 2] += b;
        products[6 * k] += r * r;
        products[6 * k + 1] += r * g;
        products[6 * k + 2] += r * b;
        products[6 * k + 3] += g * g;
        products[6 * k + 4] += g * b;
        products[6 * k + 5] += b * b;
        total++;
      }
      for (int k = 0; k < COMPONENTS; k++) {
        weight[k] = n[k] / total;
        if (n[k] == 0) continue;
        double mr = sum[3 * k] / n[k];
        double mg = sum[3 * k + 1] / n[k];
        double mb = sum[3 * k + 2] / n[k];
        mean[3 * k] = mr;
        mean[3 * k + 1] = mg;
        mean[3 * k + 2] = mb;
        double xx = products[6 * k] / n[k] - mr * mr;
        double xy = products[6 * k + 1] / n[k] - mr * mg;
        double xz = products[6 * k + 2] / n[k] - mr * mb;
        double yy = products[6 * k + 3] / n[k] - mg * mg;
        double yz = products[6 * k + 4] / n[k] - mg * mb;
        double zz = products[6 * k + 5] / n[k] - mb * mb;
        double det = determinant(xx, xy, xz, yy, yz, zz);
        if (det <= Math.ulp(1.0)) {
          xx += VARIANCE_FLOOR;
          yy += VARIANCE_FLOOR;
          zz += VARIANCE_FLOOR;
          det = determinant(xx, xy, xz, yy, yz, zz);
        }
        double[] inv = inverse;
        int o = 6 * k;
        inv[o] = (yy * zz - yz * yz) / det;
        inv[o + 1] = (xz * yz - xy * zz) / det;
        inv[o + 2] = (xy * yz - xz * yy) / det;
        inv[o + 3] = (xx * zz - xz * xz) / det;
        inv[o + 4] = (xy * xz - xx * yz) / det;
        inv[o + 5] = (xx * yy - xy * xy) / det;
        logScale[k] = -0.5 * Math.log(det);
        logWeight[k] = Math.log(weight[k]);
      }
    }

    private static double determinant(double xx, double xy, double xz, double yy, double yz, double zz) {
      return xx * (yy * zz - yz * yz) - xy * (xy * zz - yz * xz) + xz * (xy * yz - yy * xz);
    }

    /**
     * For each pixel from {@code from} to {@code to} - 1: the component of highest density (its weight left out, as
     * OpenCV chooses: a small component keeps the colours it explains best) into {@code component}, and minus the
     * log of that component's weighted density, the paper's data term (the pixel's own component, not the whole
     * mixture, so no {@code exp} is needed), into {@code cost}. A block of pixels at a time, one component at a time,
     * so that the log densities are a loop the JIT turns into vector instructions; the same doubles as pixel by
     * pixel. {@code log} and {@code best} are scratch of the image's size: indexed like the channels, or the JIT
     * does not vectorise.
     */
    void likeliest(Channels c, int from, int to, int[] component, double[] cost, double[] log, double[] best) {
      for (int start = from; start < to; start += BLOCK) {
        int end = Math.min(to, start + BLOCK);
        boolean first = true;
        for (int k = 0; k < COMPONENTS; k++) {
          if (weight[k] == 0) continue;
          logDensities(c, start, end, k, first ? best : log);
          if (first) {
            java.util.Arrays.fill(component, start, end, k);
            first = false;
            continue;
          }
          for (int p = start; p < end; p++) {
            if (log[p] > best[p]) {
              best[p] = log[p];
              component[p] = k;
            }
          }
        }
        for (int p = start; p < end; p++) cost[p] = -(best[p] + logWeight[component[p]]);
      }
    }

    /** Log densities of component k at pixels start..end - 1, its weight and the shared constant left out. */
    private void logDensities(Channels c, int start, int end, int k, double[] log) {
      double mr = mean[3 * k];
      double mg = mean[3 * k + 1];
      double mb = mean[3 * k + 2];
      int o = 6 * k;
      double xx = inverse[o];
      double xy = inverse[o + 1];
      double xz = inverse[o + 2];
      double yy = inverse[o + 3];
      double yz = inverse[o + 4];
      double zz = inverse[o + 5];
      double scale = logScale[k];
      double[] red = c.red;
      double[] green = c.green;
      double[] blue = c.blue;
      for (int p = start; p < end; p++) {
        double r = red[p] - mr;
        double g = green[p] - mg;
        double b = blue[p] - mb;
        double form = xx * r * r + yy * g * g + zz * b * b + 2 * (xy * r * g + xz * r * b + yz * g * b);
        log[p] = scale - 0.5 * form;
      }
    }
  }
}
