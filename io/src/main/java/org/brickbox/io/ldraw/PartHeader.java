package org.brickbox.io.ldraw;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Header meta-data of an LDraw file and the flags users filter parts on.
 *
 * @param id file name without {@code .dat}, lower case (e.g. {@code 3001}, {@code 3069b})
 * @param name the {@code 0 Name:} value, as written (e.g. {@code 3001.dat}, {@code s\3001s01.dat})
 * @param description the first line's text (e.g. {@code Brick  2 x  4})
 * @param category {@code !CATEGORY}, else the first word of the description (LDraw convention)
 * @param type the {@code !LDRAW_ORG} type: Part, Subpart, Primitive, Shortcut, Unofficial_Part, ...; empty if none
 * @param typeQualifiers words between type and UPDATE, e.g. Alias, Physical_Colour, Flexible_Section
 * @param update the update tag (e.g. {@code 2004-03}) or {@code ORIGINAL}; empty if none
 * @param movedTo the target id of a {@code ~Moved to X} alias
 */
public record PartHeader(
    String id,
    String name,
    String description,
    String category,
    List<String> keywords,
    String type,
    List<String> typeQualifiers,
    String update,
    Optional<String> movedTo) {
  /** Pattern ids: a base id followed by {@code p} and a pattern code, e.g. 3001p01, 3068bpx1, 973pb2a. */
  private static final Pattern PATTERNED_ID = Pattern.compile("\\d+[a-z]*p[0-9a-z]{2,}");

  public PartHeader {
    keywords = List.copyOf(keywords);
    typeQualifiers = List.copyOf(typeQualifiers);
  }

  /** Aliases ({@code =} prefix, {@code Alias} qualifier), {@code ~} parts not meant for direct use, moved parts. */
  public boolean isAliasOrMoved() {
    return description.startsWith("~") || description.startsWith("=") || typeQualifiers.contains("Alias");
  }

  public boolean isSticker() {
    return category.equalsIgnoreCase("Sticker") || plainDescription().startsWith("sticker");
  }

  public boolean isPatterned() {
    return description.toLowerCase(Locale.ROOT).contains("pattern") || PATTERNED_ID.matcher(id).matches();
  }

  public boolean isMinifig() {
    return category.toLowerCase(Locale.ROOT).startsWith("minifig") || plainDescription().startsWith("minifig");
  }

  /** Lower-case description without the alias/hidden/physical-colour prefix characters. */
  private String plainDescription() {
    return stripPrefixes(description).toLowerCase(Locale.ROOT);
  }

  static String stripPrefixes(String description) {
    int i = 0;
    while (i < description.length() && "~=_|".indexOf(description.charAt(i)) >= 0) i++;
    return description.substring(i).trim();
  }
}
