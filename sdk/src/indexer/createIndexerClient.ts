import { AuteurError } from "../errors.js";
import { INTEGRATOR_QUERIES } from "./queries.js";

/** Parameters of {@link createIndexerClient}. */
export interface CreateIndexerClientParameters {
  /**
   * The subgraph's GraphQL URL: graph-node (`http://host:8000/subgraphs/name/auteur`), The Graph
   * Studio's query URL, or the local harness endpoint (`subgraph/harness/server.ts`).
   */
  url: string;
  /** Extra request headers (e.g. an API key). */
  headers?: Record<string, string>;
  /** A fetch implementation; defaults to the global one (Node 18+, browsers). */
  fetch?: typeof globalThis.fetch;
}

/** A GraphQL answer's `data`, typed by the caller. */
export type IndexerData = Record<string, unknown>;

/** What {@link createIndexerClient} returns. */
export interface IndexerClient {
  /** Runs any GraphQL query; throws an AuteurError for transport or GraphQL errors. */
  query<T extends IndexerData = IndexerData>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<T>;
  /** Works owned by `owner`, with their versions. */
  worksByOwner(owner: string): Promise<IndexerData>;
  /** Licences sold on a work, with what each sale moved. */
  licencesOfWork(workId: bigint | string): Promise<IndexerData>;
  /** Earnings per role of every work in a settled Proof-of-View report (by its nonce). */
  earningsForEpoch(nonce: bigint | string): Promise<IndexerData>;
  /** A campaign's spend and settlements. */
  campaignSpend(campaignId: bigint | string): Promise<IndexerData>;
}

/**
 * A typed client for the Auteur subgraph. It speaks plain GraphQL over HTTP, so the same client
 * works against graph-node, The Graph Studio and the local harness endpoint, in Node and browsers.
 *
 * @example
 * ```ts
 * const indexer = createIndexerClient({ url: "http://127.0.0.1:8000/subgraphs/name/auteur" });
 * const { works } = await indexer.worksByOwner("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
 * ```
 */
export function createIndexerClient(p: CreateIndexerClientParameters): IndexerClient {
  const doFetch = p.fetch ?? globalThis.fetch;
  const query = async <T extends IndexerData = IndexerData>(
    text: string,
    variables?: Record<string, unknown>,
  ): Promise<T> => {
    let response: Response;
    try {
      response = await doFetch(p.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...p.headers },
        body: JSON.stringify({ query: text, variables }),
      });
    } catch (cause) {
      throw new AuteurError("INDEXER_UNREACHABLE", `The subgraph at ${p.url} did not answer`, {
        details: { url: p.url },
        hints: ["Check the URL and that graph-node (or the harness endpoint) is running."],
        cause,
      });
    }
    let body: { data?: T; errors?: { message: string }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch (cause) {
      throw new AuteurError(
        "INDEXER_BAD_RESPONSE",
        `The subgraph at ${p.url} answered HTTP ${response.status} without JSON`,
        {
          details: { url: p.url, status: response.status },
          hints: [
            "The URL must be the subgraph's GraphQL endpoint, e.g. .../subgraphs/name/auteur.",
          ],
          cause,
        },
      );
    }
    if (body.errors !== undefined && body.errors.length > 0) {
      throw new AuteurError(
        "INDEXER_QUERY_FAILED",
        `The subgraph refused the query: ${body.errors.map((e) => e.message).join("; ")}`,
        {
          details: { url: p.url, status: response.status, errors: body.errors },
          hints: [
            "Check the query against subgraph/schema.graphql (entity and field names, filters).",
          ],
        },
      );
    }
    if (!response.ok || body.data === undefined) {
      throw new AuteurError(
        "INDEXER_BAD_RESPONSE",
        `The subgraph at ${p.url} answered HTTP ${response.status} with no data`,
        {
          details: { url: p.url, status: response.status },
          hints: ["Check the URL and the subgraph's deployment status."],
        },
      );
    }
    return body.data;
  };
  return {
    query,
    worksByOwner: (owner) => query(INTEGRATOR_QUERIES.worksByOwner, { owner: owner.toLowerCase() }),
    licencesOfWork: (workId) =>
      query(INTEGRATOR_QUERIES.licencesOfWork, { work: workId.toString() }),
    earningsForEpoch: (nonce) =>
      query(INTEGRATOR_QUERIES.earningsForEpoch, { epoch: nonce.toString() }),
    campaignSpend: (campaignId) =>
      query(INTEGRATOR_QUERIES.campaignSpend, { campaign: campaignId.toString() }),
  };
}
