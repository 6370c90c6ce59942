/**
 * `auteur register <file>`: hash the file (SHA-256, pHash), store its chunks, get the attester's
 * signature and register the work on chain.
 */
import { parseArgs } from "node:util";
import { AuteurInputError } from "../../errors.js";
import {
  CHAIN_HELP,
  CHAIN_OPTIONS,
  connect,
  disconnect,
  report,
  walletOf,
} from "../../chain/node/cli.js";
import { prepareUpload } from "../../chain/node/prepareUpload.js";
import { createStore } from "../../storage/store.js";
import { progress } from "../progress.js";

const HELP = `Usage: auteur register <file> [options]

Registers an image as a new work: SHA-256 and pHash of the file, chunks stored in the local store
(manifest CID on chain), an attester's EIP-712 signature, then CopyrightRegistry.register.

  --attester-key KEY    attester's key (env AUTEUR_ATTESTER_KEY; must hold ATTESTER_ROLE)
  --raw                 the file is a camera RAW
  --store-dir DIR       chunk store directory (default .auteur/store)
${CHAIN_HELP}`;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CHAIN_OPTIONS,
      "attester-key": { type: "string" },
      raw: { type: "boolean" },
      "store-dir": { type: "string" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const file = positionals[0];
  if (file === undefined) {
    throw new AuteurInputError("FILE_MISSING", "register needs a file", {
      hints: ["auteur register photo.jpg"],
    });
  }
  const attesterKey = values["attester-key"] ?? process.env.AUTEUR_ATTESTER_KEY;
  if (attesterKey === undefined) {
    throw new AuteurInputError("NO_ATTESTER", "registration needs an attester's signature", {
      hints: [
        "pass --attester-key 0x... (an account with ATTESTER_ROLE) or set AUTEUR_ATTESTER_KEY",
      ],
    });
  }
  const attester = walletOf(attesterKey, "--attester-key");
  // one bar: hashing 0-30 %, storing the chunks 30-90 %, the transaction 90-100 %
  const bar = progress("register", 100, { json: values.json });
  const store = createStore({ dir: values["store-dir"] ?? ".auteur/store", replication: 1 });
  let prepared;
  try {
    prepared = await prepareUpload(file, {
      raw: values.raw ?? false,
      store,
      onProgress: (p) => {
        if (p.step === "sha256") bar.set(10);
        else if (p.step === "pHash") bar.set(30);
        else bar.set(30 + Math.floor((60 * p.done) / Math.max(p.total, 1)));
      },
    });
  } catch (error) {
    bar.done();
    throw error;
  } finally {
    // the store's hash workers and background sync end here, so the process can exit
    await store.close();
  }
  const client = await connect(values, { needsSigner: true }).catch((error: unknown) => {
    bar.done();
    throw error;
  });
  try {
    let result;
    try {
      result = await client.registerWork({ upload: prepared.upload, attester });
      bar.set(100);
    } finally {
      bar.done();
    }
    report(
      values.json,
      {
        workId: result.workId,
        sha256: prepared.upload.contentSha256,
        pHash: prepared.pHashHex,
        width: prepared.upload.width,
        height: prepared.upload.height,
        manifestCid: prepared.manifestCid,
        txHash: result.txHash,
      },
      [
        `Registered work ${result.workId}`,
        `  sha256    ${prepared.upload.contentSha256}`,
        `  pHash     ${prepared.pHashHex}`,
        `  size      ${prepared.upload.width}x${prepared.upload.height}`,
        `  manifest  ${prepared.manifestCid}`,
        `  tx        ${result.txHash}`,
      ],
      `auteur licence offer --work ${result.workId} --kind RoyaltyFree --price 1`,
    );
  } finally {
    disconnect(client);
  }
}
