/**
 * The subgraph's data sources: which contract, which mapping file, which events. Shared by the
 * manifest generator (prepare.ts) and the harness tests, so the two cannot drift apart.
 */
export interface DataSourceSpec {
  /** contract name = data source name = key in deployments/<chainId>.json */
  name: string;
  /** Hardhat artifact path under artifacts/contracts/ */
  artifact: string;
  /** mapping file under subgraph/ */
  mapping: string;
  /** events handled; the handler is `handle<Event>` */
  events: string[];
  /** events that also need the transaction receipt (`receipt: true` in the manifest) */
  receiptEvents?: string[];
}

const ROLE_EVENTS = ["RoleGranted", "RoleRevoked"];

export const DATA_SOURCES: DataSourceSpec[] = [
  {
    name: "AuteurToken",
    artifact: "token/AuteurToken.sol/AuteurToken.json",
    mapping: "src/AuteurToken.ts",
    events: [
      "Transfer",
      "GenesisMinted",
      "Minted",
      "Burned",
      "DelegateChanged",
      "DelegateVotesChanged",
      ...ROLE_EVENTS,
    ],
  },
  {
    name: "AuthoritySet",
    artifact: "access/AuthoritySet.sol/AuthoritySet.json",
    mapping: "src/AuthoritySet.ts",
    events: ["VerifierSetChanged", "QuorumThresholdChanged", ...ROLE_EVENTS],
  },
  {
    name: "CopyrightRegistry",
    artifact: "registry/CopyrightRegistry.sol/CopyrightRegistry.json",
    mapping: "src/CopyrightRegistry.ts",
    events: [
      "WorkRegistered",
      "VersionAdded",
      "Transfer",
      "OwnershipClaimed",
      "OwnershipClaimRejected",
      "OwnershipClaimFinalised",
      "WorkSuspended",
      "WorkReinstated",
      "RoyaltySet",
      "MatchThresholdChanged",
      "DisputeWindowChanged",
      "NgoApprovalChanged",
      "DonationSet",
      ...ROLE_EVENTS,
    ],
  },
  {
    name: "LicenseMarket",
    artifact: "market/LicenseMarket.sol/LicenseMarket.json",
    mapping: "src/LicenseMarket.ts",
    events: [
      "OfferSet",
      "OfferWithdrawn",
      "LicencePurchased",
      "Withdrawn",
      "EpisodesGrouped",
      "TokenConfigured",
      "FuelFeeChanged",
      "TreasuryChanged",
      "Paused",
      "Unpaused",
      ...ROLE_EVENTS,
    ],
  },
  {
    name: "CommerceEscrow",
    artifact: "commerce/CommerceEscrow.sol/CommerceEscrow.json",
    mapping: "src/CommerceEscrow.ts",
    events: [
      "OrderPaid",
      "OrderShipped",
      "OrderReleased",
      "OrderRefunded",
      "OrderDisputed",
      "DisputeResolved",
      "Withdrawn",
      "TokenAllowed",
      "TimeoutsChanged",
      "Paused",
      "Unpaused",
      ...ROLE_EVENTS,
    ],
  },
  {
    name: "UploadMiner",
    artifact: "mining/UploadMiner.sol/UploadMiner.json",
    mapping: "src/UploadMiner.ts",
    events: ["UploadRewarded", "Paused", "Unpaused", ...ROLE_EVENTS],
  },
  {
    name: "AdEscrow",
    artifact: "ads/AdEscrow.sol/AdEscrow.json",
    mapping: "src/AdEscrow.ts",
    events: [
      "CampaignCreated",
      "CampaignToppedUp",
      "CampaignStatusChanged",
      "AdWorkPaid",
      "CampaignSettled",
      "BudgetExhausted",
      "ViewerClaimed",
      "RemainderRefunded",
      "Withdrawn",
      "TokenAllowed",
      "SplitBoundsChanged",
      "PlatformTreasuryChanged",
      "SettlementGraceChanged",
      "Paused",
      "Unpaused",
      ...ROLE_EVENTS,
    ],
  },
  {
    name: "ProofOfView",
    artifact: "pov/ProofOfView.sol/ProofOfView.json",
    mapping: "src/ProofOfView.ts",
    events: [
      "SplitSet",
      "EnhancersSet",
      "EpochsSettled",
      "ContentSettled",
      "RootActivated",
      "RootRejected",
      "Claimed",
      "ProtocolSharesSet",
      "SplitBoundsSet",
      "ChallengeWindowSet",
      "Paused",
      "Unpaused",
      ...ROLE_EVENTS,
    ],
  },
  {
    name: "Tips",
    artifact: "community/Tips.sol/Tips.json",
    mapping: "src/Tips.ts",
    events: ["Tipped"],
  },
];

