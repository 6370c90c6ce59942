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

/** graph-node network names by chain id (The Graph's names for hosted networks). */
export const NETWORKS: Record<string, string> = {
  "31337": "hardhat",
  "1": "mainnet",
  "11155111": "sepolia",
  "8217": "kaia",
  "1001": "kaia-testnet",
};
