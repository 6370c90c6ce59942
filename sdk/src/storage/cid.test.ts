import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { importer } from "ipfs-unixfs-importer";
import { CID } from "multiformats/cid";

import { BLOCK_SIZE, bytesMatchCid, parseCid, unixfsCid } from "./cid.js";
import { StorageInputError } from "./errors.js";
import { importContent } from "./importContent.js";

const hello = new TextEncoder().encode("hello world\n");

// CIDs that Kubo's `ipfs add` prints for these bytes (published in Kubo's docs and tests).
const KUBO = {
  helloV0: "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", // ipfs add (defaults: CIDv0)
  helloV1: "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", // ipfs add --cid-version 1
  emptyV0: "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", // ipfs add of an empty file
};

async function importBlocks(data: Uint8Array, splits: number[] = []) {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const s of [...splits].sort((a, b) => a - b)) {
    parts.push(data.subarray(at, s));
    at = s;
  }
  parts.push(data.subarray(at));
  const written = new Map<string, Uint8Array>();
  const result = await importContent(parts, {
    write: async (cid, bytes) => void written.set(cid.toString(), bytes),
  });
  return { ...result, written };
}

describe("storage/cid: agreement with Kubo", () => {
  it("gives Kubo's CIDv0 for `hello world\\n` with Kubo's defaults", async () => {
    expect((await unixfsCid(hello, "kubo-v0")).toString()).to.equal(KUBO.helloV0);
  });

  it("gives Kubo's CIDv1 raw-leaf CID for `hello world\\n` with --cid-version 1", async () => {
    expect((await unixfsCid(hello, "kubo-v1")).toString()).to.equal(KUBO.helloV1);
  });

  it("gives Kubo's CIDv0 of an empty file", async () => {
    expect((await unixfsCid(new Uint8Array(0), "kubo-v0")).toString()).to.equal(KUBO.emptyV0);
  });

  it("stores `hello world\\n` as the very block Kubo addresses with CIDv1", async () => {
    const { blocks, root, written } = await importBlocks(hello);
    expect(blocks).to.have.length(1);
    expect(blocks[0].cid).to.equal(KUBO.helloV1);
    expect(blocks[0].sha256).to.equal(
      "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
    );
    expect(root.toString()).to.equal(KUBO.helloV1);
    expect([...written.keys()]).to.deep.equal([KUBO.helloV1]);
  });

  it("builds the same UnixFS root as the reference importer's unixfs-v1-2025 profile", async () => {
    for (const size of [BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1, 3 * BLOCK_SIZE + 4321]) {
      const data = randomBytes(size);
      const { root, blocks, nodes, written } = await importBlocks(
        data,
        [7, 65_536, BLOCK_SIZE + 3].filter((s) => s < size),
      );
      let reference: CID | undefined;
      for await (const entry of importer(
        [{ content: data }],
        { put: async (c: CID) => c },
        { profile: "unixfs-v1-2025" },
      )) {
        reference = entry.cid;
      }
      expect(root.toString(), `size ${size}`).to.equal(reference!.toString());
      expect(blocks).to.have.length(Math.ceil(size / BLOCK_SIZE));
      // Every written block hashes to its CID; the root node is among the written blocks.
      for (const [cid, bytes] of written)
        expect(bytesMatchCid(CID.parse(cid), bytes), cid).to.equal(true);
      if (blocks.length > 1) expect(nodes.map(String)).to.include(root.toString());
    }
  });

  it("detects bytes that do not match a CID", () => {
    const cid = CID.parse(KUBO.helloV1);
    expect(bytesMatchCid(cid, hello)).to.equal(true);
    expect(bytesMatchCid(cid, hello.subarray(0, 11))).to.equal(false);
    const flipped = Uint8Array.from(hello);
    flipped[0] ^= 1;
    expect(bytesMatchCid(cid, flipped)).to.equal(false);
  });

  it("rejects malformed CIDs and empty input with typed errors", async () => {
    expect(() => parseCid("not-a-cid"))
      .to.throw(StorageInputError)
      .with.property("code", "STORE_BAD_CID");
    let error: unknown;
    try {
      await importBlocks(new Uint8Array(0));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(StorageInputError).with.property("code", "STORE_EMPTY_INPUT");
  });
});
