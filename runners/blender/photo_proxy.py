"""BrickBox photo proxy: Blender Cycles renders that stand in for photographs of LEGO parts.

A PROXY FOR PHOTOGRAPHS, NOT PHOTOGRAPHS. These images come from a renderer that no BrickBox training ever sees
(Blender Cycles, a path tracer), set up like a sorting machine's capture station: one part resting on a surface,
three cameras. They exist so the photo path can be measured on something closer to photographs than BrickBox's
own renders; a score on them is not a score on real photographs.

Run inside Blender (headless), normally through runners/scripts/render-photo-proxy.sh:

    blender -b --factory-startup -noaudio --python-exit-code 1 -P photo_proxy.py -- \
        --meshes=DIR --jobs=FILE --out=DIR [--samples=N] [--threads=N] [--worker=K --workers=N] [--merge]
    blender -b --factory-startup -noaudio -P photo_proxy.py -- --merge-only --out=DIR
    blender -b --factory-startup -noaudio -P photo_proxy.py -- --check FILE.jpg ...

Inputs
  MESHDIR/<part>.obj + .mtl   millimetres, Z up, LDraw origin kept (centred here), `vn` normals, one `usemtl`
                              group per LDraw colour: `ldraw_16` is the main colour (the job's colour replaces
                              it), `ldraw_<code>` keep their own colour: `Kd` = the LDraw RGB / 255 (sRGB),
                              `d` = alpha (below 1: transparent).
  jobs file (TSV)             part, colour code, r, g, b (0-255, sRGB), finish; '#' comments; see
                              runners/scripts/render-photo-proxy.sh for the full format.

Output (the contract `./brickbox bench photos` reads)
  OUT/<part>/c<code>_front.jpg, c<code>_back.jpg, c<code>_below.jpg   one capture per (part, colour), 600x600
                      (c<code>s<seed>_... for a --seed other than 0: another capture of the same part and colour)
  OUT/manifest.json   every job: seed, status, the scene drawn (pose, surface, lights, cameras), timings;
                      Blender version and settings.
  Work files live under OUT/.photo-proxy/ (temporary images, per-job records until merged, the driver's logs) and
  are removed when the run's manifest is merged (the logs by the driver, after a run without failures); images are rendered to temporary names there and renamed into place, so a
  part folder never holds a partial image. A capture whose three images exist is skipped (resume).

The scene, all of it drawn from a seed made of (--seed, part, colour code):
  - the part: rested on one of its six axis-aligned faces (lowest centre of mass over the square root of its
    contact footprint; the best pose usually, another nearly as stable one sometimes, as parts land on a belt),
    turned about the vertical by a random angle, lifted 0.05 mm to keep the contact face off the surface;
  - plastic: Principled BSDF, glossy ABS (roughness 0.22-0.35, specular 0.5, a light clear coat), rounded edges
    from a 0.1-0.2 mm bevel shader so edges catch highlights like moulded parts; transparent colours transmit
    (and let tinted light through to their shadow); chrome and metal are metallic;
  - the surface (front and back views): white, light grey, grey-green, black matte, paper, dark conveyor belt,
    light wood;
  - light: one large soft area light (3000-6500 K, white balance leaving 20-60 % of its cast) and an environment
    light of another temperature and strength; soft shadows and contact shadows come from path tracing;
  - cameras: `front` and `back` look down at the part from opposite sides (elevation chosen so the surface fills
    the frame), `below` looks up at it from underneath through a clear glass plate: for that view the part rests
    on glass instead of the surface (a sorting machine's glass bed), a light below the glass lights the
    underside and the camera sees the machine's lid (bright diffuser, grey or dark) through the glass above the
    part (the lamp above still lights the part but is hidden from camera rays). Focal length 35-70 mm (full-frame equivalent), close range, the part spanning 50-90 % of the frame,
    sometimes cut by the border; depth of field with the aperture chosen so the part is mostly sharp;
    with --fixed-camera=FOCAL,DISTANCE a sorting machine's cameras instead: every capture's cameras have that focal
    length and stand that many millimetres from the point of the support under the part's centre (front and back at
    50 degrees elevation, below straight up), so the scale at the part changes only with its height and small parts
    are small in the frame; the part lies anywhere it fits, cut only where it is larger than the frame;
  - film: rendered at --render-size (400) and scaled to 600 x 600 (mild softness, and 0.44 of the cost), Filmic view
    transform, small exposure changes, a wide pixel filter, the path tracer's own grain as sensor noise (16 samples,
    adaptive; Debian's Blender has no denoiser), JPEG quality 85-90 without Blender's metadata, so a rerun of a
    job is byte-identical (checked across runs and thread counts).
"""
import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import time

SCRIPT_VERSION = "1"
KIND = "brickbox-photo-proxy"
NOTE = ("Blender Cycles renders set up like photographs of parts on a sorting machine: "
        "a proxy for photographs, not photographs")
SIDES = ("front", "back", "below")
FIXED_ELEVATION = 50.0  # degrees: a fixed camera's view down at the support, front and back
SIZE = 600
FINISHES = {
    "solid": "solid", "": "solid", "plain": "solid", "speckle": "solid",
    "trans": "trans", "transparent": "trans", "glitter": "trans",
    "chrome": "chrome", "metal": "metal", "metallic": "metal",
    "pearl": "pearl", "pearlescent": "pearl",
    "rubber": "rubber",
    "milky": "milky", "glow": "milky",
}
SURFACES = ("white", "light_grey", "grey_green", "black_matte", "paper", "belt", "wood")
LIDS = ("diffuser", "grey", "dark")
PART_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
COLOUR_CODE = re.compile(r"^(\d+|0x2[0-9A-Fa-f]{6})$")
MM = 0.001  # metres per millimetre: the scene is built at real size so lights and depth of field are physical


