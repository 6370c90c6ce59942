/**
 * `auteur pov settle`: builds the epoch report from the verifiers' accepted plays (splits,
 * enhancers and protocol shares read from chain), collects the quorum's EIP-712 signatures from the
 * verifier keys it is given, sends `ProofOfView.settle` and writes the cumulative balances file that
 * `auteur pov claim --balances` reads.
 */
import { existsSync } from "node:fs";
import { getAddress, ZeroHash } from "ethers";
import { AuteurInputError } from "../../errors.js";
import { buildEpochReport } from "../../pov/report.js";
import { povDomain, signEpochReport } from "../../pov/eip712.js";
import type { AcceptedPlay } from "../../pov/types.js";
import { readContract } from "../../chain/client.js";
import {
  getPovReportInputs,
  getPovSettlementState,
  settlePovEpochs,
} from "../../chain/actions/povOps.js";
import { readBalancesTree } from "../../chain/node/balances.js";
import {
  addressFlag,
  bigintFlag,
  CHAIN_HELP,
  connect,
  disconnect,
  report,
} from "../../chain/node/cli.js";
import { progress } from "../progress.js";
import { readVerifierKeys } from "../secrets.js";
import { readState, writeBalances, writeJsonAtomic } from "./pov-files.js";

export const SETTLE_HELP = `Usage: auteur pov settle --state FILE... --supervisor ADDR... --balances FILE [options]

Settles every ended epoch from ProofOfView's next epoch on: shares each epoch's emission among the
contents by their accepted plays, splits each content's amount by role (the content's split and
enhancers, the protocol shares, all read from chain), signs the EIP-712 report with the verifier
keys (at least the AuthoritySet quorum), sends settle, and writes the new cumulative balances.

  --state FILE              a verifier state file with accepted plays (repeat for several verifiers)
  --verifier-key-file FILE  one verifier's key (repeat; env AUTEUR_VERIFIER_KEYS=0x..,0x..); these
                            verifiers share the verifier amount
  --supervisor ADDR         a supervisor sharing the supervisor amount (repeat)
  --balances FILE           cumulative balances: read as the previous totals when a root exists,
                            rewritten after the settlement ({"0xAccount": "amount"}); a copy is
                            kept per report (balances.<nonce>.json: after a supervisor rejects
                            report N, settle again with --balances balances.<N-1>.json)
  --earnings FILE           also write who earned what and why (JSON lines per account, content, role)
  --to-epoch N              last epoch to settle (default: the last ended epoch)
${CHAIN_HELP}`;

export const SETTLE_OPTIONS = {
  state: { type: "string", multiple: true },
  "verifier-key-file": { type: "string", multiple: true },
  supervisor: { type: "string", multiple: true },
  balances: { type: "string" },
  earnings: { type: "string" },
  "to-epoch": { type: "string" },
} as const;

interface SettleValues {
  state?: string[];
  "verifier-key-file"?: string[];
  supervisor?: string[];
  balances?: string;
  earnings?: string;
  "to-epoch"?: string;
  "rpc-url"?: string;
  "private-key"?: string;
  deployments?: string;
  json?: boolean;
}

