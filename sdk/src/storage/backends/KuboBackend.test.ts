/**
 * No Kubo daemon can run here, so these tests stand up a small HTTP server on the loopback
 * interface that answers the part of Kubo's RPC API the backend uses (block/put, block/get,
 * block/stat, block/rm, pin/rm) the way Kubo does, computes CIDs itself from the bytes it receives,
 * and records every request so the tests can assert on what the real client sends.
 */
import { expect } from "chai";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CID } from "multiformats/cid";

import { blockCid, BLOCK_SIZE } from "../cid.js";
import { StorageBackendError, StorageBackendTimeoutError } from "../errors.js";
import { createStore } from "../store.js";
import { collect, pseudoRandomBytes } from "../testing.js";
import { KuboBackend } from "./KuboBackend.js";

const CODECS: Record<string, number> = { raw: 0x55, "dag-pb": 0x70, "dag-cbor": 0x71 };

interface Recorded {
  path: string;
  query: URLSearchParams;
  bytes: number;
}

class FakeKubo {
  readonly blocks = new Map<string, Uint8Array>();
  readonly requests: Recorded[] = [];
  mode: "ok" | "error" | "hang" | "wrong-cid" = "ok";
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private error(res: ServerResponse, message: string): void {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ Message: message, Code: 0, Type: "error" }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    this.requests.push({ path: url.pathname, query: url.searchParams, bytes: body.length });
    if (req.method !== "POST") return this.error(res, "Method Not Allowed");
    if (this.mode === "hang") {
      this.hanging.add(res);
      return;
    }
    if (this.mode === "error")
      return this.error(res, "failed to put block: no space left on device");
    const arg = url.searchParams.get("arg");
    switch (url.pathname) {
      case "/api/v0/block/put": {
        const boundary = /boundary=(.+)$/.exec(req.headers["content-type"] ?? "")?.[1];
        if (boundary === undefined) return this.error(res, "file argument 'data' is required");
        const start = body.indexOf("\r\n\r\n") + 4;
        const end = body.lastIndexOf(`\r\n--${boundary}--`);
        const data = body.subarray(start, end);
        const codec = CODECS[url.searchParams.get("cid-codec") ?? ""];
        if (codec === undefined || url.searchParams.get("mhtype") !== "sha2-256")
          return this.error(res, "unsupported codec or hash");
        let cid = blockCid(codec, data);
        this.blocks.set(cid.toString(), Uint8Array.from(data));
        if (this.mode === "wrong-cid") cid = blockCid(codec, Buffer.from("something else"));
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ Key: cid.toString(), Size: data.length }));
      }
      case "/api/v0/block/get":
      case "/api/v0/block/stat": {
        const block = arg === null ? undefined : this.blocks.get(CID.parse(arg).toString());
        if (block === undefined)
          return this.error(
            res,
            `block was not found locally (offline): ipld: could not find ${arg}`,
          );
        if (url.pathname.endsWith("stat")) {
          res.writeHead(200, { "content-type": "application/json" });
          return void res.end(JSON.stringify({ Key: arg, Size: block.length }));
        }
        res.writeHead(200, { "content-type": "application/octet-stream" });
        return void res.end(block);
      }
      case "/api/v0/block/rm": {
        this.blocks.delete(String(arg));
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ Hash: arg }) + "\n"); // Kubo omits an empty Error
      }
      case "/api/v0/pin/rm": {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ Pins: [arg] }));
      }
      default:
        return this.error(res, `unknown command ${url.pathname}`);
    }
  }
}

