/**
 * Serves a QueryEndpoint over HTTP like graph-node's query node: POST a JSON body
 * `{ query, variables, operationName }` to `/subgraphs/name/<name>` (or `/graphql`), get
 * `{ data, errors }` back. GET answers with a one-line hint.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { QueryEndpoint } from "./graphql.js";

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serve(
  endpoint: QueryEndpoint,
  port = 8000,
  name = "auteur",
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, {
        "content-type": "application/json",
        "access-control-allow-origin": "*",
      });
      res.end(JSON.stringify(body));
    };
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-headers": "content-type",
        "access-control-allow-methods": "POST, GET, OPTIONS",
      });
      res.end();
      return;
    }
    if (req.method !== "POST") {
      reply(200, { message: `POST GraphQL queries as JSON to /subgraphs/name/${name}` });
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: { query?: string; variables?: Record<string, unknown>; operationName?: string };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        reply(400, { errors: [{ message: "the request body is not JSON" }] });
        return;
      }
      if (typeof body.query !== "string") {
        reply(400, { errors: [{ message: "the request has no `query` string" }] });
        return;
      }
      endpoint.execute(body.query, body.variables ?? undefined, body.operationName).then(
        (result) => reply(200, result),
        (e: Error) => reply(500, { errors: [{ message: e.message }] }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/subgraphs/name/${name}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
