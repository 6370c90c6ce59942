/**
 * `auteur version <file> --of <sha256>`: register a higher-resolution (or RAW) copy of a
 * registered file as a version of its work.
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

const HELP = `Usage: auteur version <file> --of <sha256> [options]

Adds the file to the work of the registered file <sha256> (a perceptual match with more pixels).
A RAW file (--raw) at least as large as the work's largest file opens an ownership transfer.

  --of SHA256           SHA-256 of the registered file this one matches (auteur verify prints it)
  --attester-key KEY    attester's key (env AUTEUR_ATTESTER_KEY)
  --raw                 the file is a camera RAW
  --store-dir DIR       chunk store directory (default .auteur/store)
${CHAIN_HELP}`;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CHAIN_OPTIONS,
      of: { type: "string" },
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
  if (file === undefined || values.of === undefined || !/^0x[0-9a-fA-F]{64}$/.test(values.of)) {
    throw new AuteurInputError(
      "INPUT_MISSING",
      "version needs a file and --of <0x sha256 of the matched file>",
      {
        hints: [
          "auteur version photo-4k.jpg --of 0x... (run `auteur verify photo.jpg` for the sha256)",
        ],
      },
    );
  }
  const attesterKey = values["attester-key"] ?? process.env.AUTEUR_ATTESTER_KEY;
  if (attesterKey === undefined) {
    throw new AuteurInputError("NO_ATTESTER", "a version needs an attester's signature", {
      hints: ["pass --attester-key 0x... or set AUTEUR_ATTESTER_KEY"],
    });
  }
  const attester = walletOf(attesterKey, "--attester-key");
  const store = createStore({ dir: values["store-dir"] ?? ".auteur/store", replication: 1 });
  let prepared;
  try {
    prepared = await prepareUpload(file, { raw: values.raw ?? false, store });
  } finally {
    // the store's hash workers and background sync end here, so the process can exit
    await store.close();
  }
  const client = await connect(values, { needsSigner: true });
  try {
    const result = await client.addVersion({
      upload: prepared.upload,
      matchedSha256: values.of,
      attester,
    });
    report(
      values.json,
      {
        workId: result.workId,
        version: result.version,
        kind: result.kind,
        readyAt: result.readyAt,
        txHash: result.txHash,
      },
      [
        `Version ${result.version} of work ${result.workId}${result.kind === "rawClaim" ? ` (RAW ownership claim, final after ${result.readyAt})` : ""}`,
        `  tx ${result.txHash}`,
      ],
      `auteur verify ${file}`,
    );
  } finally {
    disconnect(client);
  }
}