describe("storage: Kubo backend over the RPC API (loopback test server)", () => {
  let kubo: FakeKubo;
  let url: string;
  beforeEach(async () => {
    kubo = new FakeKubo();
    url = await kubo.start();
  });
  afterEach(() => kubo.stop());

  it("puts raw blocks and the manifest with explicit codec, sha2-256 and pin, and reads them back offline", async () => {
    const store = createStore({ backends: [new KuboBackend({ url })] });
    const data = pseudoRandomBytes(2 * BLOCK_SIZE + 10, 51);
    const { cid, manifest } = await store.put(data);
    // The daemon computed the same CIDs from the bytes it received.
    for (const b of manifest.blocks) expect(kubo.blocks.has(b.cid), b.cid).to.equal(true);
    expect(kubo.blocks.has(cid)).to.equal(true);
    expect(kubo.blocks.has(manifest.root)).to.equal(true); // the UnixFS root (dag-pb)
    const puts = kubo.requests.filter((r) => r.path === "/api/v0/block/put");
    expect(puts).to.have.length(manifest.blocks.length + manifest.nodes.length + 1);
    for (const put of puts) {
      expect(put.query.get("mhtype")).to.equal("sha2-256");
      expect(put.query.get("pin")).to.equal("true");
      expect(["raw", "dag-pb", "dag-cbor"]).to.include(put.query.get("cid-codec"));
    }
    expect(puts.filter((p) => p.query.get("cid-codec") === "dag-cbor")).to.have.length(1);
    expect((await collect(store.get(cid))).equals(data)).to.equal(true);
    const gets = kubo.requests.filter((r) => r.path === "/api/v0/block/get");
    expect(gets.length).to.equal(1 + manifest.blocks.length);
    for (const get of gets) expect(get.query.get("offline")).to.equal("true");
    expect(gets.map((g) => g.query.get("arg"))).to.deep.equal([
      cid,
      ...manifest.blocks.map((b) => b.cid),
    ]);
    // Only options Kubo knows reach the daemon (no stray client-side keys such as the abort signal).
    const known = new Set([
      "arg",
      "cid-codec",
      "mhtype",
      "pin",
      "offline",
      "stream-channels",
      "force",
    ]);
    for (const r of kubo.requests)
      expect(
        [...r.query.keys()].filter((k) => !known.has(k)),
        r.path,
      ).to.deep.equal([]);
  });

  it("treats Kubo's not-found answer as a missing block and other errors as backend failures", async () => {
    const backend = new KuboBackend({ url });
    const absent = blockCid(0x55, Buffer.from("absent"));
    expect(await backend.get(absent)).to.equal(undefined);
    expect(await backend.has(absent)).to.equal(false);
    kubo.mode = "error";
    let error: unknown;
    try {
      await backend.put(absent, Buffer.from("absent"));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StorageBackendError).with.property("code", "STORE_KUBO_FAILED");
    expect((error as Error & { cause: Error }).cause.message).to.include("no space left");
  });

  it("refuses a daemon that files a block under another CID", async () => {
    kubo.mode = "wrong-cid";
    const backend = new KuboBackend({ url });
    const bytes = Buffer.from("hello world\n");
    let error: unknown;
    try {
      await backend.put(blockCid(0x55, bytes), bytes);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StorageBackendError);
  });

  it("gives a timeout error naming the daemon when it does not answer", async () => {
    kubo.mode = "hang";
    const store = createStore({ backends: [new KuboBackend({ url })], timeoutMs: 300 });
    let error: unknown;
    try {
      await store.put(Buffer.from("hello world\n"));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StorageBackendTimeoutError);
    expect((error as StorageBackendTimeoutError).message).to.include(`kubo:${url}`);
  });

  it("removes blocks with block/rm after unpinning", async () => {
    const backend = new KuboBackend({ url });
    const bytes = Buffer.from("bye\n");
    const cid = blockCid(0x55, bytes);
    await backend.put(cid, bytes);
    expect(await backend.has(cid)).to.equal(true);
    await backend.delete(cid);
    expect(await backend.has(cid)).to.equal(false);
    expect(kubo.requests.map((r) => r.path)).to.include.members([
      "/api/v0/pin/rm",
      "/api/v0/block/rm",
    ]);
  });
});
