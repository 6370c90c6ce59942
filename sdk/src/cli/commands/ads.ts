/**
 * `auteur ads create|fund|settle|claim`: open and top up ad campaigns, settle a period by the
 * verifier quorum, claim a viewer's ad earnings.
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
import { readBalancesTree } from "../../chain/node/balances.js";
import { runAdsSettle } from "./ads-settle.js";

const HELP = `Usage: auteur ads <create|fund|settle|claim> [options]

  auteur ads create --deposit TOKENS --price-per-view TOKENS [--price-per-click TOKENS]
                    --days N --split C/V/S/P [--work ID]... [--token ADDR]
      Opens a campaign (split in basis points, e.g. 5000/3000/1000/1000) starting now.
  auteur ads fund --campaign ID --amount TOKENS
      Tops up a campaign you opened.
  auteur ads settle --campaign ID --activity FILE --balances FILE --verifier-key-file FILE...
                    [--deadline-minutes 60]
      Settles the campaign's next period from verified views and clicks (the activity file),
      signed by the verifier quorum (key files or env AUTEUR_VERIFIER_KEYS=0x..,0x..); reads the
      campaign's previous viewer balances from --balances and rewrites it for the claims.
  auteur ads claim --campaign ID --balances FILE [--account ADDR]
      Claims a viewer's earnings with one proof from the campaign's cumulative balances.
${CHAIN_HELP}`;

function splitFlag(value: string | undefined) {
  const parts = (value ?? "").split("/").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new AuteurInputError(
      "FLAG_INVALID",
      "--split must be creator/viewer/storage/platform in basis points",
      {
        hints: ["pass --split 5000/3000/1000/1000 (adds up to 10000)"],
      },
    );
  }
  const [creatorBps, viewerBps, storageBps, platformBps] = parts as [
    number,
    number,
    number,
    number,
  ];
  return { creatorBps, viewerBps, storageBps, platformBps };
}

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CHAIN_OPTIONS,
      deposit: { type: "string" },
      "price-per-view": { type: "string" },
      "price-per-click": { type: "string" },
      days: { type: "string" },
      split: { type: "string" },
      work: { type: "string", multiple: true },
      token: { type: "string" },
      campaign: { type: "string" },
      amount: { type: "string" },
      balances: { type: "string" },
      account: { type: "string" },
      activity: { type: "string" },
      "verifier-key-file": { type: "string", multiple: true },
      "deadline-minutes": { type: "string" },
    },
  });
  const sub = positionals[0];
  if (values.help || sub === undefined) {
    console.log(HELP);
    if (!values.help) process.exitCode = 2;
    return;
  }
  if (!["create", "fund", "settle", "claim"].includes(sub)) {
    throw new AuteurInputError("SUBCOMMAND_UNKNOWN", `unknown ads subcommand "${sub}"`, {
      hints: ["use auteur ads create|fund|settle|claim"],
    });
  }
  if (sub === "create") {
    const deposit = amountFlag(values.deposit, "--deposit");
    const pricePerView = amountFlag(values["price-per-view"], "--price-per-view");
    const pricePerClick = values["price-per-click"]
      ? amountFlag(values["price-per-click"], "--price-per-click")
      : 0n;
    const days = bigintFlag(values.days, "--days");
    const split = splitFlag(values.split);
    const targetWorkIds = (values.work ?? []).map((w) => bigintFlag(w, "--work"));
    const client = await connect(values, { needsSigner: true });
    try {
      const block = await client.provider.getBlock("latest");
      const start = BigInt(block?.timestamp ?? Math.floor(Date.now() / 1000));
      const r = await client.createCampaign({
        deposit,
        pricePerView,
        pricePerClick,
        start,
        end: start + days * 86_400n,
        split,
        targetWorkIds,
        ...(values.token ? { token: addressFlag(values.token, "--token") } : {}),
      });
      report(
        values.json,
        { campaignId: r.campaignId, txHash: r.txHash },
        [`Campaign ${r.campaignId} opened with ${deposit} (tx ${r.txHash})`],
        `auteur ads fund --campaign ${r.campaignId} --amount 10`,
      );
    } finally {
      disconnect(client);
    }
    return;
  }
  const campaignId = bigintFlag(values.campaign, "--campaign");
  if (sub === "fund") {
    const amount = amountFlag(values.amount, "--amount");
    const client = await connect(values, { needsSigner: true });
    try {
      const r = await client.fundCampaign({ campaignId, amount });
      report(
        values.json,
        { campaignId, remaining: r.remaining, txHash: r.txHash },
        [`Campaign ${campaignId} now holds ${r.remaining} (tx ${r.txHash})`],
        `auteur ads settle --campaign ${campaignId} --activity <file> --balances <file> --verifier-key-file <key>`,
      );
    } finally {
      disconnect(client);
    }
    return;
  }
  if (sub === "settle") {
    await runAdsSettle(campaignId, values);
    return;
  }
  if (values.balances === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--balances is required", {
      hints: ["pass the campaign's cumulative balances file published with its settlement"],
    });
  }
  const tree = await readBalancesTree(values.balances);
  const client = await connect(values, { needsSigner: true });
  try {
    const account = values.account
      ? addressFlag(values.account, "--account")
      : await client.account();
    const { cumulativeAmount, proof } = tree.claimOf(account);
    const r = await client.claimAdReward({ campaignId, account, cumulativeAmount, proof });
    report(
      values.json,
      { campaignId, account, amount: r.amount, txHash: r.txHash },
      [`Claimed ${r.amount} from campaign ${campaignId} for ${account} (tx ${r.txHash})`],
      `auteur ads settle --campaign ${campaignId} ... (next period), or auteur verify <file>`,
    );
  } finally {
    disconnect(client);
  }
}
