package org.brickbox.fuse;

import java.util.Arrays;

/**
 * Minimum s-t cut of an image's 8-connected pixel grid, by Boykov and Kolmogorov's augmenting-path algorithm ("An
 * Experimental Comparison of Min-Cut/Max-Flow Algorithms for Energy Minimization in Vision", PAMI 2004): two search
 * trees, one from the source and one from the sink, grow until they touch, the path is augmented, and the trees are
 * repaired by adopting the orphans the saturated arcs left instead of being rebuilt.
 *
 * <p>The grid needs no edge list: a pixel's arcs are its eight neighbours, arc {@code d} of pixel {@code p} and arc
 * {@code d ^ 1} of the neighbour it reaches are each other's reverse. The grid is kept inside a frame of one pixel
 * that has no capacity and joins no tree, so the searches never test for the border. Each pixel also has a terminal
 * capacity: positive from the source, negative to the sink (the part of both that would cancel is counted as flow
 * at once).
 *
 * <p>Terminal capacities may be set again after a solve and the cut solved again: the flow and the search trees of
 * the solve before are kept, and only what the changed pixels disturb is repaired (Kohli and Torr's dynamic graph
 * cuts, in Kolmogorov's tree-reusing form). Iterated segmentation, whose colour models move a little from one round
 * to the next, pays for the first cut and a fraction of it for each later one. Not thread-safe; one instance per
 * graph.
 */
final class GridMaxFlow {
  /** Neighbour offsets; arc {@code d ^ 1} is arc {@code d} reversed. */
  static final int[] DX = {1, -1, 0, 0, 1, -1, 1, -1};
  static final int[] DY = {0, 0, 1, -1, 1, -1, -1, 1};

  private static final byte FREE = 0;
  private static final byte SOURCE = 1;
  private static final byte SINK = 2;
  /** Parent codes besides an arc 0..7: the pixel hangs directly from its terminal, or has no parent (orphan). */
  private static final byte TERMINAL = 8;
  private static final byte NONE = -1;

  private final int w;
  private final int h;
  /** Width of the framed grid the arrays index. */
  private final int stride;
  private final int[] offset = new int[8];
  /** Residual capacity of arc d out of pixel p at [8 p + d]. */
  private final double[] arc;
  /** Residual terminal capacity: > 0 from the source, < 0 to the sink. */
  private final double[] terminal;
  private final byte[] tree;
  private final byte[] parent;
  /** Distance to the terminal and the augmentation it was measured at: the orphan adoption's shortcut. */
  private final int[] stamp;
  private final int[] distance;
  private final int[] active;
  private final boolean[] queued;
  private int activeHead;
  private int activeTail;
  private int activeCount;
  private final int[] orphans;
  private int orphanCount;
  private int time;
  private double flow;
  /** Each pixel's fromSource - toSink as last set: what a change of its capacities is measured against. */
  private final double[] net;
  /** Each pixel's min(fromSource, toSink) as first set: flow through both its terminals, counted before netting. */
  private final double[] common;
  /** Pixels whose terminal capacities changed since the last solve. */
  private final int[] changed;
  private final boolean[] isChanged;
  private int changedCount;
  private boolean solved;

  GridMaxFlow(int w, int h) {
    if (w < 1 || h < 1) throw new IllegalArgumentException("grid must be at least 1 x 1, was " + w + " x " + h);
    this.w = w;
    this.h = h;
    stride = w + 2;
    int n = stride * (h + 2);
    for (int d = 0; d < 8; d++) offset[d] = DY[d] * stride + DX[d];
    arc = new double[8 * n];
    terminal = new double[n];
    tree = new byte[n];
    parent = new byte[n];
    stamp = new int[n];
    distance = new int[n];
    active = new int[n];
    queued = new boolean[n];
    orphans = new int[n];
    net = new double[n];
    common = new double[n];
    changed = new int[n];
    isChanged = new boolean[n];
  }

  /**
   * Sets the capacity between pixel p and its neighbour in direction d, the same both ways (a neighbour off the grid
   * is ignored).
   */
  void setEdge(int p, int d, double capacity) {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
    int x = p % w + DX[d];
    int y = p / w + DY[d];
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    int v = framed(p);
    arc[8 * v + d] = capacity;
    arc[8 * (v + offset[d]) + (d ^ 1)] = capacity;
  }

  /**
   * Sets pixel p's costs of joining the sink's side (its capacity from the source) and the source's (to the sink),
   * replacing what was set before. Only their difference decides the cut, so they may be any finite numbers (a
   * negative log likelihood is one). After a solve, the next {@link #maxFlow} starts from the flow found.
   */
  void setTerminals(int p, double fromSource, double toSink) {
    if (!Double.isFinite(fromSource) || !Double.isFinite(toSink)) {
      throw new IllegalArgumentException("terminal capacities must be finite, were " + fromSource + ", " + toSink);
    }
    int v = framed(p);
    double value = fromSource - toSink;
    if (!solved) {
      common[v] = Math.min(fromSource, toSink);
      terminal[v] = value;
    } else if (value != net[v]) {
      // the flow found stays a flow: the residual moves by the change (both capacities shifted alike, which no
      // cut notices)
      terminal[v] += value - net[v];
      if (!isChanged[v]) {
        isChanged[v] = true;
        changed[changedCount++] = v;
      }
    }
    net[v] = value;
  }

