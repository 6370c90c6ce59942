/** What a player proves it watched: one 1-minute VideoCell of a content. */
export interface PlayData {
  /** The viewer's address (0x-prefixed, checksummed or not). */
  account: string;
  /** The content's work id in the CopyrightRegistry. */
  workId: bigint;
  /** Index of the VideoCell in the content's manifest (0-based). */
  cellIndex: number;
  /** SHA-256 of the cell's bytes (0x-prefixed hex), as listed in the content's manifest. */
  cellHash: string;
}

/** Issued by a verifier when a player starts a cell: the PlayCode and the random constant. */
export interface PlayChallenge {
  /** Keyed hash of (account, content, cell, cycle): one per account per cell per cycle. */
  playCode: string;
  /** Random 32-byte constant (0x hex) the nonce must be computed over. */
  constant: string;
  /** Verifier clock (ms) when the constant was issued. */
  issuedAtMs: number;
  /** Epoch of issue. */
  epoch: bigint;
  /** Nonce cycle of issue (`epoch / cycleEpochs`). */
  cycle: bigint;
  /** Leading zero bits the nonce's hash needs. */
  difficultyBits: number;
}

/** What a player sends back after playing a cell. */
export interface PlaySubmission {
  playData: PlayData;
  playCode: string;
  /** The nonce found (a uint64 as decimal string or bigint). */
  nonce: bigint;
  /** Milliseconds the player spent computing the nonce. */
  nonceMs: number;
  /** Milliseconds the cell actually played. */
  playbackMs: number;
  /** The storage provider that served the cell (its address), paid from the storage share. */
  storageProvider: string;
}

/** A play the verifier accepted, as the report builder consumes it. */
export interface AcceptedPlay {
  account: string;
  workId: bigint;
  cellIndex: number;
  epoch: bigint;
  storageProvider: string;
  playCode: string;
}

/** Why a verifier refused a challenge or a play. */
export type PlayRejectionReason =
  | "LISTED_ACCOUNT"
  | "UNKNOWN_CONTENT"
  | "UNKNOWN_CELL"
  | "CELL_HASH_MISMATCH"
  | "PLAYCODE_ALREADY_ISSUED"
  | "FORGED_PLAYCODE"
  | "REPLAYED_PLAY"
  | "OUT_OF_CYCLE"
  | "INVALID_NONCE"
  | "TOO_FAST"
  | "PLAYBACK_TOO_LONG"
  | "INVALID_TIMING";

/** A verifier's answer to a submission. */
export type PlayVerdict =
  | { accepted: true; play: AcceptedPlay }
  | { accepted: false; reason: PlayRejectionReason; detail: string };

/** Basis-point split of a content's non-protocol part (sums to 10,000). */
export interface ContentSplit {
  creatorBps: number;
  viewerBps: number;
  enhancerBps: number;
}

/** Protocol shares of every content's amount, basis points. */
export interface ProtocolShares {
  storageBps: number;
  verifierBps: number;
  supervisorBps: number;
}

/** One content's amounts by role, as ProofOfView checks them (EIP-712 `ContentTotals`). */
export interface ContentTotals {
  workId: bigint;
  creator: bigint;
  viewer: bigint;
  enhancer: bigint;
  storageProvider: bigint;
  verifier: bigint;
  supervisor: bigint;
}

/** The report the verifier quorum signs (EIP-712 `EpochReport`). */
export interface EpochReport {
  fromEpoch: bigint;
  toEpoch: bigint;
  nonce: bigint;
  root: string;
  total: bigint;
  contents: ContentTotals[];
}
