#!/usr/bin/env python3
"""The camera scale of every photo of a photo proxy, for `bench photos --calibration=FILE`.

    python3 runners/blender/proxy_calibration.py OUT/manifest.json [OTHER/manifest.json ...] > calibration.tsv

Each line is `<part>/<capture>_<side>.jpg<TAB><pixels per millimetre>`: the scale at the part's centre, where the
camera was aimed from `distance_mm` with a lens of `focal_mm` on a 36 mm wide sensor (photo_proxy.py), over the photo's
width in pixels. A sorting machine's fixed camera has one such number, measured once; the proxy's cameras move with
every capture, so each photo has its own. Jobs that did not render are left out.
"""
import json
import sys

SENSOR_WIDTH_MM = 36.0


def main(paths):
    if not paths:
        sys.exit(__doc__)
    print("# pixels per millimetre at the part, from " + ", ".join(paths))
    for path in paths:
        with open(path) as f:
            manifest = json.load(f)
        width = manifest["settings"]["size"]
        for job in manifest["jobs"]:
            if job.get("status", "ok") != "ok":
                continue
            for side, camera in sorted(job.get("sides", {}).items()):
                scale = camera["focal_mm"] / camera["distance_mm"] * width / SENSOR_WIDTH_MM
                print("%s/%s_%s.jpg\t%.4f" % (job["part"], job["capture"], side, scale))


if __name__ == "__main__":
    main(sys.argv[1:])