  private int framed(int p) {
    return (p / w + 1) * stride + p % w + 1;
  }

  /**
   * Computes the maximum flow; then {@link #inSourceSegment} tells each pixel's side. The first solve returns the
   * flow's value, the minimum cut's cost; a solve after terminal capacities changed returns the first solve's value
   * plus the flow added since, which is not a cut cost (the change shifted capacities by amounts no cut notices).
   */
  double maxFlow() {
    if (solved) {
      repairTrees();
    } else {
      solved = true;
      flow = 0;
      for (double c : common) flow += c;
      for (int p = 0; p < terminal.length; p++) {
        if (terminal[p] > 0) plant(p, SOURCE);
        else if (terminal[p] < 0) plant(p, SINK);
      }
    }
    int current = -1;
    while (true) {
      if (current < 0 || tree[current] == FREE) {
        current = nextActive();
        if (current < 0) break;
      }
      int meeting = grow(current);
      if (meeting < 0) {
        current = -1; // exhausted: every arc out of it was tried
        continue;
      }
      time++;
      augment(current, meeting >> 3, meeting & 7);
      adoptOrphans();
      // keep growing from the same pixel: it may still touch the other tree
      if (tree[current] != FREE) pushFront(current);
      current = -1;
    }
    return flow;
  }

  /**
   * Makes the trees of the last solve valid for the changed terminals: a pixel with capacity from the source is a
   * root of the source's tree, one with capacity to the sink a root of the sink's (children left in the other tree
   * are orphaned), one with neither loses its terminal as a parent; every changed pixel is active again.
   */
  private void repairTrees() {
    time++;
    for (int k = 0; k < changedCount; k++) {
      int v = changed[k];
      isChanged[v] = false;
      double r = terminal[v];
      byte side = r > 0 ? SOURCE : r < 0 ? SINK : FREE;
      if (side == FREE) {
        if (parent[v] == TERMINAL) orphan(v);
      } else if (tree[v] != side || parent[v] != TERMINAL) {
        if (tree[v] != side) {
          // Its children in the other tree lose their parent; its neighbours in either tree may now reach it
          // through an arc the last solve left with capacity (in the same tree that was allowed, across the trees
          // it is a path): a passive neighbour would never look again, so all of them become active.
          if (tree[v] != FREE) orphanChildren(v);
          activateNeighbours(v);
        }
        tree[v] = side;
        parent[v] = TERMINAL;
        stamp[v] = time;
        distance[v] = 1;
      }
      if (tree[v] != FREE) enqueue(v);
    }
    changedCount = 0;
    adoptOrphans();
  }

  private void activateNeighbours(int v) {
    for (int d = 0; d < 8; d++) {
      int u = v + offset[d];
      if (tree[u] != FREE) enqueue(u);
    }
  }

  /** Orphans the pixels whose parent is v. */
  private void orphanChildren(int v) {
    for (int d = 0; d < 8; d++) {
      int u = v + offset[d];
      if (tree[u] == tree[v] && parent[u] >= 0 && parent[u] < 8 && parent[u] == (d ^ 1)) orphan(u);
    }
  }

  /** True when pixel p is on the source's side of the minimum cut (a pixel neither tree reached is on the sink's). */
  boolean inSourceSegment(int p) {
    return tree[framed(p)] == SOURCE;
  }

  private void plant(int p, byte side) {
    tree[p] = side;
    parent[p] = TERMINAL;
    distance[p] = 1;
    stamp[p] = 0;
    enqueue(p);
  }

  private void enqueue(int p) {
    if (queued[p]) return;
    queued[p] = true;
    active[activeTail] = p;
    if (++activeTail == active.length) activeTail = 0; // a wrap, not a division: this runs for every pixel grown
    activeCount++;
  }

  private void pushFront(int p) {
    if (queued[p]) return;
    queued[p] = true;
    if (--activeHead < 0) activeHead = active.length - 1;
    active[activeHead] = p;
    activeCount++;
  }

  private int nextActive() {
    while (activeCount > 0) {
      int p = active[activeHead];
      if (++activeHead == active.length) activeHead = 0;
      activeCount--;
      queued[p] = false;
      if (tree[p] != FREE) return p;
    }
    return -1;
  }

  /**
   * Grows p's tree over its free neighbours; returns 8 q + d for the first arc d from p to a pixel q of the other tree
   * (the path found), or -1 when p has no such arc left.
   */
  private int grow(int p) {
    boolean fromSource = tree[p] == SOURCE;
    for (int d = 0; d < 8; d++) {
      int q = p + offset[d];
      // the source tree grows along arcs p -> q, the sink tree along arcs q -> p
      double capacity = fromSource ? arc[8 * p + d] : arc[8 * q + (d ^ 1)];
      if (capacity <= 0) continue;
      if (tree[q] == FREE) {
        tree[q] = tree[p];
        parent[q] = (byte) (d ^ 1);
        stamp[q] = stamp[p];
        distance[q] = distance[p] + 1;
        enqueue(q);
      } else if (tree[q] != tree[p]) {
        return 8 * q + d;
      } else if (stamp[q] <= stamp[p] && distance[q] > distance[p]) {
        // a shorter way to the terminal for q: keeps the trees shallow (Kolmogorov's heuristic)
        parent[q] = (byte) (d ^ 1);
        stamp[q] = stamp[p];
        distance[q] = distance[p] + 1;
      }
    }
    return -1;
  }

