import { readFile } from "node:fs/promises";
import { AuteurInputError } from "../../errors.js";
import { parseDeployments, type Deployments } from "../deployments.js";

/**
 * Reads and checks a deployments file (`deployments/<chainId>.json`).
 *
 * @example
 * ```ts
 * const deployments = await readDeploymentsFile("deployments/31337.json");
 * ```
 */
export async function readDeploymentsFile(path: string): Promise<Deployments> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new AuteurInputError("DEPLOYMENTS_MISSING", `cannot read ${path}`, {
      hints: ["deploy first (`auteur deploy`) or pass the right --deployments file"],
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AuteurInputError("DEPLOYMENTS_INVALID", `${path} is not JSON`, {
      hints: ["regenerate it with `auteur deploy`"],
      cause,
    });
  }
  return parseDeployments(json, path);
}
