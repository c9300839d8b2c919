package org.brickbox.pipeline.catalogue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.brickbox.io.ldraw.PartHeader;

/**
 * Chooses a catalogue: the base list first, then per family the hand-picked parts and the best-ranked eligible ones
 * up to the family's quota. Pure and deterministic: the same headers, base list and curation give the same list.
 */
final class CatalogueSelection {
  /** Where a part of the catalogue came from. */
  enum Origin { BASE, HAND, RANKED }

  record Entry(String id, Family family, String title, Origin origin, double score) {}

  /** The chosen parts, in file order (base list first, then the additions by family and score). */
  record Catalogue(List<Entry> entries) {
    Catalogue {
      entries = List.copyOf(entries);
    }

    long count(Family family, Origin origin) {
      return entries.stream().filter(e -> e.family() == family && e.origin() == origin).count();
    }
  }

  private CatalogueSelection() {}

  /**
   * @param library every part header of the library
   * @param baseIds the list the catalogue extends, in its order
   * @throws IllegalArgumentException when the base list or the curation names a part that is unknown or not
   *     eligible, a family's base and hand-picked parts exceed its quota, or a family has too few candidates
   */
  static Catalogue select(List<PartHeader> library, List<String> baseIds, Curation curation) {
    Map<String, PartHeader> byId = new HashMap<>();
    for (PartHeader h : library) byId.put(h.id(), h);
    Commonness commonness = Commonness.of(byId.keySet());

    List<Entry> base = new ArrayList<>();
    for (String id : new LinkedHashSet<>(baseIds)) {
      PartHeader h = eligible(byId, id, "the base list");
      base.add(entry(h, Family.of(h).orElse(Family.OTHER), Origin.BASE, commonness));
    }
    Set<String> taken = new HashSet<>(baseIds);
    Map<Family, List<Entry>> additions = new EnumMap<>(Family.class);
    for (Map.Entry<String, Optional<Family>> include : curation.includes().entrySet()) {
      String id = include.getKey();
      PartHeader h = eligible(byId, id, "include");
      if (!taken.add(id)) throw new IllegalArgumentException("include " + id + ": already in the base list");
      Family family = include.getValue().or(() -> Family.of(h)).orElseThrow(() -> new IllegalArgumentException(
          "include " + id + " (" + h.description() + ") is in no family by its category; name one"));
      additions.computeIfAbsent(family, f -> new ArrayList<>()).add(entry(h, family, Origin.HAND, commonness));
    }
    for (String id : curation.excludes()) {
      if (!byId.containsKey(id)) throw new IllegalArgumentException("exclude " + id + ": not in the library");
    }

    Map<Family, Set<String>> takenDesigns = new EnumMap<>(Family.class);
    for (Entry e : base) takenDesigns.computeIfAbsent(e.family(), f -> new HashSet<>()).add(Variants.base(e.id()));
    additions.forEach((family, entries) -> entries.forEach(e -> takenDesigns.computeIfAbsent(family,
        f -> new HashSet<>()).add(Variants.base(e.id()))));

    Map<Family, List<Entry>> candidates = candidates(library, taken, curation, takenDesigns, commonness);
    for (Family family : Family.values()) {
      List<Entry> chosen = additions.computeIfAbsent(family, f -> new ArrayList<>());
      long inBase = base.stream().filter(e -> e.family() == family).count();
      long wanted = curation.quota(family) - inBase - chosen.size();
      if (wanted < 0) {
        throw new IllegalArgumentException("family " + family.key + ": " + inBase + " base and " + chosen.size()
            + " hand-picked parts exceed its quota of " + curation.quota(family));
      }
      List<Entry> ranked = candidates.getOrDefault(family, List.of());
      if (ranked.size() < wanted) {
        throw new IllegalArgumentException("family " + family.key + ": needs " + wanted + " ranked parts, only "
            + ranked.size() + " eligible");
      }
      chosen.addAll(ranked.subList(0, (int) wanted));
      chosen.sort(BY_SCORE);
    }
    List<Entry> entries = new ArrayList<>(base);
    for (Family family : Family.values()) entries.addAll(additions.get(family));
    return new Catalogue(entries);
  }

  private static final Comparator<Entry> BY_SCORE =
      Comparator.comparingDouble(Entry::score).thenComparing(Entry::id);

  /**
   * Eligible parts no one has taken or excluded, by family, best first; of a design's mould variants none when the
   * family already has one, else only the newest (highest letter).
   */
  private static Map<Family, List<Entry>> candidates(List<PartHeader> library, Set<String> taken, Curation curation,
      Map<Family, Set<String>> takenDesigns, Commonness commonness) {
    Map<Family, TreeMap<String, PartHeader>> newestByDesign = new EnumMap<>(Family.class);
    for (PartHeader h : library) {
      if (taken.contains(h.id()) || curation.excludes().contains(h.id())) continue;
      if (Eligibility.rejection(h).isPresent()) continue;
      Optional<Family> family = Family.of(h);
      if (family.isEmpty()) continue;
      String design = Variants.base(h.id());
      if (takenDesigns.getOrDefault(family.get(), Set.of()).contains(design)) continue;
      newestByDesign.computeIfAbsent(family.get(), f -> new TreeMap<>())
          .merge(design, h, (a, b) -> a.id().compareTo(b.id()) >= 0 ? a : b);
    }
    Map<Family, List<Entry>> ranked = new EnumMap<>(Family.class);
    newestByDesign.forEach((family, designs) -> {
      List<Entry> entries = new ArrayList<>();
      for (PartHeader h : designs.values()) entries.add(entry(h, family, Origin.RANKED, commonness));
      entries.sort(BY_SCORE);
      ranked.put(family, entries);
    });
    return ranked;
  }

  private static PartHeader eligible(Map<String, PartHeader> byId, String id, String where) {
    PartHeader h = byId.get(id);
    if (h == null) throw new IllegalArgumentException(where + ": part " + id + " is not in the library");
    Eligibility.rejection(h).ifPresent(why -> {
      throw new IllegalArgumentException(where + ": part " + id + " (" + h.description() + ") is not eligible: "
          + why);
    });
    return h;
  }

  private static Entry entry(PartHeader h, Family family, Origin origin, Commonness commonness) {
    return new Entry(h.id(), family, Titles.plain(h.description()), origin, commonness.score(h));
  }
}
