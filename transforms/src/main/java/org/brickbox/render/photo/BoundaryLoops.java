package org.brickbox.render.photo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The holes of a triangle mesh as closed loops of vertices. A boundary half-edge is a directed edge that the mesh
 * holds more often than its reverse (each surplus copy counts); at every vertex as many boundary half-edges leave
 * as arrive, so they always split into closed loops. They are split into simple loops (no vertex twice): where
 * two pieces of a curve meet with different numbers of sides (a circle of 48 edges against one of 16), each sliver
 * between them is its own loop rather than one loop that winds round and back. Where a walk could go two ways it
 * takes the lower vertex index, so the loops are deterministic. A T-junction leaves a loop of collinear edges that
 * encloses no area.
 */
final class BoundaryLoops {
  private BoundaryLoops() {}

  /** Each loop lists its vertices in order; the hole's triangles run the other way round. */
  static List<int[]> of(WeldedCorners mesh) {
    int[] c = mesh.corners();
    int edges = c.length;
    int capacity = Integer.highestOneBit(2 * edges) << 1;
    long[] keys = new long[capacity];
    int[] net = new int[capacity];
    Arrays.fill(keys, -1);
    for (int t = 0; t < edges; t += 3) {
      for (int e = 0; e < 3; e++) {
        int u = c[t + e], v = c[t + (e + 1) % 3];
        if (u == v) continue;
        long key = ((long) Math.min(u, v) << 32) | Math.max(u, v);
        long h = key * 0x9E3779B97F4A7C15L;
        int slot = (int) (h ^ (h >>> 32)) & (capacity - 1);
        while (keys[slot] != -1 && keys[slot] != key) slot = (slot + 1) & (capacity - 1);
        keys[slot] = key;
        net[slot] += u < v ? 1 : -1;
      }
    }
    int m = 0;
    for (int slot = 0; slot < capacity; slot++) {
      if (keys[slot] != -1) m += Math.abs(net[slot]);
    }
    long[] halfEdges = new long[m];
    int count = 0;
    for (int slot = 0; slot < capacity; slot++) {
      if (keys[slot] == -1) continue;
      long low = keys[slot] >>> 32, high = keys[slot] & 0xFFFFFFFFL;
      long edge = net[slot] > 0 ? low << 32 | high : high << 32 | low;
      for (int k = 0; k < Math.abs(net[slot]); k++) halfEdges[count++] = edge;
    }
    Arrays.sort(halfEdges);
    int[] from = new int[m], to = new int[m];
    for (int i = 0; i < m; i++) {
      from[i] = (int) (halfEdges[i] >>> 32);
      to[i] = (int) halfEdges[i];
    }
    boolean[] used = new boolean[m];
    List<int[]> loops = new ArrayList<>();
    int[] onPath = new int[mesh.points().length / 3];
    Arrays.fill(onPath, -1);
    int[] path = new int[8];
    for (int first = 0; first < m; first++) {
      if (used[first]) continue;
      int size = 0;
      onPath[from[first]] = size;
      path[size++] = from[first];
      int edge = first;
      while (true) {
        used[edge] = true;
        int next = to[edge];
        if (onPath[next] >= 0) {
          int at = onPath[next];
          loops.add(Arrays.copyOfRange(path, at, size));
          for (int k = at + 1; k < size; k++) onPath[path[k]] = -1;
          size = at + 1;
          if (size == 1) break;
        } else {
          if (size == path.length) path = Arrays.copyOf(path, 2 * size);
          onPath[next] = size;
          path[size++] = next;
        }
        edge = nextUnused(from, used, path[size - 1]);
      }
      onPath[from[first]] = -1;
    }
    return loops;
  }

  /** The first unused half-edge leaving {@code vertex}; one exists because boundary edges balance at every vertex. */
  private static int nextUnused(int[] from, boolean[] used, int vertex) {
    int i = Arrays.binarySearch(from, vertex);
    while (i > 0 && from[i - 1] == vertex) i--;
    while (used[i]) i++;
    return i;
  }
}
