/**
 * EIP-712 attestation helpers for CopyrightRegistry: the typed-data definitions (identical to the
 * contract's type strings), a signer helper an attester (or a test) uses, and small builders for
 * uploads. Shared by the registry story test, the market tests, the gas benchmark and the demo;
 * other areas (upload mining, Proof-of-View, ads) import it to register works.
 */
import { createHash } from "node:crypto";
import type { TypedDataDomain, TypedDataField } from "ethers";

// The typed-data definitions are the SDK's (one source for attesters, the SDK and the tests).
import {
  REGISTRATION_BATCH_TYPES as BATCH_TYPES,
  REGISTRATION_TYPES,
  MediaType,
  registryDomain as sdkRegistryDomain,
  ZERO_HASH,
  type Upload,
} from "../../sdk/src/chain/eip712.js";
export {
  REGISTRY_EIP712_NAME,
  REGISTRY_EIP712_VERSION,
  MediaType,
  ZERO_HASH,
  REGISTRATION_TYPES,
  REGISTRATION_BATCH_TYPES as BATCH_TYPES,
  type Upload,
} from "../../sdk/src/chain/eip712.js";

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
  return sdkRegistryDomain(chainId, await registry.getAddress());
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
