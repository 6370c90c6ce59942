import { normalizePayload, encodePayload } from "./code.js";
import { applyLumaDelta, embedLuma } from "./embedCore.js";
import { decodeImage, encodeLike, loadBytes, lumaOf } from "./image.js";
import { parseWatermarkKey } from "./keySchedule.js";
import { tileLayout, tileSigns } from "./layout.js";
import { AuteurInputError } from "../../errors.js";

/** Options of {@link embedWatermark}. */
export type EmbedWatermarkParameters = {
  /** 80-bit secret key: 20 hex characters. */
  key: string;
  /** 64-bit payload: 16 hex characters or a bigint in [0, 2^64). */
  payload: string | bigint;
  /** Strength multiplier (default 1; 0.5..3). Higher is more robust and less invisible. */
  strength?: number;
};

export type EmbedWatermarkReturnType = Uint8Array;

/**
 * Embeds an invisible keyed watermark carrying a 64-bit payload into an image. The output has the
 * input's format, size and colour space; only luma is changed.
 *
 * @example
 * ```ts
 * import { embedWatermark, extractWatermark } from "@auteur/sdk/watermark";
 * const marked = await embedWatermark("photo.jpg", { key: "0123456789abcdef0123", payload: "00000000000004d2" });
 * const { payload } = await extractWatermark(marked, { key: "0123456789abcdef0123" }); // "00000000000004d2"
 * ```
 * @throws AuteurInputError for a bad key, payload or strength, an unreadable image or one smaller than 256x256
 */
export async function embedWatermark(
  input: Uint8Array | string,
  parameters: EmbedWatermarkParameters,
): Promise<EmbedWatermarkReturnType> {
  const keyBytes = parseWatermarkKey(parameters?.key);
  const payload = normalizePayload(parameters.payload);
  const strength = parameters.strength ?? 1;
  if (
    typeof strength !== "number" ||
    !Number.isFinite(strength) ||
    strength < 0.25 ||
    strength > 4
  ) {
    throw new AuteurInputError(
      "WATERMARK_BAD_STRENGTH",
      "The watermark strength must be a number between 0.25 and 4.",
      {
        details: { strength },
        hints: ["Leave it at 1 unless the mark must survive unusually strong edits."],
      },
    );
  }
  const image = await decodeImage(await loadBytes(input));
  const signs = tileSigns(tileLayout(keyBytes), encodePayload(payload));
  const delta = embedLuma(lumaOf(image), image.width, image.height, signs, strength);
  return encodeLike(image, applyLumaDelta(image.data, image.channels, delta));
}
