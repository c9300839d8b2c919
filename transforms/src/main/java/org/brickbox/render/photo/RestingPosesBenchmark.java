package org.brickbox.render.photo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.PartFilter;
import org.brickbox.io.ldraw.PartSelection;
import org.brickbox.render.CommonParts;

/**
 * Measures {@link RestingPoses#of(float[])} per part in thread CPU time (which a shared machine disturbs far less
 * than wall-clock time), best of several rounds after a warm-up, one thread; prints the spread over the parts, the
 * slowest and the largest part, and how many stable poses the parts have.
 *
 * <p>Usage: {@code RestingPosesBenchmark <libraryRoot|-> [partsFile|parts,comma,separated|sample:N|-] [rounds=3]};
 * a parts file holds one id a line, {@code #} comments allowed (runners/parts/common-200.txt).
 */
public final class RestingPosesBenchmark {
  private RestingPosesBenchmark() {}

  public static void main(String[] args) throws IOException {
    LDrawLibrary library = LDrawLibrary.shared(LDrawLibrary.locate(arg(args, 0)));
    List<String> parts = parts(library, arg(args, 1));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<float[]> meshes = new ArrayList<>();
    long triangles = 0;
    for (String part : parts) {
      float[] mesh = library.load(part).mesh().triangles();
      meshes.add(mesh);
      triangles += mesh.length / 9;
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (float[] mesh : meshes) RestingPoses.of(mesh); // warm-up: JIT
    double[] best = new double[meshes.size()];
    Arrays.fill(best, Double.MAX_VALUE);
    int[] poses = new int[meshes.size()];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < meshes.size(); i++) {
        long start = cpu.getCurrentThreadCpuTime();
        poses[i] = RestingPoses.of(meshes.get(i)).size();
        best[i] = Math.min(best[i], (cpu.getCurrentThreadCpuTime() - start) / 1e6);
      }
    }
    int solid = 0, largest = 0, slowest = 0;
    for (int i = 0; i < meshes.size(); i++) {
      float[] mesh = meshes.get(i);
      WeldedCorners welded = WeldedCorners.of(mesh);
      if (CentreOfMass.of(welded, ConvexHull.of(welded.points())).solid()) solid++;
      if (mesh.length > meshes.get(largest).length) largest = i;
      if (best[i] > best[slowest]) slowest = i;
    }
    double[] times = best.clone();
    Arrays.sort(times);
    int[] counts = poses.clone();
    Arrays.sort(counts);
    System.out.printf("%d parts, %d triangles in all, best of %d rounds, CPU ms per part%n", parts.size(), triangles,
        rounds);
    System.out.printf("time:  total %.1f ms, median %.2f, p90 %.2f, max %.2f ms (%s, %d triangles)%n",
        Arrays.stream(best).sum(), times[times.length / 2], times[times.length * 9 / 10], best[slowest],
        parts.get(slowest), meshes.get(slowest).length / 9);
    System.out.printf("largest: %s, %d triangles, %.2f ms%n", parts.get(largest), meshes.get(largest).length / 9,
        best[largest]);
    System.out.printf("stable poses per part: median %d, p90 %d, max %d; volume centroid for %d of %d parts%n",
        counts[counts.length / 2], counts[counts.length * 9 / 10], counts[counts.length - 1], solid, parts.size());
  }

  /** A parts file, a comma-separated list, {@code sample:N} (spread over the library's non-alias parts), or the twenty. */
  private static List<String> parts(LDrawLibrary library, String spec) throws IOException {
    if (spec != null && Files.isRegularFile(Path.of(spec))) {
      return Files.readAllLines(Path.of(spec)).stream()
          .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
    if (spec == null || !spec.startsWith("sample:")) return CommonParts.parse(spec);
    return PartSelection.matching(new PartFilter(Set.of(), true, true, false, false)).select(library.catalog())
        .evenlySpaced(Integer.parseInt(spec.substring("sample:".length()))).partIds();
  }

  private static String arg(String[] args, int i) {
    return args.length > i && !args[i].equals("-") ? args[i] : null;
  }
}
