import { getAddress } from "ethers";
import { AuteurInputError } from "../../errors.js";
import { requireEvent, sendContract, readContract, type AuteurClient } from "../client.js";
import { attest, registrationTypedData, ZERO_HASH, type Attester, type Upload } from "../eip712.js";

/** Turns a file into the registry's `Upload` (Node: `prepareUpload` from `@auteur/sdk/chain/node`). */
export type PrepareUpload = (file: Uint8Array) => Promise<Upload>;

/** Parameters of {@link registerWork}. */
export interface RegisterWorkParameters {
  /** The attested facts; or give `file` and `prepare`. */
  upload?: Upload;
  /** The file's bytes, turned into `upload` by `prepare` (hash, pHash, stored chunks). */
  file?: Uint8Array;
  prepare?: PrepareUpload;
  /** Signs the registration (an attester's signer, or a callback to an attestation service). */
  attester: Attester;
  /** Who receives the work; defaults to the signer. */
  uploader?: string;
  /** SHA-256 of the registered file this one matches (a version); zero/absent for a new work. */
  matchedSha256?: string;
  /** Attestation deadline (unix seconds); default: latest block time + 1 hour. */
  deadline?: bigint;
}

/** Result of {@link registerWork}. */
export interface RegisterWorkReturnType {
  workId: bigint;
  /** `"work"` for a new work, `"version"` for a match, `"rawClaim"` when a RAW started a transfer. */
  kind: "work" | "version" | "rawClaim";
  /** Version number for versions (0 for a new work). */
  version: bigint;
  upload: Upload;
  txHash: string;
  /** For a RAW claim: when it can be finalised (unix seconds). */
  readyAt?: bigint;
}

/**
 * Registers a file: builds the `Upload` (or takes it), gets the attester's EIP-712 signature and
 * sends `CopyrightRegistry.register`. With `matchedSha256` the file becomes a version of the work
 * that file belongs to (a RAW at least as large starts an ownership transfer).
 *
 * @example
 * ```ts
 * const { workId } = await client.registerWork({ file, prepare: prepareUpload, attester });
 * ```
 */
export async function registerWork(
  client: AuteurClient,
  p: RegisterWorkParameters,
): Promise<RegisterWorkReturnType> {
  let upload = p.upload;
  if (upload === undefined) {
    if (p.file === undefined || p.prepare === undefined) {
      throw new AuteurInputError(
        "UPLOAD_MISSING",
        "registerWork needs `upload`, or `file` with `prepare`",
        {
          hints: ["in Node pass `prepare: prepareUpload` from @auteur/sdk/chain/node"],
        },
      );
    }
    upload = await p.prepare(p.file);
  }
  const signer = client.requireSigner("registerWork");
  const uploader = getAddress(p.uploader ?? (await signer.getAddress()));
  const registry = client.address("CopyrightRegistry");
  const nonce = await readContract<bigint>(client, "CopyrightRegistry", "nonces", [uploader]);
  let deadline = p.deadline;
  if (deadline === undefined) {
    const block = await client.provider.getBlock("latest");
    deadline = BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000)) + 3600n;
  }
  const matchedSha256 = p.matchedSha256 ?? ZERO_HASH;
  const typedData = registrationTypedData({
    chainId: client.chainId,
    registry,
    message: { upload, uploader, matchedSha256, nonce, deadline },
  });
  const signature = await attest(p.attester, typedData);
  const action = matchedSha256 === ZERO_HASH ? "registerWork" : "addVersion";
  const sent = await sendContract(
    client,
    "CopyrightRegistry",
    "register",
    [upload, uploader, matchedSha256, deadline, signature],
    { action },
  );
  if (matchedSha256 === ZERO_HASH) {
    const e = requireEvent(sent.events, "WorkRegistered", action);
    return {
      workId: e.args.workId as bigint,
      kind: "work",
      version: 0n,
      upload,
      txHash: sent.hash,
    };
  }
  const e = requireEvent(sent.events, "VersionAdded", action);
  const claim = sent.events.find((x) => x.name === "OwnershipClaimed");
  return {
    workId: e.args.workId as bigint,
    kind: claim === undefined ? "version" : "rawClaim",
    version: BigInt(e.args.version),
    upload,
    txHash: sent.hash,
    ...(claim === undefined ? {} : { readyAt: BigInt(claim.args.readyAt) }),
  };
}
