#!/usr/bin/python3
"""Golden pHash values for the SDK tests, computed with Debian's Pillow, NumPy and SciPy.

This is an independent re-statement of the `phash()` recipe of the Python `imagehash` package,
version 4.3.2 (hash_size 8, highfreq_factor 4), written for this project:

  1. greyscale with Pillow's `convert("L")` (ITU-R 601-2 luma in 16-bit fixed point),
  2. Pillow's LANCZOS resize to 32x32,
  3. unnormalised type-II DCT (scipy.fftpack convention) along axis 0, then along axis 1,
  4. the top-left 8x8 coefficients (DC included),
  5. bit = coefficient > median of those 64 (mean for the "mean" variant),
  6. hex of the 64 bits, row-major, most significant bit first.

Before hashing, the SDK's canonical input preparation is applied (imagehash itself does not do
these; they only change images that carry them): EXIF orientation (`ImageOps.exif_transpose`) and
alpha flattened onto white.

Usage: /usr/bin/python3 scripts/golden/phash_golden.py [--make-edits] > fixtures/phash/golden.json
  --make-edits  (re)creates the edited copies in fixtures/phash/edits/ first.
       /usr/bin/python3 scripts/golden/phash_golden.py --time ROUNDS FILE...
  prints {"files": n, "seconds": s, "cpuSeconds": c} for hashing the files ROUNDS times with this
  Pillow/SciPy recipe (no EXIF/alpha preparation), the Python reference point of the benchmark.
"""

import io
import json
import os
import sys

import numpy
import PIL
import scipy
import scipy.fftpack
from PIL import Image, ImageFilter, ImageOps

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "fixtures")
EDITS = os.path.join(FIX, "phash", "edits")


def prepare(path):
    """Open a file the way the SDK does: orientation applied, alpha flattened onto white."""
    im = Image.open(path)
    im = ImageOps.exif_transpose(im)
    has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    if has_alpha:
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba).convert("RGB")
    return im


def dct_bits(im, threshold):
    small = im.convert("L").resize((32, 32), Image.Resampling.LANCZOS)
    pixels = numpy.asarray(small).astype(numpy.float64)
    coeffs = scipy.fftpack.dct(scipy.fftpack.dct(pixels, axis=0), axis=1)[:8, :8]
    cut = numpy.median(coeffs) if threshold == "median" else coeffs.mean()
    bits = (coeffs > cut).flatten()
    value = 0
    for b in bits:
        value = (value << 1) | int(b)
    return "%016x" % value


def make_edits():
    """A few edited copies covering the decoder paths: re-encoding, resize, greyscale, palette,
    progressive JPEG, EXIF orientation, alpha."""
    os.makedirs(EDITS, exist_ok=True)
    photos = os.path.join(FIX, "photos")
    chelsea = Image.open(os.path.join(photos, "chelsea.png")).convert("RGB")
    coffee = Image.open(os.path.join(photos, "coffee.png")).convert("RGB")
    astronaut = Image.open(os.path.join(photos, "astronaut.png")).convert("RGB")

    chelsea.save(os.path.join(EDITS, "chelsea-q50.jpg"), quality=50)
    coffee.save(os.path.join(EDITS, "coffee-progressive.jpg"), quality=85, progressive=True)
    coffee.resize((300, 200), Image.Resampling.BICUBIC).save(os.path.join(EDITS, "coffee-half.png"))
    astronaut.convert("L").save(os.path.join(EDITS, "astronaut-grey.jpg"), quality=90)
    astronaut.resize((256, 256), Image.Resampling.BILINEAR).quantize(64).save(
        os.path.join(EDITS, "astronaut-palette.png")
    )
    chelsea.filter(ImageFilter.GaussianBlur(2)).save(os.path.join(EDITS, "chelsea-blur.png"))
    # Stored rotated by 90 degrees clockwise with EXIF Orientation 6 ("rotate 90 CW to view"):
    # once oriented it must hash like chelsea.png itself.
    exif = Image.Exif()
    exif[0x0112] = 6
    chelsea.transpose(Image.Transpose.ROTATE_90).save(
        os.path.join(EDITS, "chelsea-exif6.jpg"), quality=95, exif=exif
    )
    # Straight RGBA with a transparent border and a half-transparent band.
    rgba = coffee.resize((300, 200), Image.Resampling.BILINEAR).convert("RGBA")
    alpha = Image.new("L", rgba.size, 255)
    alpha.paste(0, (0, 0, 300, 20))
    alpha.paste(128, (0, 180, 300, 200))
    rgba.putalpha(alpha)
    rgba.save(os.path.join(EDITS, "coffee-alpha.png"))


def time_files(rounds, paths):
    import time

    for path in paths[:3]:
        dct_bits(Image.open(path), "median")
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for _ in range(rounds):
        for path in paths:
            dct_bits(Image.open(path), "median")
            n += 1
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"files": n, "seconds": seconds, "cpuSeconds": cpu}))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--time":
        time_files(int(sys.argv[2]), sys.argv[3:])
        return
    if "--make-edits" in sys.argv:
        make_edits()
    files = []
    for folder in ("pdq/dih", "photos", "phash/edits"):
        base = os.path.join(FIX, folder)
        for name in sorted(os.listdir(base)):
            if name.lower().endswith((".jpg", ".jpeg", ".png")):
                files.append(folder + "/" + name)
    out = {
        "generator": "scripts/golden/phash_golden.py",
        "algorithm": "imagehash 4.3.2 phash(hash_size=8), re-stated; mean = same DCT, threshold at the mean",
        "versions": {"pillow": PIL.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__},
        "hashes": {},
    }
    for rel in files:
        im = prepare(os.path.join(FIX, rel))
        out["hashes"][rel] = {
            "mode": im.mode,
            "size": list(im.size),
            "phash": dct_bits(im, "median"),
            "mean": dct_bits(im, "mean"),
        }
    json.dump(out, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
