import { hammingDistance256, PDQ_DIHEDRAL_NAMES } from "../pdq/pdqFromLuma.js";
import { hammingDistance64 } from "../phash/hammingDistance64.js";
import type { DihedralName, ImageFingerprint } from "./fingerprintImage.js";

/**
 * Decision thresholds of the matcher (Hamming distances). Two pictures are "the same" when any
 * rule holds:
 *
 * 1. `pdq`: PDQ distance <= 31 of 256 (the PDQ authors' recommended match threshold), taking the
 *    best of the query's 8 rotations/flips;
 * 2. `phash`: pHash distance <= 10 of 64 (the usual imagehash threshold), taking the best of the
 *    plain hash, the mirrored hash, and the centre-crop hashes (90 %, 80 %) of either side;
 * 3. joint: PDQ distance <= 63 and pHash distance <= 20 — each hash alone is unsure in that band,
 *    but unrelated photos are not inside both at once (on the evaluation set, different photos are
 *    never closer than 80 in PDQ and 18 in pHash).
 *
 * PDQ rules only apply when both images have PDQ quality >= `minPdqQuality` (50, as the PDQ
 * authors advise); pHash has no quality gate.
 */
export interface MatchThresholds {
  pdq: number;
  phash: number;
  jointPdq: number;
  jointPhash: number;
  minPdqQuality: number;
  /** Also try PDQ's 8 dihedral variants and the mirrored pHash (default true). */
  flips: boolean;
  /** Also compare the centre-crop pHashes (default true). */
  crops: boolean;
}

/** The documented defaults; see docs/media-fingerprints.md for the measured rates. */
export const DEFAULT_MATCH_THRESHOLDS: Readonly<MatchThresholds> = Object.freeze({
  pdq: 31,
  phash: 10,
  jointPdq: 63,
  jointPhash: 20,
  minPdqQuality: 50,
  flips: true,
  crops: true,
});

/** Why the matcher decided as it did. */
export interface MatchResult {
  match: boolean;
  /** The rule that matched (`"pdq"`, `"phash"`, `"joint"`) or `null`. */
  rule: "pdq" | "phash" | "joint" | null;
  /** Smallest pHash distance (over original and mirrored when flips are on). */
  phashDistance: number;
  /** Smallest PDQ distance (over the 8 dihedral variants when flips are on). */
  pdqDistance: number;
  /** The query's dihedral variant with the smallest PDQ distance. */
  pdqTransform: DihedralName;
  /** Whether the smallest pHash distance came from the mirrored hash. */
  phashMirrored: boolean;
  /** Whether the smallest pHash distance came from a centre-crop hash. */
  phashCropped: boolean;
  /** Whether PDQ was trusted (both qualities above the gate). */
  pdqUsed: boolean;
}

/**
 * Decides whether `query` shows the same picture as `reference` (see {@link MatchThresholds}).
 *
 * @example
 * ```ts
 * const r = compareFingerprints(await fingerprintImage("copy.jpg"), await fingerprintImage("a.jpg"));
 * if (r.match) console.log(`same picture (${r.rule}, pdq ${r.pdqDistance}, phash ${r.phashDistance})`);
 * ```
 */
export function compareFingerprints(
  query: ImageFingerprint,
  reference: ImageFingerprint,
  thresholds: Partial<MatchThresholds> = {},
): MatchResult {
  const t = { ...DEFAULT_MATCH_THRESHOLDS, ...thresholds };
  let phashDistance = hammingDistance64(query.phash, reference.phash);
  let phashMirrored = false;
  if (t.flips) {
    const mirrored = hammingDistance64(query.phashMirror, reference.phash);
    if (mirrored < phashDistance) {
      phashDistance = mirrored;
      phashMirrored = true;
    }
  }
  let phashCropped = false;
  if (t.crops) {
    const q = [query.phash, ...query.phashCrops];
    const r = [reference.phash, ...reference.phashCrops];
    for (let i = 0; i < q.length; i++) {
      for (let j = 0; j < r.length; j++) {
        if (i === 0 && j === 0) continue;
        const d = hammingDistance64(q[i], r[j]);
        if (d < phashDistance) {
          phashDistance = d;
          phashCropped = true;
          phashMirrored = false;
        }
      }
    }
  }
  let pdqDistance = hammingDistance256(query.pdq, reference.pdq);
  let pdqTransform: DihedralName = "original";
  if (t.flips) {
    for (const name of PDQ_DIHEDRAL_NAMES) {
      const d = hammingDistance256(query.pdqDihedral[name], reference.pdq);
      if (d < pdqDistance) {
        pdqDistance = d;
        pdqTransform = name;
      }
    }
  }
  const pdqUsed = query.pdqQuality >= t.minPdqQuality && reference.pdqQuality >= t.minPdqQuality;
  let rule: MatchResult["rule"] = null;
  if (pdqUsed && pdqDistance <= t.pdq) rule = "pdq";
  else if (phashDistance <= t.phash) rule = "phash";
  else if (pdqUsed && pdqDistance <= t.jointPdq && phashDistance <= t.jointPhash) rule = "joint";
  return {
    match: rule !== null,
    rule,
    phashDistance,
    pdqDistance,
    pdqTransform,
    phashMirrored,
    phashCropped,
    pdqUsed,
  };
}
