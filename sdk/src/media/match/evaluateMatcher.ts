/**
 * Evaluation harness of the matcher: the edits the issue lists, produced with sharp from real
 * photos, and the recall / false-match counts of a {@link MatchThresholds} setting. Used by the
 * matcher's test and by `scripts/bench/phash.bench.ts` (which writes the table to bench-results).
 */
import sharp from "sharp";
import { hammingDistance64 } from "../phash/hammingDistance64.js";
import {
  compareFingerprints,
  DEFAULT_MATCH_THRESHOLDS,
  type MatchThresholds,
} from "./compareFingerprints.js";
import { fingerprintImage, type ImageFingerprint } from "./fingerprintImage.js";

/**
 * The evaluation set, relative to `fixtures/`: the real photographs of fixtures/photos
 * (`horse.png` is clip art, left out) and the ThreatExchange bridge photo.
 */
export const EVALUATION_PHOTOS: readonly string[] = [
  "photos/astronaut.png",
  "photos/camera.png",
  "photos/chelsea.png",
  "photos/clock_motion.png",
  "photos/coffee.png",
  "photos/coins.png",
  "photos/hubble_deep_field.jpg",
  "photos/retina.jpg",
  "photos/rocket.jpg",
  "photos/brick.png",
  "photos/grass.png",
  "photos/gravel.png",
  "pdq/dih/bridge-1-original.jpg",
];

