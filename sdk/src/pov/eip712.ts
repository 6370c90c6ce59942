import { TypedDataEncoder, getAddress, type TypedDataDomain, type TypedDataField } from "ethers";
import type { EpochReport } from "./types.js";

/** EIP-712 types of ProofOfView's `settle` (the same strings as the contract's type hashes). */
export const EPOCH_REPORT_TYPES: Record<string, TypedDataField[]> = {
  EpochReport: [
    { name: "fromEpoch", type: "uint64" },
    { name: "toEpoch", type: "uint64" },
    { name: "nonce", type: "uint64" },
    { name: "root", type: "bytes32" },
    { name: "total", type: "uint256" },
    { name: "contents", type: "ContentTotals[]" },
  ],
  ContentTotals: [
    { name: "workId", type: "uint256" },
    { name: "creator", type: "uint256" },
    { name: "viewer", type: "uint256" },
    { name: "enhancer", type: "uint256" },
    { name: "storageProvider", type: "uint256" },
    { name: "verifier", type: "uint256" },
    { name: "supervisor", type: "uint256" },
  ],
};

/** The EIP-712 domain of a ProofOfView deployment. */
export function povDomain(chainId: bigint | number, verifyingContract: string): TypedDataDomain {
  return {
    name: "Auteur ProofOfView",
    version: "1",
    chainId,
    verifyingContract: getAddress(verifyingContract),
  };
}

/**
 * The report as typed data: `signer.signTypedData(td.domain, td.types, td.message)` with ethers;
 * for a wallet's `eth_signTypedData_v4`, send
 * `JSON.stringify(TypedDataEncoder.getPayload(td.domain, td.types, td.message))`. Either signs
 * {@link epochReportDigest}, the digest `ProofOfView` checks.
 */
export function epochReportTypedData(domain: TypedDataDomain, report: EpochReport) {
  return {
    domain,
    types: EPOCH_REPORT_TYPES,
    primaryType: "EpochReport" as const,
    message: report,
  };
}

/** The digest the contract checks (`ProofOfView.reportDigest`). */
export function epochReportDigest(domain: TypedDataDomain, report: EpochReport): string {
  return TypedDataEncoder.hash(
    domain,
    EPOCH_REPORT_TYPES,
    report as unknown as Record<string, unknown>,
  );
}

/** Anything that signs EIP-712 typed data (an ethers Wallet or Signer). */
export interface TypedDataSigner {
  getAddress(): Promise<string>;
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/** One verifier's signature of a report. */
export interface ReportSignature {
  signer: string;
  signature: string;
}

/** Signs a report as a verifier. */
export async function signEpochReport(
  signer: TypedDataSigner,
  domain: TypedDataDomain,
  report: EpochReport,
): Promise<ReportSignature> {
  const signature = await signer.signTypedData(
    domain,
    EPOCH_REPORT_TYPES,
    report as unknown as Record<string, unknown>,
  );
  return { signer: getAddress(await signer.getAddress()), signature };
}

/** Signatures ordered by strictly increasing signer address, as `AuthoritySet.requireQuorum` wants; duplicates dropped. */
export function orderSignatures(signatures: ReportSignature[]): string[] {
  const seen = new Set<string>();
  return signatures
    .filter((s) =>
      seen.has(getAddress(s.signer)) ? false : (seen.add(getAddress(s.signer)), true),
    )
    .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1))
    .map((s) => s.signature);
}
