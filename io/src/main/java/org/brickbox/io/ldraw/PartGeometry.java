package org.brickbox.io.ldraw;

import java.util.List;

/**
 * One flattened part: its mesh, header, recoverable problems met anywhere in its sub-file closure, and
 * {@code closureHash}, which changes whenever the part file or any file it references (transitively) changes.
 */
public record PartGeometry(
    String partId, PartHeader header, Mesh mesh, List<LDrawProblem> warnings, String closureHash) {
  public PartGeometry {
    warnings = List.copyOf(warnings);
  }
}