/**
 * Contracts deployed once per instance (one vesting wallet per vesting tranche), all handled by
 * one mapping with one ABI. Each becomes two things in the manifest:
 *
 * - a data source template `<name>`, always present: codegen writes the event classes to
 *   `generated/templates/<name>/<name>.ts`, one import path whatever the deployment holds, and a
 *   manifest without a deployment still compiles the mapping; the harness instantiates it for the
 *   addresses a test or the demo deployed;
 * - a static data source per deployment key `<prefix><id>` (`Vesting_team`), with that key's
 *   address and start block, and `<idContextKey>: <id>` in its declared context.
 *
 * Why static data sources rather than only the template, created by a mapping: graph-node
 * starts a template instance at the block of the `create` call, and nothing on chain can make that
 * call in time. The wallets are deployed before the token (they are genesis recipients) and
 * announce their schedule in their constructor, so the token's GenesisMinted comes later and
 * cannot tell a wallet from any other recipient without an eth_call. The deployment record knows
 * every wallet and its creation block: listing them is exact and starts at their first event.
 */
export interface TemplateSpec {
  /** template name = ABI name (`abis/<name>.json`) */
  name: string;
  /** deployment keys starting with this become data sources of this template */
  prefix: string;
  /**
   * Hardhat artifacts (under artifacts/contracts/) of the contracts the template covers. Their
   * handled events must be identical (prepare.ts checks); the ABI is their union (every event,
   * function and error once, no constructor).
   */
  artifacts: string[];
  /** mapping file under subgraph/ */
  mapping: string;
  /** events handled; the handler is `handle<Event>` */
  events: string[];
  /** the context key that holds the `<id>` part of the deployment key */
  idContextKey: string;
  /** the context key that holds the id's label from the deployment's allocation table */
  labelContextKey: string;
}

export const VESTING_WALLETS: TemplateSpec = {
  name: "VestingWallet",
  prefix: "Vesting_",
  artifacts: [
    "token/AuteurVestingWallet.sol/AuteurVestingWallet.json",
    "token/AuteurStepVestingWallet.sol/AuteurStepVestingWallet.json",
  ],
  mapping: "src/VestingWallet.ts",
  events: [
    "VestingScheduleCreated",
    "ERC20Released",
    "EtherReleased",
    "OwnershipTransferred",
    "VestingVotesDelegated",
  ],
  idContextKey: "trancheId",
  labelContextKey: "trancheLabel",
};

export const TEMPLATES: TemplateSpec[] = [VESTING_WALLETS];

/** A declared data source context entry, as the manifest writes it (`{ type: String, data: x }`). */
export interface ContextEntry {
  type: "String" | "Int" | "Int8" | "BigInt" | "BigDecimal" | "Bool" | "Bytes" | "List";
  data: unknown;
}

/**
 * The template a deployment key belongs to and the context of its data source, or undefined when
 * the key is not `<prefix><id>` of any template (or is a plain data source's name).
 */
export function templateOf(
  key: string,
  label?: string,
): { template: TemplateSpec; id: string; context: Record<string, ContextEntry> } | undefined {
  if (DATA_SOURCES.some((d) => d.name === key)) return undefined;
  const template = TEMPLATES.find((t) => key.startsWith(t.prefix) && key.length > t.prefix.length);
  if (template === undefined) return undefined;
  const id = key.slice(template.prefix.length);
  const context: Record<string, ContextEntry> = {
    [template.idContextKey]: { type: "String", data: id },
  };
  if (label !== undefined) context[template.labelContextKey] = { type: "String", data: label };
  return { template, id, context };
}

/** graph-node network names by chain id (The Graph's names for hosted networks). */
export const NETWORKS: Record<string, string> = {
  "31337": "hardhat",
  "1": "mainnet",
  "11155111": "sepolia",
  "8217": "kaia",
  "1001": "kaia-testnet",
};