export async function runSettle(values: SettleValues): Promise<void> {
  if (!values.state || values.state.length === 0) {
    throw new AuteurInputError("FLAG_MISSING", "--state is required", {
      hints: ["pass the verifier state file(s) holding the accepted plays"],
    });
  }
  if (values.balances === undefined) {
    throw new AuteurInputError("FLAG_MISSING", "--balances is required", {
      hints: ["pass --balances balances.json: the claims read it (auteur pov claim --balances)"],
    });
  }
  if (!values.supervisor || values.supervisor.length === 0) {
    throw new AuteurInputError("FLAG_MISSING", "--supervisor is required", {
      hints: ["pass --supervisor 0x... once per supervisor sharing the supervisor amount"],
    });
  }
  const supervisors = values.supervisor.map((s) => addressFlag(s, "--supervisor"));
  const keys = await readVerifierKeys(values["verifier-key-file"]);
  const plays = new Map<string, AcceptedPlay>();
  for (const path of values.state) {
    for (const p of (await readState(path)).accepted) plays.set(p.playCode, p);
  }

  const client = await connect(values, { needsSigner: true });
  try {
    const state = await getPovSettlementState(client);
    const { nextEpoch, pendingActiveAt, currentEpoch: current } = state;
    const block = await client.provider.getBlock("latest");
    const now = BigInt(block?.timestamp ?? 0);
    if (pendingActiveAt !== 0n && now < pendingActiveAt) {
      throw new AuteurInputError(
        "POV_ROOT_PENDING",
        `the previous settlement is in its challenge window until ${pendingActiveAt}`,
        {
          details: { pendingActiveAt, now },
          hints: ["settle again after the challenge window (supervisors may still reject it)"],
        },
      );
    }
    const latestRoot = pendingActiveAt !== 0n ? state.pendingRoot : state.activeRoot;
    let previousTotals: ReadonlyMap<string, bigint> = new Map();
    if (latestRoot !== ZeroHash) {
      if (!existsSync(values.balances)) {
        throw new AuteurInputError("BALANCES_MISSING", `no balances file ${values.balances}`, {
          hints: ["pass the balances file the previous settlement wrote (its totals carry over)"],
        });
      }
      const tree = await readBalancesTree(values.balances);
      if (tree.root !== latestRoot) {
        throw new AuteurInputError(
          "BALANCES_STALE",
          `${values.balances} is not the newest settlement's balances`,
          {
            details: { fileRoot: tree.root, chainRoot: latestRoot },
            hints: [
              "pass the balances file written by the last `auteur pov settle`; after a supervisor rejected a report, the copy of the report before it (balances.<nonce>.json)",
            ],
          },
        );
      }
      previousTotals = tree.balances;
    } else if (existsSync(values.balances)) {
      throw new AuteurInputError(
        "BALANCES_STALE",
        `${values.balances} exists but ProofOfView has no settlement yet`,
        { hints: ["pass a new path for the first settlement's balances"] },
      );
    }
    const toEpoch = bigintFlag(values["to-epoch"], "--to-epoch", current - 1n);
    if (current === 0n || toEpoch < nextEpoch || toEpoch >= current) {
      throw new AuteurInputError(
        "POV_NO_ENDED_EPOCH",
        `no ended epoch to settle: next ${nextEpoch}, running ${current}`,
        { hints: ["wait until the epochs of the plays have ended, then settle"] },
      );
    }
    const span = [...plays.values()].filter((p) => p.epoch >= nextEpoch && p.epoch <= toEpoch);
    if (span.length === 0) {
      throw new AuteurInputError(
        "POV_NOTHING_TO_SETTLE",
        `no accepted play in epochs ${nextEpoch}..${toEpoch}`,
        { hints: ["check plays first: auteur pov verify check --state FILE --submission FILE"] },
      );
    }
    const bar = progress("settle", keys.length + 2, { json: values.json });
    // Splits, enhancers, creators, schedule and shares, as the SDK reads them for any verifier.
    let inputs;
    try {
      inputs = await getPovReportInputs(client, {
        workIds: [...new Set(span.map((p) => p.workId))],
        fromEpoch: nextEpoch,
      });
    } catch (error) {
      bar.done();
      throw error;
    }
    bar.tick();
    for (const w of keys) {
      if (!(await readContract<boolean>(client, "AuthoritySet", "isVerifier", [w.address]))) {
        bar.done();
        throw new AuteurInputError("NOT_A_VERIFIER", `${w.address} is not a verifier`, {
          hints: ["pass the key files of accounts holding VERIFIER_ROLE in the AuthoritySet"],
        });
      }
    }
    for (const s of supervisors) {
      if (!(await readContract<boolean>(client, "AuthoritySet", "isSupervisor", [s]))) {
        bar.done();
        throw new AuteurInputError("NOT_A_SUPERVISOR", `${s} is not a supervisor`, {
          hints: ["pass accounts holding SUPERVISOR_ROLE in the AuthoritySet"],
        });
      }
    }
    const threshold = await readContract<bigint>(client, "AuthoritySet", "quorumThreshold");
    if (BigInt(keys.length) < threshold) {
      bar.done();
      throw new AuteurInputError(
        "QUORUM_SHORT",
        `${keys.length} verifier key(s) given, the quorum is ${threshold}`,
        { hints: [`pass at least ${threshold} --verifier-key-file`] },
      );
    }
    const built = buildEpochReport({
      plays: span,
      fromEpoch: nextEpoch,
      toEpoch,
      nonce: inputs.nonce,
      schedule: inputs.schedule,
      protocolShares: inputs.protocolShares,
      contents: inputs.contents,
      verifiers: keys.map((k) => k.address),
      supervisors,
      previousTotals,
    });
    const domain = povDomain(client.chainId, client.address("ProofOfView"));
    const signatures = [];
    for (const w of keys) {
      signatures.push(await signEpochReport(w, domain, built.report));
      bar.tick();
    }
    let settled;
    try {
      settled = await settlePovEpochs(client, { report: built.report, signatures });
    } finally {
      bar.done();
    }
    const { activeAt } = settled;
    await writeBalances(values.balances, built.totals);
    const archive = archivePath(values.balances, built.report.nonce);
    await writeBalances(archive, built.totals);
    if (values.earnings !== undefined) await writeJsonAtomic(values.earnings, built.earnings);
    const byAccount = new Map<string, bigint>();
    for (const e of built.earnings)
      byAccount.set(e.account, (byAccount.get(e.account) ?? 0n) + e.amount);
    report(
      values.json,
      {
        nonce: built.report.nonce,
        fromEpoch: nextEpoch,
        toEpoch,
        plays: span.length,
        total: built.report.total,
        emission: built.emission,
        root: built.report.root,
        signers: keys.length,
        activeAt,
        balances: values.balances,
        archive,
        earned: Object.fromEntries(byAccount),
        txHash: settled.txHash,
      },
      [
        `Settled epochs ${nextEpoch}..${toEpoch} (report ${built.report.nonce}): ${span.length} plays, ${built.report.total} of ${built.emission} emitted, ${keys.length} signatures (tx ${settled.txHash})`,
        ...[...byAccount].map(([a, v]) => `  ${getAddress(a)}  +${v}`),
        `Balances written to ${values.balances} (copy ${archive}); claimable from ${activeAt} (unix seconds)`,
      ],
      `auteur pov claim --balances ${values.balances} --account <addr>`,
    );
  } finally {
    disconnect(client);
  }
}

/** `balances.json` -> `balances.<nonce>.json`: the copy kept for report `nonce`. */
export function archivePath(path: string, nonce: bigint): string {
  return /\.json$/i.test(path) ? path.replace(/\.json$/i, `.${nonce}.json`) : `${path}.${nonce}`;
}