  /** Pushes the path's bottleneck through p, the arc d from p to q, and q (one of them in each tree). */
  private void augment(int p, int q, int d) {
    int s = tree[p] == SOURCE ? p : q;
    int t = s == p ? q : p;
    int middle = s == p ? 8 * p + d : 8 * q + (d ^ 1); // the arc s -> t
    double bottleneck = arc[middle];
    for (int v = s; ; ) {
      int up = parent[v];
      if (up == TERMINAL) {
        bottleneck = Math.min(bottleneck, terminal[v]);
        break;
      }
      int u = v + offset[up];
      bottleneck = Math.min(bottleneck, arc[8 * u + (up ^ 1)]);
      v = u;
    }
    for (int v = t; ; ) {
      int up = parent[v];
      if (up == TERMINAL) {
        bottleneck = Math.min(bottleneck, -terminal[v]);
        break;
      }
      bottleneck = Math.min(bottleneck, arc[8 * v + up]);
      v = v + offset[up];
    }
    arc[middle] -= bottleneck;
    arc[(middle & ~7) + 8 * offset[middle & 7] + ((middle & 7) ^ 1)] += bottleneck;
    for (int v = s; ; ) {
      int up = parent[v];
      if (up == TERMINAL) {
        terminal[v] -= bottleneck;
        if (terminal[v] == 0) orphan(v);
        break;
      }
      int u = v + offset[up];
      arc[8 * v + up] += bottleneck;
      if ((arc[8 * u + (up ^ 1)] -= bottleneck) == 0) orphan(v);
      v = u;
    }
    for (int v = t; ; ) {
      int up = parent[v];
      if (up == TERMINAL) {
        terminal[v] += bottleneck;
        if (terminal[v] == 0) orphan(v);
        break;
      }
      int u = v + offset[up];
      arc[8 * u + (up ^ 1)] += bottleneck;
      if ((arc[8 * v + up] -= bottleneck) == 0) orphan(v);
      v = u;
    }
    flow += bottleneck;
  }

  private void orphan(int v) {
    parent[v] = NONE;
    orphans[orphanCount++] = v;
  }

  /** Finds each orphan a parent in its own tree still rooted at the terminal, or frees it and orphans its children. */
  private void adoptOrphans() {
    while (orphanCount > 0) {
      int v = orphans[--orphanCount];
      if (parent[v] != NONE || tree[v] == FREE) continue; // planted again as a root, or already freed
      byte side = tree[v];
      boolean source = side == SOURCE;
      int bestArc = -1;
      int bestDistance = Integer.MAX_VALUE;
      for (int d = 0; d < 8; d++) {
        int u = v + offset[d];
        if (tree[u] != side) continue;
        // a source-tree parent feeds v through u -> v; a sink-tree parent drains v through v -> u
        double capacity = source ? arc[8 * u + (d ^ 1)] : arc[8 * v + d];
        if (capacity <= 0) continue;
        int depth = rootDistance(u);
        if (depth < bestDistance) {
          bestDistance = depth;
          bestArc = d;
        }
      }
      if (bestArc >= 0) {
        parent[v] = (byte) bestArc;
        stamp[v] = time;
        distance[v] = bestDistance + 1;
        continue;
      }
      // no parent: v leaves its tree; neighbours that could grow into it again become active, its children orphans
      for (int d = 0; d < 8; d++) {
        int u = v + offset[d];
        if (tree[u] != side) continue;
        double capacity = source ? arc[8 * u + (d ^ 1)] : arc[8 * v + d];
        if (capacity > 0) enqueue(u);
        if (parent[u] != TERMINAL && parent[u] != NONE && parent[u] == (d ^ 1)) orphan(u);
      }
      tree[v] = FREE;
    }
  }

  /**
   * Steps from u to its terminal, or to a pixel whose distance was measured after the last augmentation; returns
   * the distance, or {@link Integer#MAX_VALUE} when the way ends at an orphan. The pixels passed get the distance.
   */
  private int rootDistance(int u) {
    int steps = 0;
    int v = u;
    int found;
    while (true) {
      if (stamp[v] == time) {
        found = steps + distance[v];
        break;
      }
      int up = parent[v];
      if (up == NONE) return Integer.MAX_VALUE;
      steps++;
      if (up == TERMINAL) {
        stamp[v] = time;
        distance[v] = 1;
        found = steps;
        break;
      }
      v += offset[up];
    }
    // record what was learnt on the way up
    int d = found;
    for (v = u; stamp[v] != time; v += offset[parent[v]]) {
      stamp[v] = time;
      distance[v] = d--;
    }
    return found;
  }
}
