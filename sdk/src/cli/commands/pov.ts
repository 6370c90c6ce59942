/**
 * `auteur pov play|verify|settle|claim`: Proof-of-View from the command line. `play` is the player
 * (PlayData and nonce for one cell), `verify` the verifier (PlayCodes, checks, accepted plays),
 * `settle` the quorum's settlement of ended epochs, `claim` anyone's claim with one proof.
 */
import { parseArgs } from "node:util";
import { AuteurError, AuteurInputError } from "../../errors.js";
import {
  addressFlag,
  CHAIN_HELP,
  CHAIN_OPTIONS,
  connect,
  disconnect,
  report,
} from "../../chain/node/cli.js";
import { readContract, sendContract } from "../../chain/client.js";
import { readBalancesTree } from "../../chain/node/balances.js";
import { PLAY_HELP, PLAY_OPTIONS, runPlay } from "./pov-play.js";
import { runVerify, VERIFY_HELP, VERIFY_OPTIONS } from "./pov-verify.js";
import { runSettle, SETTLE_HELP, SETTLE_OPTIONS } from "./pov-settle.js";

const CLAIM_HELP = `Usage: auteur pov claim --balances FILE [--account ADDR] [options]

Claims what ProofOfView owes ACCOUNT (default: the --private-key account) under the newest root:
the cumulative total from the balances file minus what was claimed. When the file's root is still
pending and its challenge window is over, the claim activates it first. Anyone may send the claim
for another account (a fee payer); the tokens go to the account.

  --balances FILE       the settlement's cumulative balances {"0xAccount": "amount"}
  --account ADDR        whose rewards to claim
${CHAIN_HELP}`;

const HELP = `Usage: auteur pov <play|verify|settle|claim> [options]

  auteur pov verify content|issue|check|list ...   the verifier: cells, PlayCodes, checks
  auteur pov play --challenge FILE ...             the player: PlayData and nonce for one cell
  auteur pov settle --state FILE ...               the quorum settles ended epochs
  auteur pov claim --balances FILE ...             claim rewards with one proof

Run \`auteur pov <step> --help\` for a step's options.`;

const HELPS: Record<string, string> = {
  play: PLAY_HELP,
  verify: VERIFY_HELP,
  settle: SETTLE_HELP,
  claim: CLAIM_HELP,
};

export async function run(argv: string[]): Promise<void> {
  const sub = argv[0];
  if (sub === undefined || sub === "--help" || sub === "-h") {
    console.log(HELP);
    if (sub === undefined) process.exitCode = 2;
    return;
  }
  const help = HELPS[sub];
  if (help === undefined) {
    throw new AuteurInputError("SUBCOMMAND_UNKNOWN", `unknown pov step "${sub}"`, {
      hints: ["use auteur pov play|verify|settle|claim"],
    });
  }
  const rest = argv.slice(1);
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(help);
    return;
  }
  if (sub === "play") {
    const { values } = parseArgs({
      args: rest,
      options: { ...PLAY_OPTIONS, json: { type: "boolean" } },
    });
    return runPlay(values);
  }
  if (sub === "verify") {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...CHAIN_OPTIONS, ...VERIFY_OPTIONS },
    });
    return runVerify(positionals[0], values);
  }
  if (sub === "settle") {
    const { values } = parseArgs({ args: rest, options: { ...CHAIN_OPTIONS, ...SETTLE_OPTIONS } });
    return runSettle(values);
  }
  const { values } = parseArgs({
    args: rest,
    options: { ...CHAIN_OPTIONS, balances: { type: "string" }, account: { type: "string" } },
  });
  return claim(values);
}

async function claim(values: {
  balances?: string;
  account?: string;
  "rpc-url"?: string;
  "private-key"?: string;
  deployments?: string;
  json?: boolean;
}): Promise<void> {
  if (values.balances === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--balances is required", {
      hints: ["pass --balances balances.json (written by `auteur pov settle`)"],
    });
  }
  const tree = await readBalancesTree(values.balances);
  const client = await connect(values, { needsSigner: true });
  try {
    const account = values.account
      ? addressFlag(values.account, "--account")
      : await client.account();
    const { cumulativeAmount, proof } = tree.claimOf(account);
    const [, , pendingRoot, , pendingActiveAt, activeRoot] = await readContract<
      [bigint, bigint, string, bigint, bigint, string, bigint]
    >(client, "ProofOfView", "settlementState");
    let activated = false;
    if (activeRoot !== tree.root) {
      if (pendingActiveAt === 0n || pendingRoot !== tree.root) {
        throw new AuteurError("POV_ROOT_UNKNOWN", "the balances are not the newest settlement's", {
          details: { fileRoot: tree.root, activeRoot, pendingRoot },
          hints: ["pass the balances file written by the last `auteur pov settle`"],
        });
      }
      const block = await client.provider.getBlock("latest");
      if (BigInt(block?.timestamp ?? 0) < pendingActiveAt) {
        throw new AuteurError(
          "POV_ROOT_PENDING",
          `the settlement is claimable from ${pendingActiveAt} (unix seconds)`,
          {
            details: { pendingActiveAt },
            hints: ["claim after the challenge window, when supervisors can no longer reject it"],
          },
        );
      }
      await sendContract(client, "ProofOfView", "activateRoot", [], { action: "pov claim" });
      activated = true;
    }
    const r = await client.claimPovReward({ account, cumulativeAmount, proof });
    report(
      values.json,
      { account, paid: r.paid, cumulativeAmount, activated, txHash: r.txHash },
      [
        ...(activated ? ["Activated the settlement's root (challenge window over)"] : []),
        r.paid === 0n
          ? `Nothing to claim for ${account}: its ${cumulativeAmount} was claimed already`
          : `Claimed ${r.paid} for ${account} (tx ${r.txHash})`,
      ],
      "auteur pov settle --state <file> ... (next epochs), or auteur verify <file>",
    );
  } finally {
    disconnect(client);
  }
}
