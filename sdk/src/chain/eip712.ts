/**
 * EIP-712 builders for the registry's attestations (identical to the contract's type strings). An
 * attester signs what it computed from a file; the uploader (or a relayer) sends it.
 */
import type { TypedDataDomain, TypedDataField } from "ethers";

/** The registry's EIP-712 domain name and version. */
export const REGISTRY_EIP712_NAME = "Auteur CopyrightRegistry";
export const REGISTRY_EIP712_VERSION = "1";

/** 32 zero bytes (no match). */
export const ZERO_HASH = `0x${"00".repeat(32)}`;

/** Media type codes of the registry. */
export const MediaType = { Image: 0, Video: 1, Audio: 2 } as const;

/** What an attester computed from one file (the contract's `Upload` struct). */
export interface Upload {
  /** `0x` SHA-256 of the file bytes. */
  contentSha256: string;
  /** 64-bit DCT pHash. */
  pHash: bigint;
  width: number;
  height: number;
  raw: boolean;
  /** `0x` SHA-256 digest of the storage manifest block (the manifest CID's multihash digest). */
  manifest: string;
  mediaType: number;
  cellCount: number;
  durationSeconds: number;
}

const UPLOAD_FIELDS: TypedDataField[] = [
  { name: "contentSha256", type: "bytes32" },
  { name: "pHash", type: "uint64" },
  { name: "width", type: "uint32" },
  { name: "height", type: "uint32" },
  { name: "raw", type: "bool" },
  { name: "manifest", type: "bytes32" },
  { name: "mediaType", type: "uint8" },
  { name: "cellCount", type: "uint32" },
  { name: "durationSeconds", type: "uint32" },
];

/** EIP-712 types of one registration (a new work, or a version when `matchedSha256 != 0`). */
export const REGISTRATION_TYPES: Record<string, TypedDataField[]> = {
  Registration: [
    { name: "upload", type: "Upload" },
    { name: "uploader", type: "address" },
    { name: "matchedSha256", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  Upload: UPLOAD_FIELDS,
};

/** EIP-712 types of a batch of new works by one uploader. */
export const REGISTRATION_BATCH_TYPES: Record<string, TypedDataField[]> = {
  RegistrationBatch: [
    { name: "uploads", type: "Upload[]" },
    { name: "uploader", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  Upload: UPLOAD_FIELDS,
};

/** The registry's domain on `chainId` at `verifyingContract`. */
export function registryDomain(
  chainId: bigint | number,
  verifyingContract: string,
): TypedDataDomain {
  return {
    name: REGISTRY_EIP712_NAME,
    version: REGISTRY_EIP712_VERSION,
    chainId: BigInt(chainId),
    verifyingContract,
  };
}

/** The message an attester signs for one registration. */
export interface RegistrationMessage {
  upload: Upload;
  uploader: string;
  matchedSha256: string;
  nonce: bigint;
  deadline: bigint;
}

/**
 * The full typed data of a registration, ready for `signer.signTypedData(domain, types, message)`.
 *
 * @example
 * ```ts
 * const td = registrationTypedData({ chainId: 31337n, registry, message });
 * const signature = await attester.signTypedData(td.domain, td.types, td.message);
 * ```
 */
export function registrationTypedData(p: {
  chainId: bigint | number;
  registry: string;
  message: RegistrationMessage;
}): {
  domain: TypedDataDomain;
  types: Record<string, TypedDataField[]>;
  primaryType: "Registration";
  message: RegistrationMessage;
} {
  return {
    domain: registryDomain(p.chainId, p.registry),
    types: REGISTRATION_TYPES,
    primaryType: "Registration",
    message: p.message,
  };
}

/** Anything that signs EIP-712 data: an ethers `Wallet`, a Hardhat signer, a remote attester. */
export interface TypedDataSigner {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/**
 * Where an attestation comes from: an attester's signer (the SDK builds and signs the typed data)
 * or a callback (e.g. an HTTP call to an attestation service) returning the signature.
 */
export type Attester =
  TypedDataSigner | ((request: ReturnType<typeof registrationTypedData>) => Promise<string>);

/** Obtains the attester's signature over `typedData`. */
export async function attest(
  attester: Attester,
  typedData: ReturnType<typeof registrationTypedData>,
): Promise<string> {
  if (typeof attester === "function") return attester(typedData);
  return attester.signTypedData(
    typedData.domain,
    typedData.types,
    typedData.message as unknown as Record<string, unknown>,
  );
}

// Quorum reports (Proof-of-View epochs, ad settlements) have their builders beside their data:
export {
  EPOCH_REPORT_TYPES,
  povDomain,
  epochReportTypedData,
  signEpochReport,
} from "../pov/eip712.js";
export { AD_SETTLEMENT_TYPES, adEscrowDomain } from "../ads/buildAdSettlement.js";