/** One edit: a name and a function from the original's encoded bytes to the edited file. */
export interface ImageEdit {
  name: string;
  /** Whether the edit mirrors the picture (plain pHash cannot match those). */
  flip: boolean;
  apply(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array>;
}

const svg = (width: number, height: number, body: string): Buffer =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`,
  );

/** The edits listed in the issue (JPEG q40-70, resize 25-50 %, greyscale, blur, ...). */
export const IMAGE_EDITS: readonly ImageEdit[] = [
  {
    name: "jpeg-q40",
    flip: false,
    apply: (b) => sharp(b).jpeg({ quality: 40 }).toBuffer().then(u8),
  },
  {
    name: "jpeg-q70",
    flip: false,
    apply: (b) => sharp(b).jpeg({ quality: 70 }).toBuffer().then(u8),
  },
  {
    name: "resize-25",
    flip: false,
    apply: (b, w) =>
      sharp(b)
        .resize(Math.round(w * 0.25))
        .png()
        .toBuffer()
        .then(u8),
  },
  {
    name: "resize-50",
    flip: false,
    apply: (b, w) =>
      sharp(b)
        .resize(Math.round(w * 0.5))
        .jpeg({ quality: 85 })
        .toBuffer()
        .then(u8),
  },
  { name: "greyscale", flip: false, apply: (b) => sharp(b).greyscale().png().toBuffer().then(u8) },
  { name: "blur", flip: false, apply: (b) => sharp(b).blur(2).png().toBuffer().then(u8) },
  {
    name: "brightness+15",
    flip: false,
    apply: (b) => sharp(b).modulate({ brightness: 1.15 }).png().toBuffer().then(u8),
  },
  {
    name: "text-stamp",
    flip: false,
    apply: (b, w, h) => {
      const size = Math.max(12, Math.round(h / 12));
      const text = `<text x="${w - size / 2}" y="${h - size / 2}" font-family="DejaVu Sans, sans-serif" font-size="${size}" font-weight="bold" text-anchor="end" fill="white" stroke="black" stroke-width="${Math.max(1, size / 16)}">© Auteur 2026</text>`;
      return sharp(b)
        .composite([{ input: svg(w, h, text), top: 0, left: 0 }])
        .png()
        .toBuffer()
        .then(u8);
    },
  },
  {
    name: "logo",
    flip: false,
    apply: (b, w, h) => {
      const s = Math.round(Math.min(w, h) * 0.2);
      const logo = svg(
        s,
        s,
        `<circle cx="${s / 2}" cy="${s / 2}" r="${s / 2 - 1}" fill="#e63946"/><rect x="${s * 0.25}" y="${s * 0.3}" width="${s * 0.5}" height="${s * 0.4}" fill="#f1faee"/><circle cx="${s / 2}" cy="${s / 2}" r="${s * 0.12}" fill="#1d3557"/>`,
      );
      const m = Math.round(s * 0.1);
      return sharp(b)
        .composite([{ input: logo, top: m, left: w - s - m }])
        .png()
        .toBuffer()
        .then(u8);
    },
  },
  {
    name: "crop-90",
    flip: false,
    apply: (b, w, h) => {
      const cw = Math.round(w * 0.9);
      const ch = Math.round(h * 0.9);
      return sharp(b)
        .extract({
          left: Math.floor((w - cw) / 2),
          top: Math.floor((h - ch) / 2),
          width: cw,
          height: ch,
        })
        .png()
        .toBuffer()
        .then(u8);
    },
  },
  {
    name: "rotate-3",
    flip: false,
    apply: (b) => sharp(b).rotate(3, { background: "#000000" }).png().toBuffer().then(u8),
  },
  { name: "flip-horizontal", flip: true, apply: (b) => sharp(b).flop().png().toBuffer().then(u8) },
];

function u8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Per-edit outcome. */
export interface EditRow {
  edit: string;
  copies: number;
  matched: number;
  /** Matched by imagehash-style pHash alone at distance <= 10 (the reference point). */
  phashOnly10: number;
  /** Matched by PDQ alone (<= 31, best dihedral variant). */
  pdqOnly31: number;
  medianPhash: number;
  medianPdq: number;
}

/** Result of {@link evaluateMatcher}. */
export interface MatcherEvaluation {
  thresholds: MatchThresholds;
  photos: string[];
  rows: EditRow[];
  copies: number;
  matched: number;
  recall: number;
  /** Pairs of different photos compared (originals and edited copies against other originals). */
  differentPairs: number;
  falseMatches: number;
  /** Smallest pHash / PDQ (best variant) distance seen between different photos. */
  closestDifferentPhash: number;
  closestDifferentPdq: number;
  /** Per copy: [photo, edit, phash distance, pdq distance, matched]. */
  details: [string, string, number, number, boolean][];
}

/**
 * Runs every edit on every photo, fingerprints originals and copies, and counts how many copies
 * match their own original and how many (copy or original, other original) pairs match wrongly.
 */
export async function evaluateMatcher(
  photos: { name: string; bytes: Uint8Array }[],
  options: { thresholds?: Partial<MatchThresholds>; edits?: readonly ImageEdit[] } = {},
): Promise<MatcherEvaluation> {
  const thresholds = { ...DEFAULT_MATCH_THRESHOLDS, ...options.thresholds };
  const edits = options.edits ?? IMAGE_EDITS;
  const originals: ImageFingerprint[] = new Array(photos.length);
  const perPhoto: { photo: number; edit: ImageEdit; fp: ImageFingerprint }[][] = new Array(
    photos.length,
  );
  // three photos in flight: decoding runs on libvips threads while JavaScript hashes another
  let nextPhoto = 0;
  const worker = async () => {
    while (nextPhoto < photos.length) {
      const p = nextPhoto++;
      const fp = await fingerprintImage(photos[p].bytes);
      originals[p] = fp;
      perPhoto[p] = [];
      for (const edit of edits) {
        const edited = await edit.apply(photos[p].bytes, fp.width, fp.height);
        perPhoto[p].push({ photo: p, edit, fp: await fingerprintImage(edited) });
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const copies = perPhoto.flat();
  const rows = new Map<string, EditRow & { ph: number[]; pq: number[] }>();
  const details: MatcherEvaluation["details"] = [];
  let matched = 0;
  for (const c of copies) {
    const r = compareFingerprints(c.fp, originals[c.photo], thresholds);
    const row = rows.get(c.edit.name) ?? {
      edit: c.edit.name,
      copies: 0,
      matched: 0,
      phashOnly10: 0,
      pdqOnly31: 0,
      medianPhash: 0,
      medianPdq: 0,
      ph: [],
      pq: [],
    };
    row.copies += 1;
    if (r.match) row.matched += 1;
    if (hammingDistance64(c.fp.phash, originals[c.photo].phash) <= 10) row.phashOnly10 += 1;
    if (r.pdqDistance <= 31) row.pdqOnly31 += 1;
    row.ph.push(r.phashDistance);
    row.pq.push(r.pdqDistance);
    rows.set(c.edit.name, row);
    if (r.match) matched += 1;
    details.push([photos[c.photo].name, c.edit.name, r.phashDistance, r.pdqDistance, r.match]);
  }
  let differentPairs = 0;
  let falseMatches = 0;
  let closestDifferentPhash = 64;
  let closestDifferentPdq = 256;
  const queries = [...originals.map((fp, photo) => ({ photo, fp })), ...copies];
  for (const q of queries) {
    for (let p = 0; p < originals.length; p++) {
      if (p === q.photo) continue;
      const r = compareFingerprints(q.fp, originals[p], thresholds);
      differentPairs += 1;
      if (r.match) falseMatches += 1;
      closestDifferentPhash = Math.min(closestDifferentPhash, r.phashDistance);
      closestDifferentPdq = Math.min(closestDifferentPdq, r.pdqDistance);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  return {
    thresholds,
    photos: photos.map((p) => p.name),
    rows: [...rows.values()].map(({ ph, pq, ...row }) => ({
      ...row,
      medianPhash: median(ph),
      medianPdq: median(pq),
    })),
    copies: copies.length,
    matched,
    recall: matched / copies.length,
    differentPairs,
    falseMatches,
    closestDifferentPhash,
    closestDifferentPdq,
    details,
  };
}
