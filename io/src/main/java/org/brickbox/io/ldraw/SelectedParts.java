package org.brickbox.io.ldraw;

import java.util.List;

/** Outcome of a {@link PartSelection}: known part ids to build, and requested ids the catalogue lacks. */
public record SelectedParts(List<String> partIds, List<String> unknownIds) {
  public SelectedParts {
    partIds = List.copyOf(partIds);
    unknownIds = List.copyOf(unknownIds);
  }
}
