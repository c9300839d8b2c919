"""Writes a hand-made test mesh in the BrickBox mesh export contract, for the photo proxy's self-check.

The part is a 2x4 brick-like box: body 32 x 16 x 9.6 mm, eight studs (diameter 4.8, height 1.7, total height
11.3 mm), hollow underside with 1.2 mm walls, a 1.6 mm top and three underside tubes (outer diameter 6.51,
inner 4.8), so the camera from below has something to see. Contract it follows (the same as
`./brickbox export --format=obj`): millimetres, Z up, LDraw origin kept (the centre of the body's top face,
so the part is NOT centred), `vn` normals on every face (smooth on cylinder sides, flat elsewhere), one
`usemtl` group per LDraw colour; `ldraw_16` is the main colour.

Runs under plain python3 or Blender's python:  python3 make_test_box.py OUTDIR [PART_ID]
"""
import math
import os
import sys

SEGMENTS = 24


class Mesh:
    def __init__(self):
        self.v = []
        self.vn = []
        self.faces = []  # (material, [(vi, ni), ...]) with 1-based indices

    def vert(self, p):
        self.v.append(p)
        return len(self.v)

    def normal(self, n):
        length = math.sqrt(sum(c * c for c in n))
        self.vn.append(tuple(c / length for c in n))
        return len(self.vn)

    def flat(self, mat, pts):
        """A planar polygon, counter-clockwise seen from outside; its normal is computed from the winding."""
        a, b, c = pts[0], pts[1], pts[2]
        u = [b[i] - a[i] for i in range(3)]
        w = [c[i] - a[i] for i in range(3)]
        n = self.normal((u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]))
        self.faces.append((mat, [(self.vert(p), n) for p in pts]))

    def cylinder_side(self, mat, cx, cy, r, z0, z1, outward=True):
        """Smooth-shaded side of a cylinder: one normal per ring position, shared by both rings."""
        ring = []
        for i in range(SEGMENTS):
            t = 2 * math.pi * i / SEGMENTS
            x, y = math.cos(t), math.sin(t)
            lo = self.vert((cx + r * x, cy + r * y, z0))
            hi = self.vert((cx + r * x, cy + r * y, z1))
            n = self.normal((x, y, 0) if outward else (-x, -y, 0))
            ring.append((lo, hi, n))
        for i in range(SEGMENTS):
            lo0, hi0, n0 = ring[i]
            lo1, hi1, n1 = ring[(i + 1) % SEGMENTS]
            quad = [(lo0, n0), (lo1, n1), (hi1, n1), (hi0, n0)]
            self.faces.append((mat, quad if outward else quad[::-1]))

    def disc(self, mat, cx, cy, r, z, up=True):
        pts = [(cx + r * math.cos(2 * math.pi * i / SEGMENTS), cy + r * math.sin(2 * math.pi * i / SEGMENTS), z)
               for i in range(SEGMENTS)]
        self.flat(mat, pts if up else pts[::-1])

    def annulus(self, mat, cx, cy, r_in, r_out, z, up=True):
        for i in range(SEGMENTS):
            t0, t1 = 2 * math.pi * i / SEGMENTS, 2 * math.pi * (i + 1) / SEGMENTS
            quad = [(cx + r_in * math.cos(t0), cy + r_in * math.sin(t0), z),
                    (cx + r_out * math.cos(t0), cy + r_out * math.sin(t0), z),
                    (cx + r_out * math.cos(t1), cy + r_out * math.sin(t1), z),
                    (cx + r_in * math.cos(t1), cy + r_in * math.sin(t1), z)]
            self.flat(mat, quad if up else quad[::-1])


