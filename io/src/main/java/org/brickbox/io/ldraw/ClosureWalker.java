package org.brickbox.io.ldraw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the distinct files a part references (depth first, each file once) to collect its closure and to reject
 * it before any geometry is built: missing or escaping sub-files, cycles, nesting deeper than the limit, more
 * distinct files than the limit, and expansion past the triangle limit all throw an {@link LDrawException} naming the line and the reference chain.
 */
final class ClosureWalker {
  /** What a file expands to: primitive counts and the depth of its deepest sub-file (0 for a leaf). */
  private record Expansion(long triangles, long edges, long conditionals, int height) {}

  private final ParsedFileCache cache;
  private final LDrawLimits limits;
  private final Map<String, Expansion> expansions = new HashMap<>();
  private final Map<String, LDrawFile> files = new HashMap<>();
  /** Files on the current path from the part down, and the reference locations that lead to each. */
  private final List<String> pathKeys = new ArrayList<>();
  private final List<String> pathLocations = new ArrayList<>();
  /** Files visited so far, the part included. */
  private int distinctFiles = 1;

  private ClosureWalker(ParsedFileCache cache, LDrawLimits limits) {
    this.cache = cache;
    this.limits = limits;
  }

  static PartClosure walk(ParsedFileCache cache, LDrawLimits limits, String rootKey) {
    ClosureWalker walker = new ClosureWalker(cache, limits);
    walker.pathKeys.add(rootKey);
    Expansion root = walker.visit(cache.get(rootKey), 0);
    return new PartClosure(rootKey, walker.files, root.triangles, root.edges, root.conditionals);
  }

  private Expansion visit(LDrawFile file, int depth) {
    Mesh own = file.geometry();
    long triangles = own.triangleCount();
    long edges = own.edgeCount();
    long conditionals = own.conditionalLineCount();
    int height = 0;
    for (SubFileRef ref : file.references()) {
      if (ref.error() != null) throw fail(file, ref, ref.error());
      if (pathKeys.contains(ref.target())) {
        throw fail(file, ref, "reference cycle: '" + ref.target() + "' references itself through this line");
      }
      Expansion child = expansions.get(ref.target());
      if (child == null) {
        if (depth + 1 > limits.maxDepth()) throw tooDeep(file, ref);
        if (++distinctFiles > limits.maxFiles()) {
          throw fail(file, ref, "the part references more than " + limits.maxFiles() + " distinct files");
        }
        pathKeys.add(ref.target());
        pathLocations.add(location(file, ref));
        child = visit(read(ref.target()), depth + 1);
        pathKeys.remove(pathKeys.size() - 1);
        pathLocations.remove(pathLocations.size() - 1);
      }
      if (depth + 1 + child.height > limits.maxDepth()) throw tooDeep(file, ref);
      height = Math.max(height, child.height + 1);
      triangles += child.triangles;
      edges += child.edges;
      conditionals += child.conditionals; // no overflow: each child is within the limit
    }
    if (Math.max(triangles, Math.max(edges, conditionals)) > limits.maxTriangles()) {
      throw fail(file, 0, "expands to " + Math.max(triangles, Math.max(edges, conditionals))
          + " triangles or lines, over the limit of " + limits.maxTriangles());
    }
    Expansion expansion = new Expansion(triangles, edges, conditionals, height);
    expansions.put(file.key(), expansion);
    files.put(file.key(), file);
    return expansion;
  }

  /** The parsed sub-file; a file that cannot be read (or is over the size limit) fails with the chain to it. */
  private LDrawFile read(String key) {
    try {
      return cache.get(key);
    } catch (LDrawException e) {
      if (!e.chain().isEmpty()) throw e;
      List<String> chain = new ArrayList<>(pathLocations);
      chain.add(key);
      throw new LDrawException(new LDrawProblem(e.file(), e.line(), e.problemMessage()), chain, e.getCause());
    }
  }

  private LDrawException tooDeep(LDrawFile file, SubFileRef ref) {
    return fail(file, ref, "sub-files nested deeper than " + limits.maxDepth() + " levels");
  }

  private LDrawException fail(LDrawFile file, SubFileRef ref, String message) {
    return fail(file, ref.line(), message);
  }

  private LDrawException fail(LDrawFile file, int line, String message) {
    List<String> chain = new ArrayList<>(pathLocations);
    chain.add(line > 0 ? file.key() + ":" + line : file.key());
    return new LDrawException(new LDrawProblem(file.key(), line, message), chain, null);
  }

  private static String location(LDrawFile file, SubFileRef ref) {
    return file.key() + ":" + ref.line();
  }
}
