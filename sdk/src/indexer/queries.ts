/**
 * The questions an integrator asks, as GraphQL for graph-node, The Graph Studio or the local harness
 * endpoint: one text for the SDK client, the demo and the subgraph tests.
 */
export const INTEGRATOR_QUERIES = {
  /** Works owned by an account (`$owner`: lowercase 0x address). */
  worksByOwner: `query WorksByOwner($owner: String!) {
  works(where: { owner: $owner }, orderBy: registeredAt) {
    id contentSha256 width height status versionCount highestPixels
    creator { id } owner { id }
    versions(orderBy: version) { id version width height raw }
  }
}`,
  /** Licences of a work with what each sale moved (`$work`: the work id as a string). */
  licencesOfWork: `query LicencesOfWork($work: String!) {
  licences(where: { work: $work }) {
    id kind tier validUntil purchaseCount buyer { id }
    purchases(orderBy: blockNumber) { price proceeds donation fuelFee fuelBurned token }
  }
}`,
  /** Earnings per role of every work in a settled Proof-of-View report (`$epoch`: the nonce). */
  earningsForEpoch: `query EarningsForEpoch($epoch: ID!) {
  epoch(id: $epoch) {
    id fromEpoch toEpoch emission minted allocated status
    contents(orderBy: creator, orderDirection: desc) {
      work { id } creator viewer enhancer storageProvider verifier supervisor
    }
  }
}`,
  /** A campaign's spend: deposited = debited + remaining + refunded (`$campaign`: its id). */
  campaignSpend: `query CampaignSpend($campaign: ID!) {
  campaign(id: $campaign) {
    id status deposited debited remaining refunded viewerPool viewerClaimed settlementCount
    settlements(orderBy: period) { period debited remaining prorated }
  }
}`,
} as const;