def box_part():
    m = Mesh()
    main = "ldraw_16"
    hx, hy, top, bottom = 16.0, 8.0, 0.0, -9.6
    wall, roof = 1.2, 1.6
    ix, iy, ceiling = hx - wall, hy - wall, top - roof
    # outside: top, four sides
    m.flat(main, [(-hx, -hy, top), (hx, -hy, top), (hx, hy, top), (-hx, hy, top)])
    m.flat(main, [(-hx, -hy, bottom), (hx, -hy, bottom), (hx, -hy, top), (-hx, -hy, top)])
    m.flat(main, [(hx, -hy, bottom), (hx, hy, bottom), (hx, hy, top), (hx, -hy, top)])
    m.flat(main, [(hx, hy, bottom), (-hx, hy, bottom), (-hx, hy, top), (hx, hy, top)])
    m.flat(main, [(-hx, hy, bottom), (-hx, -hy, bottom), (-hx, -hy, top), (-hx, hy, top)])
    # bottom rim (a rectangular ring facing down), as four trapezoids
    m.flat(main, [(-hx, -hy, bottom), (-ix, -iy, bottom), (ix, -iy, bottom), (hx, -hy, bottom)])
    m.flat(main, [(hx, -hy, bottom), (ix, -iy, bottom), (ix, iy, bottom), (hx, hy, bottom)])
    m.flat(main, [(hx, hy, bottom), (ix, iy, bottom), (-ix, iy, bottom), (-hx, hy, bottom)])
    m.flat(main, [(-hx, hy, bottom), (-ix, iy, bottom), (-ix, -iy, bottom), (-hx, -hy, bottom)])
    # inside walls (facing in) and the ceiling (facing down)
    m.flat(main, [(-ix, -iy, bottom), (-ix, -iy, ceiling), (ix, -iy, ceiling), (ix, -iy, bottom)])
    m.flat(main, [(ix, -iy, bottom), (ix, -iy, ceiling), (ix, iy, ceiling), (ix, iy, bottom)])
    m.flat(main, [(ix, iy, bottom), (ix, iy, ceiling), (-ix, iy, ceiling), (-ix, iy, bottom)])
    m.flat(main, [(-ix, iy, bottom), (-ix, iy, ceiling), (-ix, -iy, ceiling), (-ix, -iy, bottom)])
    m.flat(main, [(-ix, -iy, ceiling), (-ix, iy, ceiling), (ix, iy, ceiling), (ix, -iy, ceiling)])
    # studs: side and top
    for sx in (-12.0, -4.0, 4.0, 12.0):
        for sy in (-4.0, 4.0):
            m.cylinder_side(main, sx, sy, 2.4, top, top + 1.7)
            m.disc(main, sx, sy, 2.4, top + 1.7)
    # underside tubes: outside, inside, bottom ring
    for tx in (-8.0, 0.0, 8.0):
        m.cylinder_side(main, tx, 0.0, 3.255, bottom, ceiling, outward=True)
        m.cylinder_side(main, tx, 0.0, 2.4, bottom, ceiling, outward=False)
        m.annulus(main, tx, 0.0, 2.4, 3.255, bottom, up=False)
    return m


def write(mesh, out_dir, part):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, part + ".mtl"), "w") as f:
        f.write("# BrickBox test part: main colour placeholder (the job's colour replaces ldraw_16)\n")
        f.write("newmtl ldraw_16\nKd 0.500 0.500 0.500\nd 1.0\n")
    with open(os.path.join(out_dir, part + ".obj"), "w") as f:
        f.write("# BrickBox hand-made test part: 2x4 box with studs and tubes; mm, Z up, LDraw origin\n")
        f.write("mtllib %s.mtl\no %s\n" % (part, part))
        for p in mesh.v:
            f.write("v %.4f %.4f %.4f\n" % p)
        for n in mesh.vn:
            f.write("vn %.5f %.5f %.5f\n" % n)
        current = None
        for mat, corners in mesh.faces:
            if mat != current:
                f.write("usemtl %s\n" % mat)
                current = mat
            f.write("f " + " ".join("%d//%d" % c for c in corners) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: make_test_box.py OUTDIR [PART_ID]")
    part_id = sys.argv[2] if len(sys.argv) > 2 else "testbox"
    write(box_part(), sys.argv[1], part_id)
    print(os.path.join(sys.argv[1], part_id + ".obj"))
