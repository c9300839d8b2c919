package org.brickbox.io.ldraw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Accumulates the meta-data of type-0 lines into a {@link PartHeader}; shared by full and header-only reads. */
final class HeaderCollector {
  private static final String MOVED = "~Moved to ";
  private final String id;
  private String description;
  private String name = "";
  private String category;
  private final List<String> keywords = new ArrayList<>();
  private String type = "";
  private final List<String> typeQualifiers = new ArrayList<>();
  private String update = "";

  HeaderCollector(String id) {
    this.id = id;
  }

  /** {@code text} is a type-0 line without the leading {@code 0}, trimmed; {@code first} if it opens the file. */
  void accept(String text, boolean first) {
    if (first) {
      description = text;
    } else if (text.startsWith("Name:")) {
      name = text.substring(5).trim();
    } else if (text.startsWith("!CATEGORY ") && category == null) {
      category = text.substring(10).trim();
    } else if (text.startsWith("!KEYWORDS ")) {
      for (String keyword : text.substring(10).split(",")) {
        if (!keyword.isBlank()) keywords.add(keyword.trim());
      }
    } else if (text.startsWith("!LDRAW_ORG ")) {
      readOrg(text.substring(11).trim().split("\\s+"));
    }
  }

  private void readOrg(String[] words) {
    type = words[0];
    for (int i = 1; i < words.length; i++) {
      if (words[i].equals("UPDATE")) {
        update = i + 1 < words.length ? words[i + 1] : "";
        return;
      }
      if (words[i].equals("ORIGINAL")) {
        update = "ORIGINAL";
        return;
      }
      typeQualifiers.add(words[i]);
    }
  }

  PartHeader build() {
    String desc = description == null ? "" : description;
    String plain = PartHeader.stripPrefixes(desc);
    String cat = category != null ? category : plain.isEmpty() ? "" : plain.split("\\s+", 2)[0];
    Optional<String> movedTo = desc.startsWith(MOVED)
        ? Optional.of(desc.substring(MOVED.length()).trim().toLowerCase(Locale.ROOT).replace(".dat", ""))
        : Optional.empty();
    return new PartHeader(id, name, desc, cat, keywords, type, typeQualifiers, update, movedTo);
  }
}
