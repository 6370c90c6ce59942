import { expect } from "chai";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { computePHash, hammingDistance64 } from "../phash/index.js";
import { EVALUATION_PHOTOS, evaluateMatcher, type MatcherEvaluation } from "./evaluateMatcher.js";
import {
  compareFingerprints,
  DEFAULT_MATCH_THRESHOLDS,
  fingerprintImage,
  matchImages,
} from "./index.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../../../../fixtures");

describe("matcher (pHash + PDQ, flip-aware)", function () {
  this.timeout(600_000);
  let evaluation: MatcherEvaluation;

  before(async function () {
    const photos = EVALUATION_PHOTOS.map((name) => ({
      name,
      bytes: new Uint8Array(readFileSync(join(fixtures, name))),
    }));
    evaluation = await evaluateMatcher(photos);
  });

  it("matches at least 95 % of the edited copies to their original", function () {
    expect(evaluation.copies).to.equal(13 * 12);
    expect(evaluation.recall, JSON.stringify(evaluation.rows)).to.be.at.least(0.95);
  });

  it("never matches two different photos (originals and copies against other originals)", function () {
    expect(evaluation.differentPairs).to.equal(13 * 12 + 156 * 12);
    expect(evaluation.falseMatches).to.equal(0);
    // the defaults keep a margin to the closest different pair seen
    expect(evaluation.closestDifferentPhash).to.be.above(DEFAULT_MATCH_THRESHOLDS.phash);
    expect(evaluation.closestDifferentPdq).to.be.above(DEFAULT_MATCH_THRESHOLDS.jointPdq);
  });

  it("matches every mirrored copy (plain pHash cannot)", function () {
    const flips = evaluation.rows.find((r) => r.edit === "flip-horizontal");
    expect(flips?.matched).to.equal(flips?.copies);
    expect(flips?.phashOnly10).to.equal(0);
  });

  it("finds the rotated and flipped ThreatExchange files through PDQ's dihedral variants", async function () {
    const original = await fingerprintImage(join(fixtures, "pdq/dih/bridge-1-original.jpg"));
    for (const file of [
      "bridge-2-rotate-90.jpg",
      "bridge-3-rotate-180.jpg",
      "bridge-7-flip-plus-1.jpg",
    ]) {
      const copy = await fingerprintImage(join(fixtures, "pdq/dih", file));
      const r = compareFingerprints(copy, original);
      expect(r.match, file).to.equal(true);
      expect(r.rule).to.equal("pdq");
      expect(r.pdqTransform).to.not.equal("original");
      expect(compareFingerprints(copy, original, { flips: false }).match, file).to.equal(false);
    }
  });

  it("derives the mirrored pHash from the DCT close to hashing the mirrored file", async function () {
    for (const name of ["photos/chelsea.png", "photos/rocket.jpg", "photos/coins.png"]) {
      const fp = await fingerprintImage(join(fixtures, name));
      const flopped = await sharp(join(fixtures, name)).flop().png().toBuffer();
      const direct = await computePHash(new Uint8Array(flopped));
      expect(hammingDistance64(fp.phashMirror, direct.hash), name).to.be.at.most(6);
      expect(fp.phash).to.equal((await computePHash(join(fixtures, name))).hash);
    }
  });

  it("reports distances and honours custom thresholds", async function () {
    const a = join(fixtures, "photos/coffee.png");
    const b = join(fixtures, "phash/edits/coffee-half.png");
    const same = await matchImages(b, a);
    expect(same).to.include({ match: true, rule: "pdq", phashDistance: 0 });
    const strict = await matchImages(b, a, { thresholds: { pdq: -1, phash: -1, jointPdq: -1 } });
    expect(strict.match).to.equal(false);
    const other = await matchImages(join(fixtures, "photos/chelsea.png"), a);
    expect(other.match).to.equal(false);
    expect(other.rule).to.equal(null);
    expect(other.phashDistance).to.be.above(10);
  });

  it("does not trust PDQ on a featureless image", async function () {
    const flat = await sharp({
      create: { width: 120, height: 90, channels: 3, background: "#7a7a7a" },
    })
      .png()
      .toBuffer();
    const fp = await fingerprintImage(new Uint8Array(flat));
    expect(fp.pdqQuality).to.be.below(DEFAULT_MATCH_THRESHOLDS.minPdqQuality);
    expect(compareFingerprints(fp, fp).pdqUsed).to.equal(false);
  });
});
