import { foldPlane, searchKey, type Candidate, type FoldedPlane } from "./extractCore.js";
import { decodeImage, loadBytes, lumaOf } from "./image.js";
import { parseWatermarkKey } from "./keySchedule.js";
import { tileLayout } from "./layout.js";
import { estimateScales, highPass, MIN_PEAK_STRENGTH, resample } from "./resync.js";
import { estimateRotation, MIN_LATTICE_STRENGTH, unrotate } from "./rotation.js";

/** Rotations smaller than this (degrees) are left to the scale and crop search. */
const MIN_ROTATION = 0.3;

/** Options of {@link extractWatermark}. */
export type ExtractWatermarkParameters = {
  /** 80-bit secret key used at embedding: 20 hex characters. */
  key: string;
};

export type ExtractWatermarkReturnType = {
  /** The 64-bit payload as 16 lowercase hex characters, or null when no mark is found for this key. */
  payload: string | null;
  /** 0..1: correlation of the image with the decoded mark (for `null`, with the best rejected candidate). */
  confidence: number;
};

/** Smallest side accepted for extraction (a copy may have been scaled down). */
export const MIN_EXTRACT_SIDE = 128;
/** Scale hypotheses decoded after the native-size attempt fails. */
const SCALE_CANDIDATES = 3;
/** Range of rescales undone (copy size / original size). */
const MIN_SCALE = 0.4;
const MAX_SCALE = 3;
/** Side of the central window of a resampled plane that is decoded first. */
const WINDOW = 1024;
/** Smallest resampled plane worth decoding (two tiles). */
const MIN_PLANE = 256;

/**
 * A decoded image prepared for reading with any number of keys. Everything up to the folded tiles
 * (projection, scale estimation, resampling) does not depend on the key and is computed once,
 * lazily: a key that reads at native size never pays for resynchronisation.
 */
export type WatermarkReader = { read(key: string): ExtractWatermarkReturnType };

/** Prepares an image for {@link WatermarkReader.read}; {@link extractWatermark} is `read` on one key. */
export async function createWatermarkReader(input: Uint8Array | string): Promise<WatermarkReader> {
  const image = await decodeImage(await loadBytes(input), MIN_EXTRACT_SIDE);
  const luma = lumaOf(image);
  const { width, height } = image;
  // Planes in the order they are tried, each computed on first use and kept for later keys: a
  // copy that reads at native size never pays for resynchronisation, one that reads at the first
  // scale candidate never pays for the others. Resampled planes (scale candidates, then rotation
  // or lattice candidates) are first tried on their central WINDOW x WINDOW pixels (enough tiles
  // for a clean read at a bounded cost), and in full only when no window reads.
  const makers: (() => FoldedPlane | null)[] = [() => foldPlane(luma, width, height)];
  const planes: (FoldedPlane | null)[] = [];
  const later: (() => FoldedPlane | null)[] = [];
  type Plane = { luma: Float32Array; width: number; height: number; full: boolean };
  const addPlane = (make: (maxSide: number) => Plane) => {
    let windowIsFull = false;
    const fold = (plane: Plane) =>
      plane.width < MIN_PLANE || plane.height < MIN_PLANE
        ? null
        : foldPlane(plane.luma, plane.width, plane.height);
    makers.push(() => {
      const plane = make(WINDOW);
      windowIsFull = plane.full;
      return fold(plane);
    });
    later.push(() => (windowIsFull ? null : fold(make(Infinity))));
  };
  const triedScales = [1];
  // The high-passed plane is shared by the 1-D scale and the 2-D lattice estimates.
  let highPassed: Float32Array | undefined;
  const highPassedPlane = () => (highPassed ??= highPass(luma, width, height));
  let stage = 0;
  const nextStage = () => {
    stage++;
    if (stage === 1) {
      // Resynchronisation: undo the rescales suggested by the mark's periodicity, strongest first.
      for (const { scale, strength } of estimateScales(
        luma,
        width,
        height,
        SCALE_CANDIDATES,
        highPassedPlane(),
      )) {
        if (
          strength < MIN_PEAK_STRENGTH ||
          Math.abs(scale - 1) < 0.01 ||
          scale < MIN_SCALE ||
          scale > MAX_SCALE
        )
          continue;
        triedScales.push(scale);
        addPlane((maxSide) => resample(luma, width, height, scale, scale, maxSide));
      }
    } else if (stage === 3) {
      makers.push(...later.splice(0));
    } else if (stage === 2) {
      // Small rotations: undo the lattice angle found in the 2-D autocorrelation, at the lattice's
      // scale and at the original size (the scale is the less reliable of the two estimates).
      const lattice = estimateRotation(luma, width, height, highPassedPlane());
      if (lattice === null || lattice.strength < MIN_LATTICE_STRENGTH) return;
      const inRange = (scale: number) => scale >= MIN_SCALE && scale <= MAX_SCALE;
      if (Math.abs(lattice.degrees) < MIN_ROTATION) {
        // No rotation, but the 2-D lattice is a second scale estimate (more reliable than the 1-D
        // one on pictures with strong periodic content of their own): try it, and its half (the
        // lattice search starts at 0.6 x 128 pixels), unless already tried.
        for (const scale of [lattice.scale, lattice.scale / 2]) {
          if (!inRange(scale) || triedScales.some((t) => Math.abs(scale / t - 1) < 0.003)) continue;
          triedScales.push(scale);
          addPlane((maxSide) => resample(luma, width, height, scale, scale, maxSide));
        }
        return;
      }
      const scales =
        Math.abs(lattice.scale - 1) > 0.01 && inRange(lattice.scale) ? [lattice.scale, 1] : [1];
      for (const scale of scales)
        addPlane((maxSide) => unrotate(luma, width, height, lattice.degrees, scale, maxSide));
    }
  };
  function* allPlanes(): Generator<FoldedPlane> {
    for (let i = 0; ; i++) {
      while (i === makers.length && stage < 3) nextStage();
      if (i === makers.length) return;
      if (i === planes.length) planes.push(makers[i]());
      const plane = planes[i];
      if (plane !== null) yield plane;
    }
  }
  return {
    read(key: string): ExtractWatermarkReturnType {
      const layout = tileLayout(parseWatermarkKey(key));
      let best: Candidate = { payload: null, rho: 0, pilot: 0 };
      for (const plane of allPlanes()) {
        const found = searchKey(plane, layout);
        if (found.payload !== null || found.rho > best.rho) best = found;
        if (found.payload !== null) break;
      }
      return { payload: best.payload, confidence: Math.max(0, Math.min(1, best.rho)) };
    },
  };
}

/**
 * Reads the watermark of an image with a key. Returns the exact payload or `null`: a payload is
 * returned only when the frame's CRC-24 checks and the image correlates with the re-encoded mark.
 * Copies that were cropped or rescaled are resynchronised (grid offset, tile phase and scale).
 *
 * @example
 * ```ts
 * const { payload, confidence } = await extractWatermark("copy.jpg", { key: "0123456789abcdef0123" });
 * ```
 * @throws AuteurInputError for a bad key or an unreadable image
 */
export async function extractWatermark(
  input: Uint8Array | string,
  parameters: ExtractWatermarkParameters,
): Promise<ExtractWatermarkReturnType> {
  parseWatermarkKey(parameters?.key); // fail on a bad key before decoding the image
  return (await createWatermarkReader(input)).read(parameters.key);
}
