package org.brickbox.pipeline.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name=value} (or {@code --name value}) options and bare {@code --flag}s of the subcommands that are not Beam pipelines. */
record CommandArgs(Map<String, String> values, Set<String> flags) {

  /** Parses {@code args}, accepting any option name (for commands that check names themselves). */
  static CommandArgs parse(List<String> args, Set<String> allowedFlags) {
    return parse(args, null, allowedFlags);
  }

  /** Parses {@code args}; an option outside {@code names} (null: any) or {@code allowedFlags} is a usage error. */
  static CommandArgs parse(List<String> args, Set<String> names, Set<String> allowedFlags) {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> flags = new LinkedHashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) throw new IllegalArgumentException("expected --name=value, got '" + a + "'");
      int eq = a.indexOf('=');
      if (eq > 0) {
        values.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (allowedFlags.contains(a.substring(2))) {
        flags.add(a.substring(2));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        values.put(a.substring(2), args.get(++i)); // "--out OUT" reads as "--out=OUT"
      } else if (names != null) {
        throw unknown(a.substring(2), names, allowedFlags);
      } else {
        throw new IllegalArgumentException("expected --name=value, got '" + a + "'");
      }
    }
    if (names != null) {
      for (String name : values.keySet()) {
        if (!names.contains(name)) throw unknown(name, names, allowedFlags);
      }
    }
    return new CommandArgs(values, flags);
  }

  private static IllegalArgumentException unknown(String name, Set<String> names, Set<String> flags) {
    Set<String> known = new java.util.TreeSet<>(names);
    known.addAll(flags);
    return new IllegalArgumentException("unknown option --" + name + " (expected "
        + String.join(", ", known.stream().map(n -> "--" + n).toList()) + ")");
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) throw new IllegalArgumentException("--" + name + " is required (see --help)");
    return value;
  }

  boolean has(String flag) {
    return flags.contains(flag);
  }
}
