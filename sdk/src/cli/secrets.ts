/**
 * Keys the CLI reads from files or the environment (verifier quorum keys, the verifier's PlayCode
 * key). Values are never printed: errors name the file or variable, not the content.
 */
import { readFile } from "node:fs/promises";
import { Wallet } from "ethers";
import { AuteurInputError } from "../errors.js";

/** A hex secret (one line, 0x optional) from a file, or an input error naming the file. */
export async function readHexSecretFile(path: string, flag: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(path, "utf8")).trim();
  } catch (cause) {
    throw new AuteurInputError("KEY_FILE_UNREADABLE", `cannot read ${flag} ${path}`, {
      hints: [`pass ${flag} with a file holding one hex key`],
      cause,
    });
  }
  return normaliseHex(text, `${flag} ${path}`);
}

function normaliseHex(text: string, where: string): string {
  const hex = text.startsWith("0x") ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new AuteurInputError("KEY_INVALID", `${where} does not hold a 32-byte hex key`, {
      hints: ["write 64 hex digits (0x optional) on one line"],
    });
  }
  return `0x${hex.toLowerCase()}`;
}

/**
 * Verifier wallets for quorum signatures: one key file per `--verifier-key-file`, else the
 * comma-separated keys of `AUTEUR_VERIFIER_KEYS`. Duplicates are dropped.
 */
export async function readVerifierKeys(files: string[] | undefined): Promise<Wallet[]> {
  const keys: string[] = [];
  if (files !== undefined && files.length > 0) {
    for (const f of files) keys.push(await readHexSecretFile(f, "--verifier-key-file"));
  } else if (process.env.AUTEUR_VERIFIER_KEYS) {
    for (const [i, k] of process.env.AUTEUR_VERIFIER_KEYS.split(",").entries()) {
      keys.push(normaliseHex(k.trim(), `AUTEUR_VERIFIER_KEYS entry ${i + 1}`));
    }
  }
  if (keys.length === 0) {
    throw new AuteurInputError("NO_VERIFIER_KEYS", "the quorum signature needs verifier keys", {
      hints: [
        "pass --verifier-key-file FILE once per verifier, or set AUTEUR_VERIFIER_KEYS=0x..,0x..",
      ],
    });
  }
  const wallets = new Map<string, Wallet>();
  for (const k of keys) {
    const w = new Wallet(k);
    wallets.set(w.address, w);
  }
  return [...wallets.values()];
}

/** The verifier's PlayCode key from `--key-file` or `AUTEUR_POV_KEY`. */
export async function readPlayCodeKey(file: string | undefined): Promise<string> {
  if (file !== undefined) return readHexSecretFile(file, "--key-file");
  const env = process.env.AUTEUR_POV_KEY;
  if (env) return normaliseHex(env.trim(), "AUTEUR_POV_KEY");
  throw new AuteurInputError("NO_PLAYCODE_KEY", "the verifier needs its secret PlayCode key", {
    hints: ["pass --key-file FILE (32 random bytes as hex, kept secret) or set AUTEUR_POV_KEY"],
  });
}
