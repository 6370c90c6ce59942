import { AuteurInputError } from "../../errors.js";
import type { AuteurClient } from "../client.js";
import { ZERO_HASH } from "../eip712.js";
import {
  registerWork,
  type RegisterWorkParameters,
  type RegisterWorkReturnType,
} from "./registerWork.js";

/** Parameters of {@link addVersion}: a registration that names the registered file it matches. */
export type AddVersionParameters = RegisterWorkParameters & { matchedSha256: string };
/** Result of {@link addVersion}. */
export type AddVersionReturnType = RegisterWorkReturnType;

/**
 * Adds a higher-resolution file to the work that `matchedSha256` belongs to. The attester vouches
 * for the perceptual match; the contract re-checks the Hamming distance and the resolution.
 *
 * @example
 * ```ts
 * const { workId, version } = await client.addVersion({ upload: big, matchedSha256: small.contentSha256, attester });
 * ```
 */
export async function addVersion(
  client: AuteurClient,
  p: AddVersionParameters,
): Promise<AddVersionReturnType> {
  if (p.matchedSha256 === ZERO_HASH) {
    throw new AuteurInputError(
      "MATCH_MISSING",
      "addVersion needs the SHA-256 of the matched registered file",
      {
        hints: [
          "use registerWork for a new work, or pass the matched file's sha256 (auteur verify prints it)",
        ],
      },
    );
  }
  return registerWork(client, p);
}
