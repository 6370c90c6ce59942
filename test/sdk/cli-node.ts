/**
 * Helpers of the CLI tests: a `hardhat node` on a chosen port and the installed `auteur` binary
 * (node_modules/.bin/auteur, run with the project's Node 22).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

const ROOT = process.cwd();
const NODE = join(ROOT, "node_modules", ".bin", "node");
const BIN = join(ROOT, "node_modules", ".bin", "auteur");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await res.json()) as { result: unknown }).result;
}

/** Starts `hardhat node` on `port` and waits until it answers. */
export async function startNode(port: number): Promise<ChildProcess> {
  const child = spawn(
    join(ROOT, "node_modules", ".bin", "hardhat"),
    ["node", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: ROOT,
      stdio: "ignore",
      env: { ...process.env, PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH}` },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited with ${child.exitCode}`);
    try {
      await rpc(url, "eth_chainId");
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill("SIGTERM");
  throw new Error(`hardhat node did not answer at ${url}`);
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed binary in `cwd`. */
export function auteurIn(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(NODE, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 90_000,
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the installed binary in `cwd` without blocking (for independent commands in parallel). */
export function auteurAsync(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [BIN, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}
