"""Writes a photo proxy jobs file: every listed part in every listed LDraw colour, with the colour's RGB and finish
read from LDConfig.ldr, so nobody types RGB values by hand.

    python3 make_jobs.py --parts=FILE_OR_IDS --colours=4,15,71 --ldconfig=LDConfig.ldr --to=jobs.tsv

--parts    a file with one part id per line ('#' starts a comment; runners/parts/common-200.txt works) or
           comma-separated ids
--colours  comma-separated LDraw colour codes
Finish: ALPHA below 255 -> trans (glitter included), CHROME -> chrome, METAL -> metal, PEARLESCENT -> pearl,
RUBBER -> rubber, MATERIAL SPECKLE -> speckle, anything else solid. Runs under python3 or Blender's python.
"""
import argparse
import os
import sys


def read_colours(ldconfig):
    colours = {}
    with open(ldconfig, encoding="utf-8", errors="replace") as f:
        for line in f:
            words = line.split()
            if len(words) < 3 or words[0] != "0" or words[1] != "!COLOUR":
                continue
            fields = {}
            for i, w in enumerate(words[:-1]):
                if w in ("CODE", "VALUE", "ALPHA"):
                    fields[w] = words[i + 1]
            if "CODE" not in fields or not fields.get("VALUE", "").startswith("#"):
                continue
            value = fields["VALUE"][1:]
            rgb = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
            upper = set(words)
            alpha = int(fields.get("ALPHA", "255"))
            if alpha < 255:
                finish = "trans"
            elif "CHROME" in upper:
                finish = "chrome"
            elif "METAL" in upper:
                finish = "metal"
            elif "PEARLESCENT" in upper:
                finish = "pearl"
            elif "RUBBER" in upper:
                finish = "rubber"
            elif "SPECKLE" in upper:
                finish = "speckle"
            else:
                finish = "solid"
            colours[fields["CODE"]] = (words[2], rgb, finish)
    return colours


def read_parts(spec):
    if os.path.isfile(spec):
        parts = []
        with open(spec, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    parts.append(line.split()[0])
        return parts
    return [p.strip() for p in spec.split(",") if p.strip()]


def main(argv):
    p = argparse.ArgumentParser(prog="make_jobs.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--parts", required=True)
    p.add_argument("--colours", required=True)
    p.add_argument("--ldconfig", required=True)
    p.add_argument("--to", required=True)
    args = p.parse_args(argv)
    colours = read_colours(args.ldconfig)
    codes = [c.strip() for c in args.colours.split(",") if c.strip()]
    unknown = [c for c in codes if c not in colours]
    if unknown:
        sys.stderr.write("make_jobs: colour codes not in %s: %s\n" % (args.ldconfig, ", ".join(unknown)))
        return 2
    parts = read_parts(args.parts)
    if not parts:
        sys.stderr.write("make_jobs: no parts in %s\n" % args.parts)
        return 2
    seen = set()
    tmp = args.to + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("# photo proxy jobs: %d parts x colours %s (RGB and finish from %s)\n"
                % (len(parts), ",".join(codes), args.ldconfig))
        f.write("# part\tcolour\tr\tg\tb\tfinish\n")
        for part in parts:
            for code in codes:
                if (part, code) in seen:
                    continue
                seen.add((part, code))
                name, rgb, finish = colours[code]
                f.write("%s\t%s\t%d\t%d\t%d\t%s\t# %s\n" % (part, code, rgb[0], rgb[1], rgb[2], finish, name))
    os.replace(tmp, args.to)
    print("make_jobs: %d jobs -> %s" % (len(seen), args.to))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]))
