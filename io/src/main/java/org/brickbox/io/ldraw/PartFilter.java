package org.brickbox.io.ldraw;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which catalogue parts to keep: categories to include (empty: all) and kinds of part to leave out.
 * "All real bricks and plates" is {@code PartFilter.realParts("Brick", "Plate")}.
 */
public record PartFilter(
    Set<String> categories,
    boolean excludeAliasesAndMoved,
    boolean excludeStickers,
    boolean excludePatterned,
    boolean excludeMinifig) {
  public PartFilter {
    categories = categories.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** Every part. */
  public static PartFilter all() {
    return new PartFilter(Set.of(), false, false, false, false);
  }

  /** Parts of the given categories (all when none given) that are not aliases, moved, stickers, patterned or minifig. */
  public static PartFilter realParts(String... categories) {
    return new PartFilter(Set.copyOf(Stream.of(categories).toList()), true, true, true, true);
  }

  public boolean matches(PartHeader header) {
    return (categories.isEmpty() || categories.contains(header.category().toLowerCase(Locale.ROOT)))
        && !(excludeAliasesAndMoved && (header.isAliasOrMoved() || header.movedTo().isPresent()))
        && !(excludeStickers && header.isSticker())
        && !(excludePatterned && header.isPatterned())
        && !(excludeMinifig && header.isMinifig());
  }
}
