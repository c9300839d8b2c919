"""Ground-truth part masks for the photo proxy set: the same scenes as photo_proxy.py, rendered as silhouettes.

Run inside Blender (headless), normally through runners/scripts/render-photo-proxy-masks.sh:

    blender -b --factory-startup -noaudio --python-exit-code 1 -P photo_proxy_masks.py -- \
        --meshes=DIR --jobs=FILE --photos=DIR --out=DIR [--seed=N] [--threads=N] [--samples=N]

For every capture of the jobs file whose three JPEGs exist in --photos, the scene photo_proxy.py drew for it is built
again by photo_proxy.build_and_render itself (same seed, part pose, cameras, depth of field, pixel filter), and
instead of the photograph each camera renders the part alone as white emission on black, no surface, glass or
lights, through the Raw view transform: OUT/<part>/<capture>_<side>.png, 600 x 600, 8-bit grey, the part's linear
coverage of each pixel (255 = fully the part; 128 is where an edge blurred by the lens or the pixel filter is half
covered). Only the renderer's own function is replaced, so the masks cannot drift from the photos' geometry while
the two scripts share build_and_render. The glass bed of the below view is hidden, which is exact: photo_proxy.py
makes it transparent, not refractive. Masks that exist are skipped. Costs about one second per mask (16 samples,
no bounces) plus the scene set-up, a small share of the photographs' cost.

--seed, --render-size and --no-bevel must be those the photographs were rendered with (the defaults of
render-photo-proxy.sh are those of photo_proxy.py): they decide the scene, the depth of field and the part's pose.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import photo_proxy as pp  # noqa: E402  (the scene builder this script reuses, found next to this file)

MASK_SAMPLES = 16


def render_mask(bpy, scene, path, tmp_dir, quality):
    """Replaces photo_proxy.render_to_jpeg: the same camera, the part as white emission on black, nothing else."""
    for o in scene.objects:
        if o.type == "LIGHT" or o.name in ("surface", "glass"):
            o.hide_render = True
    white = bpy.data.materials.get("mask_white")
    if white is None:
        white = bpy.data.materials.new("mask_white")
        white.use_nodes = True
        nt = white.node_tree
        for n in list(nt.nodes):
            if n.type != "OUTPUT_MATERIAL":
                nt.nodes.remove(n)
        emission = nt.nodes.new("ShaderNodeEmission")
        emission.inputs["Color"].default_value = (1.0, 1.0, 1.0, 1.0)
        emission.inputs["Strength"].default_value = 1.0
        nt.links.new(emission.outputs["Emission"], nt.nodes[0].inputs["Surface"])
    for o in scene.objects:
        if o.type == "MESH" and o.name not in ("surface", "glass"):
            for slot in o.material_slots:
                slot.material = white
    black = bpy.data.worlds.get("mask_black") or bpy.data.worlds.new("mask_black")
    black.use_nodes = True
    background = next(n for n in black.node_tree.nodes if n.type == "BACKGROUND")
    background.inputs["Color"].default_value = (0.0, 0.0, 0.0, 1.0)
    background.inputs["Strength"].default_value = 0.0
    scene.world = black
    cy = scene.cycles
    cy.samples = MASK_SAMPLES
    cy.use_adaptive_sampling = False
    cy.max_bounces = 0
    cy.seed = 0
    scene.render.resolution_x = pp.SIZE
    scene.render.resolution_y = pp.SIZE
    scene.view_settings.view_transform = "Raw"
    scene.view_settings.look = "None"
    scene.view_settings.exposure = 0.0
    scene.view_settings.gamma = 1.0
    settings = scene.render.image_settings
    settings.file_format = "PNG"
    settings.color_mode = "BW"
    settings.color_depth = "8"
    settings.compression = 15
    scene.render.filepath = path
    bpy.ops.render.render(write_still=True)


def main():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    photos = None
    rest = []
    for a in argv:
        if a.startswith("--photos="):
            photos = a[len("--photos="):]
        else:
            rest.append(a)
    args = pp.parse(rest)
    if not args.meshes or not args.jobs or not args.out or not photos:
        raise pp.UsageError("--meshes, --jobs, --photos and --out are required")
    jobs = pp.read_jobs(args.jobs, args.seed)
    _, _, tmp_dir = pp.work_dirs(args.out)
    pp.render_to_jpeg = render_mask
    done = failed = 0
    for job in jobs:
        part, capture = job["part"], job["capture"]
        if not all(os.path.isfile(os.path.join(photos, part, "%s_%s.jpg" % (capture, s))) for s in pp.SIDES):
            continue
        target = {s: os.path.join(args.out, part, "%s_%s.png" % (capture, s)) for s in pp.SIDES}
        if all(os.path.isfile(t) for t in target.values()):
            continue
        try:
            # build_and_render names its files <capture>_<side>.jpg; here they hold the PNG masks.
            record = pp.build_and_render(job, args, args.out, tmp_dir)
            for s in pp.SIDES:
                os.replace(os.path.join(args.out, part, "%s_%s.jpg" % (capture, s)), target[s])
            done += 1
            pp.log("mask %s %s: %s" % (part, capture, ", ".join(
                "%s fill %.2f%s" % (s, record["sides"][s]["fill"], " cut" if record["sides"][s]["cut_by_border"] else "")
                for s in pp.SIDES)))
        except Exception as e:  # noqa: BLE001 - one failed capture does not stop the others
            failed += 1
            pp.log("mask %s %s FAILED: %s: %s" % (part, capture, type(e).__name__, e))
    pp.log("masks: %d captures rendered, %d failed" % (done, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        code = main()
    except pp.UsageError as e:
        pp.log("error: %s" % e)
        code = 2
    sys.stdout.flush()
    sys.exit(code)
