#!/usr/bin/env python3
"""Generates the Teams app icons (manifest/color.png, manifest/outline.png).

The icons are drawn from geometry instead of being hand-edited binaries, so they can be
reviewed, regenerated and checked: a speech bubble with three dots (the conference's
discussion questions) in white.
  color.png   192x192, opaque, the accent colour as background, the symbol inside the
              central 96x96 (Teams crops and pads the colour icon itself).
  outline.png 32x32, only pure white (255,255,255,255) or fully transparent pixels:
              Teams recolours it, and any grey or half-transparent edge shows as a smudge.
Usage: generate-app-icons.py [OUTPUT_DIR]   (default: the manifest folder)
Only the standard library is used, so CI needs nothing but python3.
"""
import os
import struct
import sys
import zlib

ACCENT = (0x0B, 0x53, 0x94)  # must equal accentColor in manifest.template.json
WHITE = (255, 255, 255)


def in_rounded_rect(x, y, x0, y0, x1, y1, r):
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])

    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    has_neg = d1 < 0 or d2 < 0 or d3 < 0
    has_pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (has_neg and has_pos)


def in_circle(x, y, cx, cy, r):
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def bubble(scale, offset_x, offset_y, dot_radius):
    """The symbol on a 96x96 design grid; returns a point test in output pixels."""

    def inside(px, py):
        x = (px - offset_x) / scale
        y = (py - offset_y) / scale
        body = in_rounded_rect(x, y, 0, 4, 96, 74, 16) or in_triangle(x, y, (14, 70), (40, 70), (8, 96))
        if not body:
            return False
        return not any(in_circle(x, y, cx, 39, dot_radius) for cx in (24, 48, 72))

    return inside


def png(width, height, rows, channels):
    """rows: list of bytes, one per scanline, without the filter byte."""
    color_type = {3: 2, 4: 6}[channels]
    raw = b"".join(b"\x00" + row for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def color_icon():
    size, samples = 192, 4
    inside = bubble(1.0, 48, 48, 8)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            # Supersampling only softens the edge between two opaque colours; alpha stays 255.
            hits = sum(
                inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples)
                for i in range(samples)
                for j in range(samples)
            )
            t = hits / (samples * samples)
            row += bytes(round(a + (w - a) * t) for a, w in zip(ACCENT, WHITE))
        rows.append(bytes(row))
    return png(size, size, rows, 3)


def outline_icon():
    size = 32
    # No padding: the outline icon fills its square. One sample at the pixel centre keeps
    # every pixel either fully white or fully transparent.
    inside = bubble(30 / 96, 1, 1, 9)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            row += bytes((255, 255, 255, 255)) if inside(x + 0.5, y + 0.5) else bytes(4)
        rows.append(bytes(row))
    return png(size, size, rows, 4)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(here, "..", "manifest"))
    os.makedirs(out, exist_ok=True)
    for name, data in (("color.png", color_icon()), ("outline.png", outline_icon())):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print(f"wrote {os.path.join(out, name)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
