package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The grid max-flow against every possible cut of small grids: its flow equals the cheapest cut's cost (max-flow
 * min-cut), and the side it assigns each pixel is a cut of exactly that cost.
 */
class GridMaxFlowTest {

  /** Capacities of a random grid problem: 4 undirected neighbour weights per pixel, then source and sink. */
  record Problem(int w, int h, double[] edges, double[] fromSource, double[] toSink) {
    static Problem random(int w, int h, Random random, boolean sparse) {
      int n = w * h;
      double[] edges = new double[4 * n];
      double[] s = new double[n];
      double[] t = new double[n];
      for (int i = 0; i < edges.length; i++) edges[i] = sparse && random.nextInt(3) == 0 ? 0 : random.nextInt(20);
      for (int p = 0; p < n; p++) {
        s[p] = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
        t[p] = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
      }
      return new Problem(w, h, edges, s, t);
    }

    static final int[] DIRS = {0, 4, 2, 7};

    GridMaxFlow graph() {
      GridMaxFlow g = new GridMaxFlow(w, h);
      for (int p = 0; p < w * h; p++) {
        for (int k = 0; k < 4; k++) g.setEdge(p, DIRS[k], edges[4 * p + k]);
        g.setTerminals(p, fromSource[p], toSink[p]);
      }
      return g;
    }

    /** The cost of a cut: source-side pixels pay toSink, sink-side pay fromSource, unlike neighbours their edge. */
    double cost(boolean[] sourceSide) {
      double cost = 0;
      for (int p = 0; p < w * h; p++) {
        cost += sourceSide[p] ? toSink[p] : fromSource[p];
        int x = p % w;
        int y = p / w;
        for (int k = 0; k < 4; k++) {
          int nx = x + GridMaxFlow.DX[DIRS[k]];
          int ny = y + GridMaxFlow.DY[DIRS[k]];
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          if (sourceSide[p] != sourceSide[ny * w + nx]) cost += edges[4 * p + k];
        }
      }
      return cost;
    }

    double cheapestCut() {
      int n = w * h;
      double best = Double.MAX_VALUE;
      boolean[] side = new boolean[n];
      for (int mask = 0; mask < (1 << n); mask++) {
        for (int p = 0; p < n; p++) side[p] = (mask >> p & 1) != 0;
        best = Math.min(best, cost(side));
      }
      return best;
    }
  }

  @Test
  void theFlowIsTheCheapestCutAndTheSidesAreSuchACut() {
    Random random = new Random(7);
    int[][] sizes = {{1, 1}, {2, 1}, {1, 4}, {2, 2}, {3, 3}, {4, 3}, {3, 4}, {6, 2}};
    for (int trial = 0; trial < 400; trial++) {
      int[] size = sizes[trial % sizes.length];
      Problem problem = Problem.random(size[0], size[1], random, trial % 2 == 0);
      GridMaxFlow graph = problem.graph();
      double flow = graph.maxFlow();
      double cheapest = problem.cheapestCut();
      assertEquals(cheapest, flow, 1e-9, "trial " + trial + ": flow against the cheapest cut");
      boolean[] side = new boolean[size[0] * size[1]];
      for (int p = 0; p < side.length; p++) side[p] = graph.inSourceSegment(p);
      assertEquals(cheapest, problem.cost(side), 1e-9, "trial " + trial + ": the cut the sides make");
    }
  }

  @Test
  void solvingAgainAfterTerminalsChangeGivesTheNewCheapestCut() {
    Random random = new Random(11);
    int[][] sizes = {{2, 2}, {3, 3}, {4, 3}, {3, 4}, {2, 5}};
    for (int trial = 0; trial < 300; trial++) {
      int[] size = sizes[trial % sizes.length];
      Problem problem = Problem.random(size[0], size[1], random, trial % 2 == 0);
      GridMaxFlow graph = problem.graph();
      graph.maxFlow();
      // three rounds of changes, as GrabCut's refitted colour models make them: some pixels, up or down, any sign
      for (int round = 0; round < 3; round++) {
        for (int p = 0; p < size[0] * size[1]; p++) {
          if (random.nextInt(3) == 0) continue;
          problem.fromSource()[p] = random.nextInt(4) == 0 ? 0 : random.nextInt(30) - 5;
          problem.toSink()[p] = random.nextInt(4) == 0 ? 0 : random.nextInt(30) - 5;
          graph.setTerminals(p, problem.fromSource()[p], problem.toSink()[p]);
        }
        graph.maxFlow();
        boolean[] side = new boolean[size[0] * size[1]];
        for (int p = 0; p < side.length; p++) side[p] = graph.inSourceSegment(p);
        assertEquals(problem.cheapestCut(), problem.cost(side), 1e-9, "trial " + trial + ", round " + round);
      }
    }
  }

  @Test
  void aLargeGridCutsAlongTheWeakSeam() {
    // 60 x 40: left columns tied to the source, right columns to the sink, strong links everywhere except one
    // column of weak links between x = 36 and 37: the cut must run there
    int w = 60;
    int h = 40;
    GridMaxFlow graph = new GridMaxFlow(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        for (int d : new int[] {0, 4, 7}) graph.setEdge(p, d, x + GridMaxFlow.DX[d] / 2.0 == 36.5 ? 1 : 100);
        graph.setEdge(p, 2, 100);
        graph.setTerminals(p, x < 3 ? 1000 : 0, x >= w - 3 ? 1000 : 0);
      }
    }
    double flow = graph.maxFlow();
    // per row: the straight arc and the two diagonals (one of them missing at the top and bottom rows)
    assertEquals(3.0 * h - 2, flow, 1e-9);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        assertEquals(x <= 36, graph.inSourceSegment(y * w + x), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void pixelsTiedToNeitherTerminalAreOnTheSinkSide() {
    GridMaxFlow graph = new GridMaxFlow(3, 1);
    graph.setTerminals(0, 5, 0);
    graph.setEdge(0, 0, 0);
    assertEquals(0, graph.maxFlow(), 0);
    assertTrue(graph.inSourceSegment(0));
    assertFalse(graph.inSourceSegment(1));
    assertFalse(graph.inSourceSegment(2));
  }

  @Test
  void rejectsBadCapacities() {
    GridMaxFlow graph = new GridMaxFlow(2, 2);
    assertThrows(IllegalArgumentException.class, () -> graph.setEdge(0, 0, -1));
    assertThrows(IllegalArgumentException.class, () -> graph.setTerminals(0, Double.NaN, 0));
    assertThrows(IllegalArgumentException.class, () -> new GridMaxFlow(0, 3));
  }
}
