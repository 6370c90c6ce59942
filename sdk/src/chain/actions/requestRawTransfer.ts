import { AuteurInputError } from "../../errors.js";
import type { AuteurClient } from "../client.js";
import { addVersion, type AddVersionParameters } from "./addVersion.js";
import type { RegisterWorkReturnType } from "./registerWork.js";

/** Parameters of {@link requestRawTransfer}: a RAW upload matching a registered file. */
export type RequestRawTransferParameters = AddVersionParameters;
/** Result of {@link requestRawTransfer} (`readyAt`: when it can be finalised). */
export type RequestRawTransferReturnType = RegisterWorkReturnType & { readyAt: bigint };

/**
 * Registers a RAW file as a version of a work; when its resolution is at least the highest
 * registered one, this opens an ownership claim that becomes final after the dispute window.
 *
 * @example
 * ```ts
 * const { workId, readyAt } = await client.requestRawTransfer({ upload: raw, matchedSha256, attester });
 * ```
 */
export async function requestRawTransfer(
  client: AuteurClient,
  p: RequestRawTransferParameters,
): Promise<RequestRawTransferReturnType> {
  if (p.upload !== undefined && !p.upload.raw) {
    throw new AuteurInputError("NOT_RAW", "a RAW transfer needs an upload with `raw: true`", {
      hints: ["register a camera RAW file (its attester sets raw) or use addVersion"],
    });
  }
  const result = await addVersion(client, p);
  if (result.kind !== "rawClaim" || result.readyAt === undefined) {
    throw new AuteurInputError(
      "NO_RAW_CLAIM",
      "the RAW file became a version but opened no ownership claim",
      {
        details: { workId: result.workId, version: result.version },
        hints: [
          "a RAW claim needs raw=true and at least the work's highest resolution; the uploader may already own the work",
        ],
      },
    );
  }
  return { ...result, readyAt: result.readyAt };
}
