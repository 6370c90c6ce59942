/**
 * EIP-712 attestation helpers for CopyrightRegistry: the typed-data definitions (identical to the
 * contract's type strings), a signer helper an attester (or a test) uses, and small builders for
 * uploads. Shared by the registry story test, the market tests, the gas benchmark and the demo;
 * other areas (upload mining, Proof-of-View, ads) import it to register works.
 */
import { createHash } from "node:crypto";
import type { TypedDataDomain, TypedDataField } from "ethers";

/** The registry's EIP-712 domain name and version. */
export const REGISTRY_EIP712_NAME = "Auteur CopyrightRegistry";
export const REGISTRY_EIP712_VERSION = "1";

/** Media type codes of the registry. */
export const MediaType = { Image: 0, Video: 1, Audio: 2 } as const;

/** What an attester computed from one file (the contract's `Upload` struct). */
export interface Upload {
  contentSha256: string;
  pHash: bigint;
  width: number;
  height: number;
  raw: boolean;
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

/** EIP-712 types of a single registration (new work, or a match when `matchedSha256 != 0`). */
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
export const BATCH_TYPES: Record<string, TypedDataField[]> = {
  RegistrationBatch: [
    { name: "uploads", type: "Upload[]" },
    { name: "uploader", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  Upload: UPLOAD_FIELDS,
};

/** Anything that signs EIP-712 data: an ethers `Wallet` or a Hardhat signer. */
export interface TypedDataSigner {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/** The registry surface the helpers read (a TypeChain `CopyrightRegistry` fits). */
export interface RegistryLike {
  getAddress(): Promise<string>;
  nonces(uploader: string): Promise<bigint>;
}

/** The registry's EIP-712 domain on `chainId`. */
export async function registryDomain(
  registry: RegistryLike,
  chainId: bigint,
): Promise<TypedDataDomain> {
  return {
    name: REGISTRY_EIP712_NAME,
    version: REGISTRY_EIP712_VERSION,
    chainId,
    verifyingContract: await registry.getAddress(),
  };
}

/** Parameters of {@link signRegistration}. */
export interface SignRegistrationParameters {
  registry: RegistryLike;
  chainId: bigint;
  attester: TypedDataSigner;
  upload: Upload;
  uploader: string;
  /** SHA-256 of the registered file the upload matched; zero hash (default) for a new work. */
  matchedSha256?: string;
  /** Defaults to the registry's current nonce of `uploader`. */
  nonce?: bigint;
  deadline: bigint;
}

/** Signs a registration attestation as an attester does. */
export async function signRegistration(p: SignRegistrationParameters): Promise<string> {
  const nonce = p.nonce ?? (await p.registry.nonces(p.uploader));
  return p.attester.signTypedData(await registryDomain(p.registry, p.chainId), REGISTRATION_TYPES, {
    upload: p.upload,
    uploader: p.uploader,
    matchedSha256: p.matchedSha256 ?? ZERO_HASH,
    nonce,
    deadline: p.deadline,
  });
}

/** Signs a batch attestation (many new works of one uploader). */
export async function signBatch(p: {
  registry: RegistryLike;
  chainId: bigint;
  attester: TypedDataSigner;
  uploads: Upload[];
  uploader: string;
  nonce?: bigint;
  deadline: bigint;
}): Promise<string> {
  const nonce = p.nonce ?? (await p.registry.nonces(p.uploader));
  return p.attester.signTypedData(await registryDomain(p.registry, p.chainId), BATCH_TYPES, {
    uploads: p.uploads,
    uploader: p.uploader,
    nonce,
    deadline: p.deadline,
  });
}

/** 32 zero bytes. */
export const ZERO_HASH = `0x${"00".repeat(32)}`;

/** `0x`-prefixed SHA-256 of bytes or a string. */
export function sha256Hex(data: Uint8Array | string): string {
  return `0x${createHash("sha256").update(data).digest("hex")}`;
}

/** A synthetic image upload whose hashes derive from `seed` (tests and benchmarks). */
export function imageUpload(seed: string, overrides: Partial<Upload> = {}): Upload {
  return {
    contentSha256: sha256Hex(`file:${seed}`),
    pHash: 0xd1c4a3b29f8e7d6cn,
    width: 1600,
    height: 1200,
    raw: false,
    manifest: sha256Hex(`manifest:${seed}`),
    mediaType: MediaType.Image,
    cellCount: 0,
    durationSeconds: 0,
    ...overrides,
  };
}

/** `pHash` with its lowest `bits` bits flipped: at Hamming distance `bits`. */
export function flipBits(pHash: bigint, bits: number): bigint {
  return pHash ^ ((1n << BigInt(bits)) - 1n);
}

/** The contract's `Upload` tuple as a plain array (for `emit(...).withArgs`). */
export function uploadTuple(u: Upload): unknown[] {
  return [
    u.contentSha256,
    u.pHash,
    BigInt(u.width),
    BigInt(u.height),
    u.raw,
    u.manifest,
    BigInt(u.mediaType),
    BigInt(u.cellCount),
    BigInt(u.durationSeconds),
  ];
}