def log(message):
    print("photo-proxy: " + message, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------------------------

class UsageError(Exception):
    pass


def fixed_camera(text):
    """--fixed-camera=FOCAL,DISTANCE: two positive numbers of millimetres."""
    try:
        focal, distance = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected FOCAL,DISTANCE in millimetres, was '%s'" % text)
    if not (focal > 0 and distance > 0):
        raise argparse.ArgumentTypeError("focal length and distance must be positive, was '%s'" % text)
    return focal, distance


def read_jobs(path, seed=0):
    """Jobs, in file order, duplicates of (part, colour) dropped with a warning; errors name the line. Each job's
    capture is named by its colour and the base seed (capture_name)."""
    jobs, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            fields = line.split()
            where = "%s:%d" % (path, number)
            if len(fields) not in (5, 6):
                raise UsageError("%s: expected 'part colour r g b [finish]', got %d fields" % (where, len(fields)))
            part, code = fields[0], fields[1]
            if not PART_ID.match(part):
                raise UsageError("%s: bad part id %r" % (where, part))
            if not COLOUR_CODE.match(code):
                raise UsageError("%s: bad colour code %r (a number or 0x2RRGGBB)" % (where, code))
            try:
                rgb = [int(v) for v in fields[2:5]]
            except ValueError:
                raise UsageError("%s: r g b must be integers 0-255" % where)
            if any(v < 0 or v > 255 for v in rgb):
                raise UsageError("%s: r g b must be integers 0-255" % where)
            finish_word = fields[5].lower() if len(fields) == 6 else "solid"
            if finish_word not in FINISHES:
                raise UsageError("%s: unknown finish %r (one of %s)"
                                 % (where, finish_word, ", ".join(sorted(k for k in FINISHES if k))))
            key = (part, code)
            if key in seen:
                log("warning: %s: duplicate job %s colour %s ignored" % (where, part, code))
                continue
            seen.add(key)
            jobs.append({"part": part, "colour": code, "rgb": rgb, "finish": FINISHES[finish_word],
                         "capture": capture_name(code, seed)})
    return jobs


def capture_name(code, seed):
    """c<code> for the base seed 0; c<code>s<seed> otherwise, so that other seeds add captures of the same part
    and colour (another session of the same physical part) beside the first instead of replacing it."""
    return "c%s" % code if seed == 0 else "c%ss%d" % (code, seed)


def read_mtl(obj_path):
    """{material name: {"kd": (r, g, b), "d": alpha}} from the OBJ's mtllib (Kd read as sRGB 0-1)."""
    mtl_names = []
    with open(obj_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("mtllib"):
                mtl_names.append(line.split(None, 1)[1].strip())
            elif line.startswith(("v ", "f ")):
                break
    materials = {}
    for name in mtl_names:
        path = os.path.join(os.path.dirname(obj_path), name)
        if not os.path.isfile(path):
            continue
        current = None
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                words = line.split()
                if not words:
                    continue
                if words[0] == "newmtl" and len(words) > 1:
                    current = materials.setdefault(words[1], {"kd": (0.5, 0.5, 0.5), "d": 1.0})
                elif current is not None and words[0] == "Kd" and len(words) >= 4:
                    current["kd"] = tuple(float(w) for w in words[1:4])
                elif current is not None and words[0] == "d" and len(words) >= 2:
                    current["d"] = float(words[1])
                elif current is not None and words[0] == "Tr" and len(words) >= 2:
                    current["d"] = 1.0 - float(words[1])
    return materials


def seed_of(*items):
    digest = hashlib.sha256("|".join(str(i) for i in items).encode("utf-8")).hexdigest()
    return int(digest[:15], 16)


def srgb_to_linear(c):
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def linear_rgb(srgb01):
    return tuple(srgb_to_linear(max(0.0, min(1.0, c))) for c in srgb01)


# ---------------------------------------------------------------------------------------------------------------
# geometry in plain python: rest pose and framing
# ---------------------------------------------------------------------------------------------------------------

def convex_hull(points):
    pts = sorted(set((round(x, 7), round(y, 7)) for x, y in points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def polygon_area(poly):
    if len(poly) < 3:
        return 0.0
    return 0.5 * abs(sum(poly[i][0] * poly[(i + 1) % len(poly)][1] - poly[(i + 1) % len(poly)][0] * poly[i][1]
                         for i in range(len(poly))))


def inside_convex(poly, p):
    if len(poly) < 3:
        return False
    for i in range(len(poly)):
        a, b = poly[i], poly[(i + 1) % len(poly)]
        if (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) < 0:
            return False
    return True


# The six axis-aligned rest orientations as rotation matrices (rows), named by the part axis that ends up down.
REST_POSES = {
    "-Z down": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "+Z down": ((1, 0, 0), (0, -1, 0), (0, 0, -1)),
    "-X down": ((0, 0, -1), (0, 1, 0), (1, 0, 0)),
    "+X down": ((0, 0, 1), (0, 1, 0), (-1, 0, 0)),
    "-Y down": ((1, 0, 0), (0, 0, -1), (0, 1, 0)),
    "+Y down": ((1, 0, 0), (0, 0, 1), (0, -1, 0)),
}


def apply3(m, p):
    return (m[0][0] * p[0] + m[0][1] * p[1] + m[0][2] * p[2],
            m[1][0] * p[0] + m[1][1] * p[1] + m[1][2] * p[2],
            m[2][0] * p[0] + m[2][1] * p[1] + m[2][2] * p[2])


def rest_scores(coords, com):
    """For each pose: (score, details). score = height of the centre of mass over sqrt(footprint area); a pose
    whose centre of mass falls outside its footprint (it would tip over) scores infinity."""
    xs = [p[0] for p in coords]
    ys = [p[1] for p in coords]
    zs = [p[2] for p in coords]
    size = max(max(xs) - min(xs), max(ys) - min(ys), max(zs) - min(zs))
    eps = max(0.2, 0.01 * size)  # mm: contact tolerance (a rim that is nearly flat still supports)
    result = {}
    for name, m in REST_POSES.items():
        rotated = [apply3(m, p) for p in coords]
        low = min(p[2] for p in rotated)
        contact = [(p[0], p[1]) for p in rotated if p[2] <= low + eps]
        hull = convex_hull(contact)
        area = polygon_area(hull)
        c = apply3(m, com)
        height = c[2] - low
        stable = area > 1e-6 and inside_convex(hull, (round(c[0], 7), round(c[1], 7)))
        score = height / math.sqrt(area) if stable else float("inf")
        result[name] = {"score": score, "footprint_mm2": round(area, 2), "com_height_mm": round(height, 3)}
    return result


def choose_pose(scores, rng):
    ranked = sorted(scores, key=lambda n: (scores[n]["score"], n))
    best = scores[ranked[0]]["score"]
    if not math.isfinite(best):
        return ranked[0]
    near = [n for n in ranked[1:] if scores[n]["score"] <= best * 1.5]
    if near and rng.random() < 0.3:
        return rng.choice(near)
    return ranked[0]


# ---------------------------------------------------------------------------------------------------------------
# Blender scene
# ---------------------------------------------------------------------------------------------------------------

def build_and_render(job, args, out_root, tmp_dir):
    import bpy
    from mathutils import Matrix, Vector, Quaternion, Euler
    from bpy_extras.object_utils import world_to_camera_view

    part, code = job["part"], job["colour"]
    capture_seed = seed_of("photo-proxy", args.seed, part, code)

    def rng_for(aspect):
        return random.Random(seed_of(capture_seed, aspect))

    record = {"part": part, "colour": code, "rgb": job["rgb"], "finish": job["finish"],
              "capture": job["capture"], "seed": capture_seed}
    t_start = time.perf_counter()

    mesh_path = os.path.join(args.meshes, part + ".obj")
    if not os.path.isfile(mesh_path):
        raise RuntimeError("mesh not found: %s" % mesh_path)

    bpy.ops.wm.read_factory_settings(use_empty=True)
    scene = bpy.context.scene

    # ---- the part --------------------------------------------------------------------------------------------
    before = set(bpy.data.objects)
    if "obj_import" in dir(bpy.ops.wm):  # the C++ importer, Blender 3.3 and later
        bpy.ops.wm.obj_import(filepath=mesh_path, forward_axis="Y", up_axis="Z")
        record["importer"] = "wm.obj_import"
    else:
        bpy.ops.import_scene.obj(filepath=mesh_path, axis_forward="Y", axis_up="Z",
                                 use_split_objects=False, use_split_groups=False)
        record["importer"] = "import_scene.obj"
    parts = [o for o in bpy.data.objects if o not in before and o.type == "MESH"]
    if not parts:
        raise RuntimeError("no mesh in %s" % mesh_path)
    for o in parts:
        o.data.transform(o.matrix_world)  # the importer's axis conversion (identity for Z up), before anything else
        o.matrix_world = Matrix.Identity(4)
    if len(parts) > 1:
        for o in bpy.data.objects:
            o.select_set(o in parts)
        bpy.context.view_layer.objects.active = parts[0]
        bpy.ops.object.join()
    obj = parts[0]
    me = obj.data
    if len(me.vertices) == 0 or len(me.polygons) == 0:
        raise RuntimeError("empty mesh in %s" % mesh_path)
    # Smooth shading from the file's normals: Cycles shades flat faces flat whatever their normals, so mark every
    # face smooth and set the file's per-corner normals again (they were read correctly while faces were flat).
    if me.has_custom_normals:
        me.calc_normals_split()
        loop_normals = [0.0] * (3 * len(me.loops))
        me.loops.foreach_get("normal", loop_normals)
        me.polygons.foreach_set("use_smooth", [True] * len(me.polygons))
        me.normals_split_custom_set([loop_normals[i:i + 3] for i in range(0, len(loop_normals), 3)])
        me.use_auto_smooth = True
        record["normals"] = "file"
    else:
        me.polygons.foreach_set("use_smooth", [True] * len(me.polygons))
        me.use_auto_smooth = True
        me.auto_smooth_angle = math.radians(35)
        record["normals"] = "auto-smooth 35 deg (the file has none)"

    flat = [0.0] * (3 * len(me.vertices))
    me.vertices.foreach_get("co", flat)
    coords = [(flat[i], flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)]
    me.calc_loop_triangles()
    tri = [0] * (3 * len(me.loop_triangles))
    me.loop_triangles.foreach_get("vertices", tri)
    total, cx, cy, cz = 0.0, 0.0, 0.0, 0.0
    for i in range(0, len(tri), 3):
        a, b, c = coords[tri[i]], coords[tri[i + 1]], coords[tri[i + 2]]
        u = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
        w = (c[0] - a[0], c[1] - a[1], c[2] - a[2])
        area = 0.5 * math.sqrt((u[1] * w[2] - u[2] * w[1]) ** 2 + (u[2] * w[0] - u[0] * w[2]) ** 2
                               + (u[0] * w[1] - u[1] * w[0]) ** 2)
        total += area
        cx += area * (a[0] + b[0] + c[0]) / 3
        cy += area * (a[1] + b[1] + c[1]) / 3
        cz += area * (a[2] + b[2] + c[2]) / 3
    # LDraw parts are thin-walled shells, so the surface centroid is close to the real centre of mass.
    com = (cx / total, cy / total, cz / total) if total > 0 else tuple(sum(p[i] for p in coords) / len(coords)
                                                                        for i in range(3))
    scores = rest_scores(coords, com)
    pose_rng = rng_for("pose")
    pose = choose_pose(scores, pose_rng)
    yaw = pose_rng.uniform(0, 360)
    rot = Matrix(REST_POSES[pose]).to_4x4()
    rot = Matrix.Rotation(math.radians(yaw), 4, "Z") @ rot
    rested = [rot @ Vector(p) for p in coords]
    lo = Vector((min(p.x for p in rested), min(p.y for p in rested), min(p.z for p in rested)))
    hi = Vector((max(p.x for p in rested), max(p.y for p in rested), max(p.z for p in rested)))
    lift = 0.05
    offset = Vector((-(lo.x + hi.x) / 2, -(lo.y + hi.y) / 2, -lo.z + lift))
    obj.matrix_world = Matrix.Scale(MM, 4) @ Matrix.Translation(offset) @ rot
    size_mm = hi - lo
    record["pose"] = {"down": pose, "yaw_deg": round(yaw, 2), "size_mm": [round(v, 2) for v in size_mm],
                      "candidates": {k: (round(v["score"], 4) if math.isfinite(v["score"]) else None)
                                     for k, v in scores.items()}}
    stride = max(1, len(coords) // 4000)
    world_pts = [obj.matrix_world @ Vector(p) for p in coords[::stride]]
    centre = Vector(((lo.x + hi.x) / 2 + offset.x, (lo.y + hi.y) / 2 + offset.y,
                     (lo.z + hi.z) / 2 + offset.z)) * MM

    # ---- materials -----------------------------------------------------------------------------------------
    mat_rng = rng_for("materials")
    mtl = read_mtl(mesh_path)
    main_srgb = tuple(v / 255.0 for v in job["rgb"])
    bevel_mm = mat_rng.uniform(0.1, 0.2) if args.bevel else 0.0
    plastic_cache = {}
    for slot in obj.material_slots:
        name = slot.material.name if slot.material else "ldraw_16"
        base = re.sub(r"\.\d{3}$", "", name)
        m = re.match(r"^ldraw_(\d+|0x2[0-9A-Fa-f]{6})$", base)
        if m is None or m.group(1) == "16":
            key = ("main",)
            spec = (main_srgb, job["finish"])
        else:
            entry = mtl.get(base, {"kd": (0.5, 0.5, 0.5), "d": 1.0})
            key = ("fixed", base)
            spec = (entry["kd"], "trans" if entry["d"] < 0.99 else "solid")
        if key not in plastic_cache:
            plastic_cache[key] = make_plastic(bpy, "plastic_" + "_".join(key), spec[0], spec[1],
                                              random.Random(seed_of(capture_seed, "plastic", *key)), bevel_mm)
        slot.material = plastic_cache[key]
    if not obj.material_slots:
        obj.data.materials.append(make_plastic(bpy, "plastic_main", main_srgb, job["finish"], mat_rng, bevel_mm))
    record["plastic"] = {"bevel_mm": round(bevel_mm, 3), "materials": ["_".join(k) for k in plastic_cache]}

    # ---- surface, glass bed, world, lights -------------------------------------------------------------------
    surf_rng = rng_for("surface")
    surface_kind = surf_rng.choice(SURFACES)
    surface = add_plane(bpy, "surface", 4.0)
    surface.data.materials.append(make_surface(bpy, surface_kind, surf_rng))
    # The glass faces the camera below it: seen from its back, the Fresnel node would treat the view as leaving
    # glass and reflect totally outside a 42 degree cone, a sharp-edged bright disc that a thin plate does not show.
    glass = add_plane(bpy, "glass", 4.0, facing_down=True)
    glass.data.materials.append(make_glass(bpy, surf_rng))

    light_rng = rng_for("light")
    key_temp = light_rng.uniform(3000, 6500)
    key_cast = light_rng.uniform(0.2, 0.6)
    key_dist = light_rng.uniform(0.4, 0.9)
    key_el = light_rng.uniform(40, 85)
    key_az = light_rng.uniform(0, 360)
    key_size = light_rng.uniform(0.25, 0.7)
    key_level = light_rng.uniform(0.9, 1.4)  # scene-linear value a white (albedo 1) surface gets from the key
    key = add_area_light(bpy, "key", key_dist, key_el, key_az, key_size, key_level, key_temp,
                         key_cast, light_rng.choice(("DISK", "RECTANGLE")), light_rng)
    # the below camera looks up through the glass: it sees the machine's lid, not the lamp above the part
    key.visible_camera = False
    env_temp = light_rng.uniform(5000, 10000)
    env_cast = light_rng.uniform(0.3, 0.7)
    env_strength = light_rng.uniform(0.12, 0.4) * key_level
    tint = tuple(light_rng.uniform(0.94, 1.06) for _ in range(3))
    lid_kind = light_rng.choice(LIDS)
    lid_value = {"diffuser": light_rng.uniform(0.8, 1.6), "grey": light_rng.uniform(0.15, 0.35),
                 "dark": light_rng.uniform(0.01, 0.04)}[lid_kind]
    lid_switch = make_world(bpy, env_temp, env_cast, env_strength, tint, lid_value)
    below_level = light_rng.uniform(0.4, 0.9) * key_level
    # under the glass, near the below camera's axis like a machine's ring light, so the cavities of the underside
    # get direct light (lit only by bounces they stay dark and grainy at this sample count)
    below = add_area_light(bpy, "below", light_rng.uniform(0.25, 0.5), -light_rng.uniform(65, 85),
                           light_rng.uniform(0, 360), light_rng.uniform(0.2, 0.4), below_level,
                           light_rng.uniform(4500, 6500), 0.3, "RECTANGLE", light_rng)
    below.visible_glossy = False  # its reflection in the glass bed is a noisy bright smear at this sample count
    exposure = light_rng.uniform(-0.3, 0.25)
    record["scene"] = {"surface": surface_kind, "key_light": {"kelvin": round(key_temp), "cast": round(key_cast, 3), "distance_m": round(key_dist, 3),
                                                            "elevation_deg": round(key_el, 1),
                                                            "azimuth_deg": round(key_az, 1),
                                                            "size_m": round(key_size, 3), "level": round(key_level, 3)},
                       "environment": {"kelvin": round(env_temp), "cast": round(env_cast, 3), "strength": round(env_strength, 3)},
                       "below_light_level": round(below_level, 3), "lid": lid_kind, "exposure": round(exposure, 3)}

    # ---- render settings -------------------------------------------------------------------------------------
    film_rng = rng_for("film")
    configure_render(bpy, scene, args)
    scene.view_settings.view_transform = "Filmic"
    scene.view_settings.look = film_rng.choice(("Medium Contrast", "Medium High Contrast"))
    scene.view_settings.exposure = exposure
    scene.cycles.filter_width = film_rng.uniform(1.5, 2.2)
    quality = film_rng.randint(85, 90)
    record["film"] = {"look": scene.view_settings.look, "filter_width_px": round(scene.cycles.filter_width, 3),
                      "jpeg_quality": quality}

    # ---- cameras and renders ---------------------------------------------------------------------------------
    cam_rng = rng_for("cameras")
    front_az = cam_rng.uniform(0, 360)
    views = {}
    record["sides"] = {}
    setup_s = time.perf_counter() - t_start
    part_dir = os.path.join(out_root, part)
    os.makedirs(part_dir, exist_ok=True)
    tmp_files = {}
    for index, side in enumerate(SIDES):
        side_rng = random.Random(seed_of(capture_seed, "camera", side))
        fixed = args.fixed_camera
        focal = fixed[0] if fixed else side_rng.uniform(35, 70)
        half_fov = math.degrees(math.atan(18.0 / focal))
        if fixed:
            elevation = -90.0 if side == "below" else FIXED_ELEVATION
            azimuth = front_az + (180 if side == "back" else 0)
            roll = 0.0
        elif side == "below":
            elevation = -side_rng.uniform(62, 90)
            azimuth = side_rng.uniform(0, 360)
            roll = side_rng.uniform(0, 360)
        else:
            elevation = side_rng.uniform(max(22.0, half_fov + 12.0), 62.0)
            azimuth = front_az + (0 if side == "front" else 180 + side_rng.uniform(-25, 25))
            roll = side_rng.uniform(-8, 8)
        cam, info = add_camera(bpy, side, centre, world_pts, focal, elevation, azimuth, roll, side_rng,
                               world_to_camera_view, scene, fixed[1] * MM if fixed else None)
        views[side] = cam
        below_view = side == "below"
        surface.hide_render = below_view
        glass.hide_render = not below_view
        below.hide_render = not below_view
        lid_switch.default_value = 1.0 if below_view else 0.0
        scene.camera = cam
        scene.cycles.seed = (capture_seed + index) % (2 ** 31)
        # the underside is lit mostly by bounced light and is noisier: half again as many samples (its render is
        # otherwise the cheapest, most of its frame being the lid seen through glass)
        scene.cycles.samples = args.samples * 3 // 2 if below_view else args.samples
        info["samples"] = scene.cycles.samples
        tmp = os.path.join(tmp_dir, "%s__%s_%s.jpg" % (part, job["capture"], side))
        t0, c0 = time.perf_counter(), time.process_time()
        render_to_jpeg(bpy, scene, tmp, tmp_dir, quality)
        info["seconds"] = round(time.perf_counter() - t0, 3)
        info["cpu_seconds"] = round(time.process_time() - c0, 3)
        if not os.path.isfile(tmp):
            raise RuntimeError("Blender wrote no image for %s" % side)
        tmp_files[side] = tmp
        record["sides"][side] = info
    for side in SIDES:
        os.replace(tmp_files[side], os.path.join(part_dir, "%s_%s.jpg" % (job["capture"], side)))
    record["files"] = ["%s/%s_%s.jpg" % (part, job["capture"], side) for side in SIDES]
    record["setup_seconds"] = round(setup_s, 3)
    record["render_seconds"] = round(sum(record["sides"][s]["seconds"] for s in SIDES), 3)
    return record


def configure_render(bpy, scene, args):
    scene.render.engine = "CYCLES"
    cy = scene.cycles
    cy.device = "CPU"
    cy.samples = args.samples
    cy.use_adaptive_sampling = True
    cy.adaptive_threshold = args.noise_threshold
    cy.adaptive_min_samples = 0
    cy.use_denoising = False
    cy.max_bounces = 8
    cy.diffuse_bounces = 2
    cy.glossy_bounces = 3
    cy.transmission_bounces = 8
    cy.transparent_max_bounces = 8
    cy.volume_bounces = 0
    cy.caustics_reflective = False
    cy.caustics_refractive = False
    cy.blur_glossy = 2.0
    cy.sample_clamp_direct = 0.0
    cy.sample_clamp_indirect = 1.0
    cy.pixel_filter_type = "BLACKMAN_HARRIS"
    scene.render.resolution_x = args.render_size
    scene.render.resolution_y = args.render_size
    scene.render.resolution_percentage = 100
    scene.render.use_persistent_data = True
    scene.render.use_file_extension = False
    if args.threads > 0:
        scene.render.threads_mode = "FIXED"
        scene.render.threads = args.threads


def render_to_jpeg(bpy, scene, path, tmp_dir, quality):
    """Renders the scene-linear image at --render-size, scales it to SIZE x SIZE and writes the JPEG through the
    scene's view transform. Path tracing costs per pixel; rendering at 400 and scaling up by 1.5 costs 0.44 of a
    600-pixel render and gives the mild softness and the grain size of a small camera's photo."""
    settings = scene.render.image_settings
    exr = path + ".exr"
    settings.file_format = "OPEN_EXR"
    settings.color_depth = "32"
    settings.exr_codec = "NONE"
    scene.render.filepath = exr
    bpy.ops.render.render(write_still=True)
    image = bpy.data.images.load(exr, check_existing=False)
    try:
        if tuple(image.size) != (SIZE, SIZE):
            image.scale(SIZE, SIZE)
        settings.file_format = "JPEG"
        settings.color_mode = "RGB"
        settings.quality = quality
        image.save_render(path, scene=scene)
    finally:
        bpy.data.images.remove(image)
        os.remove(exr)
    strip_jpeg_comments(path)


def strip_jpeg_comments(path):
    """Blender writes its metadata (date, render time, ...) as JPEG comment segments; they would make two renders
    of the same job differ in bytes. The pixels are not touched: segments are copied up to the scan, minus COM."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\xff\xd8":
        raise RuntimeError("not a JPEG: %s" % path)
    kept, i = [data[:2]], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            break
        length = (data[i + 2] << 8) | data[i + 3]
        if marker != 0xFE:
            kept.append(data[i:i + 2 + length])
        i += 2 + length
    kept.append(data[i:])
    with open(path, "wb") as f:
        f.write(b"".join(kept))


def add_plane(bpy, name, size_m, facing_down=False):
    h = size_m / 2
    me = bpy.data.meshes.new(name)
    me.from_pydata([(-h, -h, 0), (h, -h, 0), (h, h, 0), (-h, h, 0)], [],
                   [(0, 3, 2, 1) if facing_down else (0, 1, 2, 3)])
    me.update()
    ob = bpy.data.objects.new(name, me)
    bpy.context.scene.collection.objects.link(ob)
    return ob


def principled(nodes):
    for n in nodes:
        if n.type == "BSDF_PRINCIPLED":
            return n
    return nodes.new("ShaderNodeBsdfPrincipled")


def set_inputs(node, **values):
    for name, value in values.items():
        socket = node.inputs.get(name.replace("_", " "))
        if socket is not None:
            socket.default_value = value


def make_plastic(bpy, name, srgb01, finish, rng, bevel_mm):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    nt = mat.node_tree
    bsdf = principled(nt.nodes)
    out = next(n for n in nt.nodes if n.type == "OUTPUT_MATERIAL")
    colour = linear_rgb(srgb01) + (1.0,)
    set_inputs(bsdf, Base_Color=colour, Specular=0.5, IOR=1.55)
    if finish == "solid":
        set_inputs(bsdf, Roughness=rng.uniform(0.22, 0.35), Clearcoat=rng.uniform(0.05, 0.2),
                   Clearcoat_Roughness=rng.uniform(0.05, 0.15))
    elif finish == "trans":
        # Light crosses four or more faces of a hollow part and is tinted at each: the square root of the colour
        # per face keeps the part near its catalogue colour instead of nearly black.
        set_inputs(bsdf, Base_Color=tuple(c ** 0.5 for c in colour[:3]) + (1.0,),
                   Roughness=rng.uniform(0.02, 0.08), Transmission=1.0, Specular=0.5)
    elif finish == "chrome":
        set_inputs(bsdf, Metallic=1.0, Roughness=rng.uniform(0.05, 0.12))
    elif finish == "metal":
        set_inputs(bsdf, Metallic=1.0, Roughness=rng.uniform(0.25, 0.4))
    elif finish == "pearl":
        set_inputs(bsdf, Metallic=rng.uniform(0.5, 0.7), Roughness=rng.uniform(0.25, 0.35), Clearcoat=0.3)
    elif finish == "rubber":
        set_inputs(bsdf, Roughness=rng.uniform(0.55, 0.75), Specular=0.3, Sheen=0.2)
    elif finish == "milky":
        set_inputs(bsdf, Roughness=rng.uniform(0.3, 0.45), Transmission=0.4, Transmission_Roughness=0.6)
    if bevel_mm <= 0:
        bevel = None
    else:
        bevel = nt.nodes.new("ShaderNodeBevel")
        bevel.samples = 4
        bevel.inputs["Radius"].default_value = bevel_mm * MM
        nt.links.new(bevel.outputs["Normal"], bsdf.inputs["Normal"])
        nt.links.new(bevel.outputs["Normal"], bsdf.inputs["Clearcoat Normal"])
    if finish in ("trans", "milky"):
        # Shadow rays pass through tinted, so a transparent part casts a coloured, lighter shadow (refraction
        # blocks shadow rays in a path tracer without caustics).
        light_path = nt.nodes.new("ShaderNodeLightPath")
        transparent = nt.nodes.new("ShaderNodeBsdfTransparent")
        transparent.inputs["Color"].default_value = tuple(0.35 + 0.6 * c for c in colour[:3]) + (1.0,)
        mix = nt.nodes.new("ShaderNodeMixShader")
        nt.links.new(light_path.outputs["Is Shadow Ray"], mix.inputs["Fac"])
        nt.links.new(bsdf.outputs["BSDF"], mix.inputs[1])
        nt.links.new(transparent.outputs["BSDF"], mix.inputs[2])
        nt.links.new(mix.outputs["Shader"], out.inputs["Surface"])
    return mat


def texture_coords(nt, rng, scale):
    coord = nt.nodes.new("ShaderNodeTexCoord")
    mapping = nt.nodes.new("ShaderNodeMapping")
    mapping.inputs["Location"].default_value = (rng.uniform(-50, 50), rng.uniform(-50, 50), rng.uniform(-50, 50))
    mapping.inputs["Rotation"].default_value = (0, 0, rng.uniform(0, 2 * math.pi))
    mapping.inputs["Scale"].default_value = (scale, scale, scale)
    nt.links.new(coord.outputs["Object"], mapping.inputs["Vector"])
    return mapping.outputs["Vector"]


def make_surface(bpy, kind, rng):
    """A resting surface: base colour with a large, faint unevenness, and a fine texture where the kind has one.
    Texture coordinates are the plane's own, in metres (a scale of 1000 gives features about a millimetre)."""
    mat = bpy.data.materials.new("surface_" + kind)
    mat.use_nodes = True
    nt = mat.node_tree
    bsdf = principled(nt.nodes)
    L = nt.links

    def grey(v, tint=(1.0, 1.0, 1.0)):
        return (v * tint[0], v * tint[1], v * tint[2], 1.0)

    warm = (rng.uniform(0.98, 1.03), 1.0, rng.uniform(0.94, 1.01))
    if kind == "white":
        base, rough, spec = grey(rng.uniform(0.72, 0.85), warm), rng.uniform(0.6, 0.9), 0.3
    elif kind == "light_grey":
        base, rough, spec = grey(rng.uniform(0.32, 0.5), warm), rng.uniform(0.6, 0.9), 0.3
    elif kind == "grey_green":
        v = rng.uniform(0.3, 0.5)
        base, rough, spec = (v * 0.9, v, v * rng.uniform(0.86, 0.95), 1.0), rng.uniform(0.6, 0.9), 0.3
    elif kind == "black_matte":
        base, rough, spec = grey(rng.uniform(0.015, 0.035)), rng.uniform(0.75, 0.95), 0.25
    elif kind == "paper":
        base, rough, spec = grey(rng.uniform(0.72, 0.84), warm), 0.85, 0.25
    elif kind == "belt":
        base, rough, spec = grey(rng.uniform(0.035, 0.07)), rng.uniform(0.55, 0.75), 0.35
    else:  # wood
        base, rough, spec = (0.0, 0.0, 0.0, 1.0), rng.uniform(0.45, 0.65), 0.4
    set_inputs(bsdf, Roughness=rough, Specular=spec)

    # large, faint unevenness of every surface (dirt, wear, uneven paint): +-4 % over a few centimetres
    big = nt.nodes.new("ShaderNodeTexNoise")
    big.inputs["Scale"].default_value = 3.0
    big.inputs["Detail"].default_value = 2.0
    L.new(texture_coords(nt, rng, 10.0), big.inputs["Vector"])
    uneven = nt.nodes.new("ShaderNodeMapRange")
    uneven.inputs["To Min"].default_value = 0.92
    uneven.inputs["To Max"].default_value = 1.08
    L.new(big.outputs["Fac"], uneven.inputs["Value"])

    colour_out = None
    if kind == "wood":
        # light wood (a table top or a birch plywood board): growth rings 5-10 mm apart as soft bands, fibres as
        # noise stretched along the grain, which also gives the colour and the faint relief their unevenness
        vec = texture_coords(nt, rng, 1.0)
        rings_map = nt.nodes.new("ShaderNodeMapping")
        rings_map.inputs["Scale"].default_value = (rng.uniform(30, 60), rng.uniform(2, 4), 3.0)
        L.new(vec, rings_map.inputs["Vector"])
        rings = nt.nodes.new("ShaderNodeTexWave")
        rings.wave_type = "BANDS"
        rings.bands_direction = "X"
        rings.inputs["Scale"].default_value = 1.0
        rings.inputs["Distortion"].default_value = rng.uniform(2, 4)
        rings.inputs["Detail"].default_value = 2.0
        L.new(rings_map.outputs["Vector"], rings.inputs["Vector"])
        ramp = nt.nodes.new("ShaderNodeValToRGB")
        light = (rng.uniform(0.55, 0.68), rng.uniform(0.40, 0.48), rng.uniform(0.22, 0.30), 1.0)
        dark = tuple(c * rng.uniform(0.72, 0.85) for c in light[:3]) + (1.0,)
        ramp.color_ramp.elements[0].color = light
        ramp.color_ramp.elements[0].position = 0.5
        ramp.color_ramp.elements[1].color = dark
        L.new(rings.outputs["Fac"], ramp.inputs["Fac"])
        fibre_map = nt.nodes.new("ShaderNodeMapping")
        fibre_map.inputs["Scale"].default_value = (rng.uniform(1500, 2500), rng.uniform(40, 80), 60.0)
        L.new(vec, fibre_map.inputs["Vector"])
        fibres = nt.nodes.new("ShaderNodeTexNoise")
        fibres.inputs["Scale"].default_value = 1.0
        fibres.inputs["Detail"].default_value = 4.0
        L.new(fibre_map.outputs["Vector"], fibres.inputs["Vector"])
        fibre_shade = nt.nodes.new("ShaderNodeMapRange")
        fibre_shade.inputs["To Min"].default_value = 0.85
        fibre_shade.inputs["To Max"].default_value = 1.1
        L.new(fibres.outputs["Fac"], fibre_shade.inputs["Value"])
        wood = nt.nodes.new("ShaderNodeMixRGB")
        wood.blend_type = "MULTIPLY"
        wood.inputs["Fac"].default_value = 1.0
        L.new(ramp.outputs["Color"], wood.inputs["Color1"])
        L.new(fibre_shade.outputs["Result"], wood.inputs["Color2"])
        colour_out = wood.outputs["Color"]
        bump_source, bump_strength, bump_distance = fibres.outputs["Fac"], 0.03, 0.0001
    elif kind in ("paper", "belt"):
        fine = nt.nodes.new("ShaderNodeTexNoise")
        fine.inputs["Scale"].default_value = 1.0
        fine.inputs["Detail"].default_value = 6.0
        fine.inputs["Roughness"].default_value = 0.6
        L.new(texture_coords(nt, rng, 2500.0 if kind == "paper" else 1500.0), fine.inputs["Vector"])
        bump_source = fine.outputs["Fac"]
        bump_strength = 0.12 if kind == "paper" else 0.3
        bump_distance = 0.00015
        vary = nt.nodes.new("ShaderNodeMapRange")
        vary.inputs["To Min"].default_value = 0.95 if kind == "paper" else 0.8
        vary.inputs["To Max"].default_value = 1.05 if kind == "paper" else 1.25
        L.new(fine.outputs["Fac"], vary.inputs["Value"])
        mul = nt.nodes.new("ShaderNodeMixRGB")
        mul.blend_type = "MULTIPLY"
        mul.inputs["Fac"].default_value = 1.0
        mul.inputs["Color1"].default_value = base
        L.new(vary.outputs["Result"], mul.inputs["Color2"])
        colour_out = mul.outputs["Color"]
        if kind == "belt":
            # woven belt: fine ridges across the running direction, about 0.6 mm apart
            ridges = nt.nodes.new("ShaderNodeTexWave")
            ridges.wave_type = "BANDS"
            ridges.inputs["Scale"].default_value = 1.0
            ridges.inputs["Distortion"].default_value = 0.5
            L.new(texture_coords(nt, rng, rng.uniform(1400, 1900)), ridges.inputs["Vector"])
            add = nt.nodes.new("ShaderNodeMath")
            add.operation = "MULTIPLY_ADD"
            L.new(ridges.outputs["Fac"], add.inputs[0])
            add.inputs[1].default_value = 0.6
            L.new(fine.outputs["Fac"], add.inputs[2])
            bump_source = add.outputs["Value"]
    else:
        bump_source = None
    if colour_out is None:
        colour_out = None
        rgb = nt.nodes.new("ShaderNodeRGB")
        rgb.outputs["Color"].default_value = base
        colour_out = rgb.outputs["Color"]
    shade = nt.nodes.new("ShaderNodeMixRGB")
    shade.blend_type = "MULTIPLY"
    shade.inputs["Fac"].default_value = 1.0
    L.new(colour_out, shade.inputs["Color1"])
    L.new(uneven.outputs["Result"], shade.inputs["Color2"])
    L.new(shade.outputs["Color"], bsdf.inputs["Base Color"])
    if bump_source is not None:
        bump = nt.nodes.new("ShaderNodeBump")
        bump.inputs["Strength"].default_value = bump_strength
        bump.inputs["Distance"].default_value = bump_distance
        L.new(bump_source, bump.inputs["Height"])
        L.new(bump.outputs["Normal"], bsdf.inputs["Normal"])
    return mat


def make_glass(bpy, rng):
    """A thin clear glass plate: transparent with a Fresnel reflection. A flat plate barely shifts the view, so
    transparency stands in for refraction and lets light and shadows through it."""
    mat = bpy.data.materials.new("glass")
    mat.use_nodes = True
    nt = mat.node_tree
    for n in list(nt.nodes):
        if n.type != "OUTPUT_MATERIAL":
            nt.nodes.remove(n)
    out = nt.nodes[0]
    transparent = nt.nodes.new("ShaderNodeBsdfTransparent")
    g = rng.uniform(0.9, 0.97)
    transparent.inputs["Color"].default_value = (g * 0.97, g, g * 0.98, 1.0)
    glossy = nt.nodes.new("ShaderNodeBsdfGlossy")
    glossy.inputs["Roughness"].default_value = rng.uniform(0.0, 0.05)
    fresnel = nt.nodes.new("ShaderNodeFresnel")
    fresnel.inputs["IOR"].default_value = 1.5
    mix = nt.nodes.new("ShaderNodeMixShader")
    nt.links.new(fresnel.outputs["Fac"], mix.inputs["Fac"])
    nt.links.new(transparent.outputs["BSDF"], mix.inputs[1])
    nt.links.new(glossy.outputs["BSDF"], mix.inputs[2])
    nt.links.new(mix.outputs["Shader"], out.inputs["Surface"])
    return mat


# A white, perpendicular, diffuse surface at distance d from an area light of power P renders at a scene-linear
# value of about P / (pi^2 d^2) in Cycles (light small against d); the light is sized for the level asked.
def add_area_light(bpy, name, distance, elevation_deg, azimuth_deg, size, level, kelvin, cast, shape, rng):
    from mathutils import Vector
    light = bpy.data.lights.new(name, "AREA")
    light.shape = shape
    light.size = size
    light.size_y = size * rng.uniform(0.6, 1.0)
    light.energy = level * math.pi ** 2 * distance ** 2
    light.use_nodes = True
    nt = light.node_tree
    emission = next(n for n in nt.nodes if n.type == "EMISSION")
    nt.links.new(colour_cast(nt, kelvin, cast), emission.inputs["Color"])
    ob = bpy.data.objects.new(name, light)
    el, az = math.radians(elevation_deg), math.radians(azimuth_deg)
    direction = Vector((math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)))
    ob.location = direction * distance
    ob.rotation_euler = direction.to_track_quat("Z", "Y").to_euler()
    bpy.context.scene.collection.objects.link(ob)
    return ob


def colour_cast(nt, kelvin, cast):
    """The colour a camera records from a light of this temperature: white balance removes most of the cast,
    `cast` (0-1) is how much of the blackbody colour is left."""
    blackbody = nt.nodes.new("ShaderNodeBlackbody")
    blackbody.inputs["Temperature"].default_value = kelvin
    mix = nt.nodes.new("ShaderNodeMixRGB")
    mix.inputs["Fac"].default_value = cast
    mix.inputs["Color1"].default_value = (1.0, 1.0, 1.0, 1.0)
    nt.links.new(blackbody.outputs["Color"], mix.inputs["Color2"])
    return mix.outputs["Color"]


def make_world(bpy, kelvin, cast, strength, tint, lid_value):
    """Environment light of a colour temperature; camera rays may see a 'lid' instead (the below view looks up
    through the glass at the machine's lid). Returns the socket that switches the lid on (1) or off (0)."""
    world = bpy.data.worlds.new("world")
    bpy.context.scene.world = world
    world.use_nodes = True
    nt = world.node_tree
    bg = next(n for n in nt.nodes if n.type == "BACKGROUND")
    out = next(n for n in nt.nodes if n.type == "OUTPUT_WORLD")
    tinted = nt.nodes.new("ShaderNodeMixRGB")
    tinted.blend_type = "MULTIPLY"
    tinted.inputs["Fac"].default_value = 1.0
    tinted.inputs["Color2"].default_value = tint + (1.0,)
    nt.links.new(colour_cast(nt, kelvin, cast), tinted.inputs["Color1"])
    nt.links.new(tinted.outputs["Color"], bg.inputs["Color"])
    bg.inputs["Strength"].default_value = strength
    lid = nt.nodes.new("ShaderNodeBackground")
    lid.inputs["Color"].default_value = (1.0, 1.0, 1.0, 1.0)
    lid.inputs["Strength"].default_value = lid_value
    path = nt.nodes.new("ShaderNodeLightPath")
    switch = nt.nodes.new("ShaderNodeMath")
    switch.operation = "MULTIPLY"
    nt.links.new(path.outputs["Is Camera Ray"], switch.inputs[0])
    mix = nt.nodes.new("ShaderNodeMixShader")
    nt.links.new(switch.outputs["Value"], mix.inputs["Fac"])
    nt.links.new(bg.outputs["Background"], mix.inputs[1])
    nt.links.new(lid.outputs["Background"], mix.inputs[2])
    nt.links.new(mix.outputs["Shader"], out.inputs["Surface"])
    return switch.inputs[1]


def add_camera(bpy, name, centre, pts, focal, elevation_deg, azimuth_deg, roll_deg, rng, to_view, scene,
               support_distance=None):
    """A camera looking at the part from a direction, at the distance where the part spans the frame fraction
    drawn, shifted so the part sits off-centre (sometimes cut by the border), focused on the part with an aperture
    that keeps most of the part sharp. With support_distance (metres), a fixed camera instead: that far from the
    support's point under the part's centre, the part anywhere in the frame it fits."""
    from mathutils import Vector, Quaternion
    cam_data = bpy.data.cameras.new(name)
    cam_data.lens = focal
    cam_data.sensor_fit = "HORIZONTAL"
    cam_data.sensor_width = 36.0
    cam_data.clip_start = 0.001
    cam_data.clip_end = 20.0
    ob = bpy.data.objects.new(name, cam_data)
    scene.collection.objects.link(ob)
    el, az = math.radians(elevation_deg), math.radians(azimuth_deg)
    direction = Vector((math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)))
    rotation = direction.to_track_quat("Z", "Y") @ Quaternion((0, 0, 1), math.radians(roll_deg))
    basis = rotation.to_matrix()
    inv = basis.transposed()
    k = focal / 18.0  # tan(half field of view) = 18 / focal for a 36 mm sensor

    # A fixed camera stands over the support (z = 0), not the part: the part's centre, its height above the
    # support, is that much nearer along the view (farther for the camera below the glass).
    anchor = Vector((centre.x, centre.y, 0.0)) if support_distance else centre

    def project(distance):
        pos = anchor + direction * distance
        xs, ys, zs = [], [], []
        for p in pts:
            q = inv @ (p - pos)
            depth = max(-q.z, 1e-6)
            xs.append(q.x / depth * k)
            ys.append(q.y / depth * k)
            zs.append(-q.z)
        return xs, ys, zs

    if support_distance:
        distance = support_distance
    else:
        fill = rng.uniform(0.5, 0.9)
        radius = max((p - centre).length for p in pts)
        distance = max(radius * 1.2, radius * k / fill)
        for _ in range(8):
            xs, ys, zs = project(distance)
            span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2  # fraction of the frame's width
            distance = max(radius * 1.15, distance * (span / fill) ** 0.9)
    xs, ys, zs = project(distance)
    # frame coordinates u, v in [0, 1] (frame widths), centre of the part's box, and its size
    u0, u1 = (min(xs) + 1) / 2, (max(xs) + 1) / 2
    v0, v1 = (min(ys) + 1) / 2, (max(ys) + 1) / 2
    w, h = u1 - u0, v1 - v0
    cut = not support_distance and rng.random() < 0.25
    if cut:
        # push one side of the part past the border by 5-25 % of its size
        edge = rng.choice(("left", "right", "bottom", "top"))
        over = rng.uniform(0.05, 0.25)
        cu = rng.uniform(max(w / 2, 0.5 - 0.2), min(1 - w / 2, 0.5 + 0.2)) if w < 1 else 0.5
        cv = rng.uniform(max(h / 2, 0.5 - 0.2), min(1 - h / 2, 0.5 + 0.2)) if h < 1 else 0.5
        if edge == "left":
            cu = w / 2 - over * w
        elif edge == "right":
            cu = 1 - w / 2 + over * w
        elif edge == "bottom":
            cv = h / 2 - over * h
        else:
            cv = 1 - h / 2 + over * h
    else:
        cu = 0.5 + rng.uniform(-0.7, 0.7) * max(0.0, (1 - w) / 2)
        cv = 0.5 + rng.uniform(-0.7, 0.7) * max(0.0, (1 - h) / 2)
    cam_data.shift_x = (u0 + u1) / 2 - cu
    cam_data.shift_y = (v0 + v1) / 2 - cv
    ob.location = anchor + direction * distance
    ob.rotation_euler = rotation.to_euler()
    # depth of field: focus near the part's centre; aperture so the depth of field covers 70-130 % of its depth
    near, far = min(zs), max(zs)
    focus = (near + far) / 2 + rng.uniform(-0.15, 0.15) * (far - near)
    f_m = focal * 0.001
    magnification = f_m / max(focus - f_m, 1e-6)
    coc = 0.036 * 1.0 / scene.render.resolution_x  # acceptable blur: one rendered pixel on the sensor
    wanted = (far - near) * rng.uniform(0.7, 1.3)
    fstop = wanted * magnification ** 2 / (2 * coc * (1 + magnification))
    fstop = min(max(fstop, 2.0), 180.0)
    cam_data.dof.use_dof = True
    cam_data.dof.focus_distance = focus
    cam_data.dof.aperture_fstop = fstop
    bpy.context.view_layer.update()
    seen = [to_view(scene, ob, p) for p in pts]
    su = [s.x for s in seen]
    sv = [s.y for s in seen]
    inside = sum(1 for s in seen if 0 <= s.x <= 1 and 0 <= s.y <= 1) / len(seen)
    info = {"focal_mm": round(focal, 2), "elevation_deg": round(elevation_deg, 2),
            "azimuth_deg": round(azimuth_deg % 360, 2), "roll_deg": round(roll_deg % 360, 2),
            "distance_mm": round(((anchor - centre).dot(direction) + distance) / MM, 1), "fill": round(max(max(su) - min(su), max(sv) - min(sv)), 3),
            "cut_by_border": min(su) < 0 or max(su) > 1 or min(sv) < 0 or max(sv) > 1,
            "vertices_in_frame": round(inside, 3), "focus_mm": round(focus / MM, 1), "fstop": round(fstop, 1)}
    return ob, info


# ---------------------------------------------------------------------------------------------------------------
# records, manifest, checks
# ---------------------------------------------------------------------------------------------------------------

def work_dirs(out_root):
    base = os.path.join(out_root, ".photo-proxy")
    records, tmp = os.path.join(base, "records"), os.path.join(base, "tmp")
    os.makedirs(records, exist_ok=True)
    os.makedirs(tmp, exist_ok=True)
    return base, records, tmp


def write_json(path, value):
    tmp = path + ".tmp-%d" % os.getpid()
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def capture_done(out_root, job):
    return all(os.path.isfile(os.path.join(out_root, job["part"], "%s_%s.jpg" % (job["capture"], s))) for s in SIDES)


def settings_of(args):
    import bpy
    return {"size": SIZE, "render_size": args.render_size, "samples": args.samples, "noise_threshold": args.noise_threshold, "denoiser": "none",
            "seed": args.seed, "threads": args.threads or "auto", "engine": "CYCLES CPU",
            "blender": bpy.app.version_string, "script_version": SCRIPT_VERSION,
            "sides": list(SIDES), "fixed_camera": ({"focal_mm": args.fixed_camera[0], "distance_mm": args.fixed_camera[1],
                                                    "elevation_deg": FIXED_ELEVATION} if args.fixed_camera else None),
            "layout": "OUT/<part>/c<colour>[s<seed>]_<side>.jpg"}


def merge(out_root, args, jobs_path=None):
    """manifest.json = its previous jobs + the records of this run (records win); records are then removed."""
    base, records_dir, tmp_dir = work_dirs(out_root)
    manifest_path = os.path.join(out_root, "manifest.json")
    jobs = {}
    previous = {}
    if os.path.isfile(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            previous = json.load(f)
        for j in previous.get("jobs", []):
            jobs[(j["part"], j["capture"])] = j
    merged = []
    for name in sorted(os.listdir(records_dir)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(records_dir, name)
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        jobs[(j["part"], j["capture"])] = j
        merged.append(path)
    ordered = [jobs[k] for k in sorted(jobs)]
    ok = [j for j in ordered if j.get("status") == "ok"]
    images = sum(len(j.get("sides", {})) for j in ok)
    seconds = sum(j.get("render_seconds", 0) for j in ok)
    cpu = sum(side.get("cpu_seconds", 0) for j in ok for side in j.get("sides", {}).values())
    manifest = {
        "kind": KIND, "note": NOTE,
        "settings": settings_of(args) if args is not None else previous.get("settings"),
        "jobs_file": jobs_path or previous.get("jobs_file"),
        "counts": {"jobs": len(ordered), "ok": len(ok),
                   "failed": sum(1 for j in ordered if j.get("status") == "failed"),
                   "images": images},
        "timing": {"render_seconds": round(seconds, 2),
                   "seconds_per_image": round(seconds / images, 3) if images else None,
                   "cpu_seconds_per_image": round(cpu / images, 3) if images else None,
                   "setup_seconds_per_capture": round(sum(j.get("setup_seconds", 0) for j in ok) / len(ok), 3)
                   if ok else None},
        "jobs": ordered,
    }
    write_json(manifest_path, manifest)
    for path in merged:
        os.remove(path)
    for name in os.listdir(tmp_dir):
        os.remove(os.path.join(tmp_dir, name))
    for d in (records_dir, tmp_dir, base):
        try:
            os.rmdir(d)
        except OSError:
            pass
    log("manifest: %s (%d jobs, %d ok, %d failed)" % (manifest_path, len(ordered), len(ok),
                                                        manifest["counts"]["failed"]))
    return manifest


def check_images(paths, min_std):
    """Each file decodes, is SIZE x SIZE and is not uniform (standard deviation of its grey values > min_std)."""
    import bpy
    failures = 0
    for path in paths:
        problem = None
        stats = {}
        try:
            image = bpy.data.images.load(path, check_existing=False)
            w, h = image.size
            if (w, h) != (SIZE, SIZE):
                problem = "size %dx%d, expected %dx%d" % (w, h, SIZE, SIZE)
            else:
                px = image.pixels[:]
                grey = [0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2] for i in range(0, len(px), 4)]
                mean = sum(grey) / len(grey)
                std = math.sqrt(sum((g - mean) ** 2 for g in grey) / len(grey))
                stats = {"mean": round(mean, 4), "std": round(std, 4)}
                if std <= min_std:
                    problem = "nearly uniform (std %.4f <= %.4f)" % (std, min_std)
            bpy.data.images.remove(image)
        except Exception as e:  # noqa: BLE001 - any decode failure is a failed check
            problem = "cannot decode: %s" % e
        if problem:
            failures += 1
            log("check FAILED %s: %s" % (path, problem))
        else:
            log("check ok %s %s" % (path, json.dumps(stats)))
    return failures


# ---------------------------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------------------------

def parse(argv):
    p = argparse.ArgumentParser(prog="photo_proxy.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--meshes")
    p.add_argument("--jobs")
    p.add_argument("--out")
    p.add_argument("--samples", type=int, default=16)
    p.add_argument("--noise-threshold", type=float, default=0.05)
    p.add_argument("--render-size", type=int, default=400,
                   help="pixels rendered per side before scaling to %d (cost goes with its square)" % SIZE)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=0, help="0: all cores")
    p.add_argument("--worker", type=int, default=0)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--limit", type=int, default=0, help="render at most this many captures (0: all)")
    p.add_argument("--merge", action="store_true", help="merge the manifest when done")
    p.add_argument("--merge-only", action="store_true")
    p.add_argument("--check", nargs="+", metavar="JPEG")
    p.add_argument("--min-std", type=float, default=0.02)
    p.add_argument("--no-bevel", dest="bevel", action="store_false", help="no rounded-edge shader (faster)")
    p.add_argument("--fixed-camera", type=fixed_camera, default=None, metavar="FOCAL,DISTANCE",
                   help="a machine's fixed cameras: focal length and distance to the support, millimetres")
    return p.parse_args(argv)


def main():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    args = parse(argv)
    if args.check:
        return 1 if check_images(args.check, args.min_std) else 0
    if not args.out:
        raise UsageError("--out is required")
    if args.merge_only:
        merge(args.out, args, args.jobs)
        return 0
    if not args.meshes or not args.jobs:
        raise UsageError("--meshes, --jobs and --out are required")
    if not os.path.isdir(args.meshes):
        raise UsageError("--meshes: %s is not a directory" % args.meshes)
    if args.samples < 1 or args.workers < 1 or not 0 <= args.worker < args.workers:
        raise UsageError("bad --samples/--worker/--workers")
    jobs = read_jobs(args.jobs, args.seed)
    mine = [j for i, j in enumerate(jobs) if i % args.workers == args.worker]
    os.makedirs(args.out, exist_ok=True)
    _, records_dir, tmp_dir = work_dirs(args.out)
    import bpy
    log("Blender %s, Cycles CPU, %d samples (adaptive, noise threshold %s), no denoiser; worker %d/%d: %d of %d jobs"
        % (bpy.app.version_string, args.samples, args.noise_threshold, args.worker + 1, args.workers,
           len(mine), len(jobs)))
    failed = rendered = 0
    for n, job in enumerate(mine, 1):
        label = "[%d/%d] %s %s" % (n, len(mine), job["part"], job["capture"])
        if capture_done(args.out, job):
            log("%s cached" % label)
            continue
        if args.limit and rendered >= args.limit:
            break
        rendered += 1
        record_path = os.path.join(records_dir, "%s__%s.json" % (job["part"], job["capture"]))
        try:
            record = build_and_render(job, args, args.out, tmp_dir)
            record["status"] = "ok"
            log("%s %s  (%s)" % (label, "  ".join("%s %.1fs" % (s, record["sides"][s]["seconds"]) for s in SIDES),
                                 record["scene"]["surface"]))
        except Exception as e:  # noqa: BLE001 - a failed job is recorded and the run goes on
            failed += 1
            record = dict(job, status="failed", error="%s: %s" % (type(e).__name__, e))
            log("%s FAILED: %s" % (label, record["error"]))
        write_json(record_path, record)
    if args.merge:
        merge(args.out, args, args.jobs)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        code = main()
    except UsageError as e:
        log("error: %s" % e)
        code = 2
    sys.stdout.flush()
    sys.exit(code)
