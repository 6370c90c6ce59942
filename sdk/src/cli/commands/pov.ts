/**
 * `auteur pov claim`: claim Proof-of-View rewards with one proof from the published balances.
 */
import { parseArgs } from "node:util";
import { AuteurInputError } from "../../errors.js";
import {
  addressFlag,
  CHAIN_HELP,
  CHAIN_OPTIONS,
  connect,
  disconnect,
  report,
} from "../../chain/node/cli.js";
import { readBalancesTree } from "../../chain/node/balances.js";

const HELP = `Usage: auteur pov claim --balances FILE [--account ADDR] [options]

Claims what ProofOfView owes ACCOUNT (default: the --private-key account) under the active root:
the cumulative total from the balances file minus what was claimed. Anyone may send the claim for
another account (a fee payer); the tokens go to the account.

  --balances FILE       the settlement's cumulative balances {"0xAccount": "amount"}
  --account ADDR        whose rewards to claim
${CHAIN_HELP}`;

export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...CHAIN_OPTIONS, balances: { type: "string" }, account: { type: "string" } },
  });
  if (values.help || positionals[0] === undefined) {
    console.log(HELP);
    if (!values.help) process.exitCode = 2;
    return;
  }
  if (positionals[0] !== "claim") {
    throw new AuteurInputError("SUBCOMMAND_UNKNOWN", `unknown pov subcommand "${positionals[0]}"`, {
      hints: ["use auteur pov claim (play, verify and settle live with the Proof-of-View tools)"],
    });
  }
  if (values.balances === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--balances is required", {
      hints: ["pass --balances epoch-balances.json (published with the settlement)"],
    });
  }
  const tree = await readBalancesTree(values.balances);
  const client = await connect(values, { needsSigner: true });
  try {
    const account = values.account
      ? addressFlag(values.account, "--account")
      : await client.account();
    const { cumulativeAmount, proof } = tree.claimOf(account);
    const r = await client.claimPovReward({ account, cumulativeAmount, proof });
    report(
      values.json,
      { account, paid: r.paid, cumulativeAmount, txHash: r.txHash },
      [
        r.paid === 0n
          ? `Nothing to claim for ${account}`
          : `Claimed ${r.paid} for ${account} (tx ${r.txHash})`,
      ],
      "auteur verify <file>",
    );
  } finally {
    disconnect(client);
  }
}
