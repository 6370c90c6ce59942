/**
 * `auteur licence offer|buy|check`: publish a licence offer on a work you own, buy one, check one.
 */
import { parseArgs } from "node:util";
import { AuteurInputError } from "../../errors.js";
import {
  addressFlag,
  amountFlag,
  bigintFlag,
  CHAIN_HELP,
  CHAIN_OPTIONS,
  connect,
  disconnect,
  report,
} from "../../chain/node/cli.js";
import { LicenceKind, type LicenceKindName } from "../../chain/actions/kinds.js";

const HELP = `Usage: auteur licence <offer|buy|check> --work ID --kind KIND [options]

  auteur licence offer --work ID --kind KIND --price TOKENS [--tier N] [--term SECONDS] [--token ADDR]
      Publishes (or changes) an offer on a work you own (price in whole tokens, e.g. 2.5, or 10wei).
  auteur licence buy --work ID --kind KIND [--tier N]
      Buys at the offer's current price (approves the market first when needed).
  auteur licence check --work ID --kind KIND --account ADDR
      Exit code 0 when the account holds a valid licence, 1 when not.

KIND: RoyaltyFree | RightsManaged (needs --term) | View
${CHAIN_HELP}`;

function kindFlag(value: string | undefined): LicenceKindName {
  if (value === undefined || !(value in LicenceKind)) {
    throw new AuteurInputError(
      "FLAG_INVALID",
      `--kind must be one of ${Object.keys(LicenceKind).join(", ")}`,
      {
        hints: ["pass --kind RoyaltyFree"],
      },
    );
  }
  return value as LicenceKindName;
}

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CHAIN_OPTIONS,
      work: { type: "string" },
      kind: { type: "string" },
      tier: { type: "string" },
      price: { type: "string" },
      term: { type: "string" },
      token: { type: "string" },
      account: { type: "string" },
    },
  });
  const sub = positionals[0];
  if (values.help || sub === undefined) {
    console.log(HELP);
    if (sub === undefined && !values.help) process.exitCode = 2;
    return;
  }
  if (!["offer", "buy", "check"].includes(sub)) {
    throw new AuteurInputError("SUBCOMMAND_UNKNOWN", `unknown licence subcommand "${sub}"`, {
      hints: ["use auteur licence offer|buy|check"],
    });
  }
  const workId = bigintFlag(values.work, "--work");
  const kind = kindFlag(values.kind);
  const tier = Number(bigintFlag(values.tier, "--tier", 0n));
  if (sub === "check") {
    const account = addressFlag(values.account, "--account");
    const client = await connect(values);
    try {
      const valid = await client.hasLicence({ workId, account, kind });
      report(
        values.json,
        { workId, kind, account, valid },
        [
          `${account} ${valid ? "holds" : "does not hold"} a valid ${kind} licence on work ${workId}`,
        ],
        valid ? `auteur verify <file>` : `auteur licence buy --work ${workId} --kind ${kind}`,
      );
      if (!valid) process.exitCode = 1;
    } finally {
      disconnect(client);
    }
    return;
  }
  const client = await connect(values, { needsSigner: true });
  try {
    if (sub === "offer") {
      const price = amountFlag(values.price, "--price");
      const term = bigintFlag(values.term, "--term", 0n);
      const r = await client.publishOffer({
        workId,
        kind,
        tier,
        price,
        term,
        ...(values.token ? { token: addressFlag(values.token, "--token") } : {}),
      });
      report(
        values.json,
        { workId, kind, tier, price, term, txHash: r.txHash },
        [`Offer published: ${kind} tier ${tier} on work ${workId} for ${price} (tx ${r.txHash})`],
        `auteur licence buy --work ${workId} --kind ${kind}${tier ? ` --tier ${tier}` : ""}`,
      );
    } else {
      const r = await client.buyLicence({ workId, kind, tier });
      const account = await client.account();
      report(
        values.json,
        {
          workId,
          kind,
          tier,
          price: r.price,
          token: r.token,
          validUntil: r.validUntil,
          txHash: r.txHash,
        },
        [
          `Bought a ${kind} licence on work ${workId} for ${r.price} (valid until ${r.validUntil}; tx ${r.txHash})`,
        ],
        `auteur licence check --work ${workId} --kind ${kind} --account ${account}`,
      );
    }
  } finally {
    disconnect(client);
  }
}
