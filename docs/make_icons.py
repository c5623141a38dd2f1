"""Draws the app icons (a white ring with a smile on coral) as PNGs, with no dependencies.

Run once: python3 docs/make_icons.py  (writes public/icons/*.png)
"""
import math
import struct
import zlib

CORAL = (232, 81, 58)
WHITE = (255, 255, 255)


def png(path, size, pixel):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x + 0.5, y + 0.5, size))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", raw))
        f.write(chunk(b"IEND", b""))


def blend(a, b, t):
    return tuple(round(a[i] * (1 - t) + b[i] * t) for i in range(3))


def coverage(d):
    """Antialiasing: d is the signed distance (in pixels) inside the shape."""
    return max(0.0, min(1.0, d + 0.5))


def logo(x, y, size, scale):
    """Ring plus smile, centred, `scale` of the icon's size (maskable icons keep a safe zone)."""
    c = size / 2
    r = size * 0.30 * scale
    w = size * 0.075 * scale
    dx, dy = x - c, y - c
    dist = math.hypot(dx, dy)
    ring = coverage(w / 2 - abs(dist - r))
    # the smile: an arc in the lower half of a smaller circle
    sr = r * 0.45
    sdist = math.hypot(dx, dy - r * 0.05)
    smile = coverage(w / 2.4 - abs(sdist - sr)) if dy > r * 0.12 else 0.0
    return max(ring, smile)


def rounded_square(x, y, size, radius):
    qx = abs(x - size / 2) - (size / 2 - radius)
    qy = abs(y - size / 2) - (size / 2 - radius)
    outside = math.hypot(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - radius
    return coverage(-outside)


def any_icon(x, y, size):
    bg = rounded_square(x, y, size, size * 0.22)
    color = blend(CORAL, WHITE, logo(x, y, size, 1.0))
    return bytes(color) + bytes([round(255 * bg)])


def maskable_icon(x, y, size):
    color = blend(CORAL, WHITE, logo(x, y, size, 0.72))
    return bytes(color) + b"\xff"


for size in (192, 512):
    png(f"public/icons/icon-{size}.png", size, any_icon)
    png(f"public/icons/maskable-{size}.png", size, maskable_icon)
png("public/icons/apple-touch-icon.png", 180, maskable_icon)
