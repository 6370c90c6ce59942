/**
 * TRON adapter (`tronweb`): base58 `T...` <-> hex address conversion, ABI encoding of calls (the
 * same bytecode and ABIs as on EVM chains), offline construction and signing of
 * `TriggerSmartContract` transactions with a fee limit, and a client that calls the contracts
 * through TronWeb. TRON addresses are the EVM's 20 bytes behind a `0x41` prefix.
 */
import { Interface, getAddress, type InterfaceAbi } from "ethers";
import { TronWeb, utils as tronUtils } from "tronweb";
import { AuteurError, AuteurInputError } from "../../errors.js";
import { abis, type ContractName } from "../generated/index.js";
import { decodeRevertData } from "../errors.js";

/** Default fee limit of a contract call: 150 TRX in sun (1 TRX = 1,000,000 sun). */
export const DEFAULT_FEE_LIMIT_SUN = 150_000_000;

/** Converts any address form (`T...`, `41...` hex, `0x...`) to base58 `T...`. */
export function toTronAddress(address: string): string {
  const hex = toTronHex(address);
  return TronWeb.address.fromHex(hex);
}

/** Converts any address form to the 21-byte hex form `41...` TRON's APIs use. */
export function toTronHex(address: string): string {
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) {
    if (!TronWeb.isAddress(address)) throw invalidAddress(address);
    return TronWeb.address.toHex(address).toLowerCase();
  }
  if (/^(0x)?41[0-9a-fA-F]{40}$/.test(address)) return address.replace(/^0x/, "").toLowerCase();
  if (/^0x[0-9a-fA-F]{40}$/.test(address)) return `41${address.slice(2).toLowerCase()}`;
  throw invalidAddress(address);
}

/** Converts any address form to the checksummed EVM form `0x...` (what ABI encoding takes). */
export function toEvmAddress(address: string): string {
  return getAddress(`0x${toTronHex(address).slice(2)}`);
}

function invalidAddress(address: string): AuteurInputError {
  return new AuteurInputError("TRON_ADDRESS_INVALID", `"${address}" is not a TRON or EVM address`, {
    hints: ["pass a base58 address (T..., 34 characters), 41-prefixed hex or 0x hex"],
  });
}

/** ABI-encodes `method(...args)` of `contract`; address arguments may be given in any form. */
export function encodeTronCall(contract: ContractName, method: string, args: unknown[]): string {
  const iface = new Interface(abis[contract] as unknown as InterfaceAbi);
  const fn = iface.getFunction(method);
  if (fn === null) {
    throw new AuteurInputError("METHOD_UNKNOWN", `${contract} has no method ${method}`, {
      hints: ["check the method name against the contract's ABI"],
    });
  }
  const converted = fn.inputs.map((input, i) =>
    input.type === "address" ? toEvmAddress(String(args[i])) : args[i],
  );
  return iface.encodeFunctionData(fn, converted);
}

/** The reference block a transaction is anchored to (from `getCurrentBlock` when online). */
export interface RefBlock {
  /** Block number. */
  number: number;
  /** Block id (32-byte hex, no 0x). */
  id: string;
  /** Block timestamp, ms. */
  timestamp: number;
}

/** Parameters of {@link buildTriggerTransaction}. */
export interface BuildTriggerTransactionParameters {
  owner: string;
  contractAddress: string;
  contract: ContractName;
  method: string;
  args: unknown[];
  feeLimitSun?: number;
  callValueSun?: number;
  refBlock: RefBlock;
  /** Expiration after the reference block's time (default 60 s). */
  expirationMs?: number;
}

/** An unsigned (or signed) TRON transaction in TronWeb's JSON form. */
export interface TronTransaction {
  txID: string;
  raw_data: Record<string, unknown>;
  raw_data_hex: string;
  visible: boolean;
  signature?: string[];
}

/**
 * Builds a `TriggerSmartContract` transaction offline: the protobuf raw data, its hex and its id
 * (`sha256(raw_data)`), anchored to `refBlock`.
 */
export function buildTriggerTransaction(p: BuildTriggerTransactionParameters): TronTransaction {
  const data = encodeTronCall(p.contract, p.method, p.args).slice(2);
  const refId = p.refBlock.id.replace(/^0x/, "");
  const numberHex = p.refBlock.number.toString(16).padStart(16, "0");
  const raw_data = {
    contract: [
      {
        parameter: {
          value: {
            data,
            owner_address: toTronHex(p.owner),
            contract_address: toTronHex(p.contractAddress),
            ...(p.callValueSun ? { call_value: p.callValueSun } : {}),
          },
          type_url: "type.googleapis.com/protocol.TriggerSmartContract",
        },
        type: "TriggerSmartContract",
      },
    ],
    ref_block_bytes: numberHex.slice(-4),
    ref_block_hash: refId.slice(16, 32),
    expiration: p.refBlock.timestamp + (p.expirationMs ?? 60_000),
    timestamp: p.refBlock.timestamp,
    fee_limit: p.feeLimitSun ?? DEFAULT_FEE_LIMIT_SUN,
  };
  const unsigned = { raw_data, visible: false, txID: "", raw_data_hex: "" } as TronTransaction;
  const pb = tronUtils.transaction.txJsonToPb(unsigned as never);
  unsigned.raw_data_hex = tronUtils.transaction.txPbToRawDataHex(pb).toLowerCase();
  unsigned.txID = tronUtils.transaction.txPbToTxID(pb).replace(/^0x/, "").toLowerCase();
  return unsigned;
}

/** Signs a transaction offline with a hex private key; the signature recovers to the owner. */
export function signTronTransaction(tx: TronTransaction, privateKey: string): TronTransaction {
  const key = privateKey.replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(key)) {
    throw new AuteurInputError("PRIVATE_KEY_INVALID", "a TRON private key is 64 hex digits", {
      hints: ["pass the key without the 0x prefix or with it; nothing else"],
    });
  }
  return tronUtils.crypto.signTransaction(key, {
    ...tx,
    signature: [],
  } as never) as unknown as TronTransaction;
}

/** Parameters of {@link createTronClient}. */
export interface CreateTronClientParameters {
  tronWeb: TronWeb;
  /** Contract addresses by name (any address form). */
  addresses: Partial<Record<ContractName, string>>;
  feeLimitSun?: number;
}

/** Calls and sends through TronWeb, with TRON addresses in and out and decoded reverts. */
export interface TronClient {
  call<T = unknown>(contract: ContractName, method: string, args?: unknown[]): Promise<T>;
  send(
    contract: ContractName,
    method: string,
    args?: unknown[],
    options?: { feeLimitSun?: number; callValueSun?: number },
  ): Promise<string>;
  address(contract: ContractName): string;
}

/**
 * A client that calls Auteur's contracts on TRON through TronWeb.
 *
 * @example
 * ```ts
 * const tronWeb = new TronWeb({ fullHost: "https://nile.trongrid.io", privateKey });
 * const tron = createTronClient({ tronWeb, addresses: { LicenseMarket: "T..." } });
 * const ok = await tron.call("LicenseMarket", "hasLicence", [1n, "T...", 0]);
 * ```
 */
export function createTronClient(p: CreateTronClientParameters): TronClient {
  const address = (contract: ContractName): string => {
    const a = p.addresses[contract];
    if (a === undefined) {
      throw new AuteurInputError("CONTRACT_NOT_DEPLOYED", `${contract} has no TRON address`, {
        hints: ["deploy with deploy/tron.ts and pass its deployments record"],
      });
    }
    return toTronAddress(a);
  };
  const wrap = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AuteurError) throw error;
      const text =
        typeof error === "string"
          ? error
          : error instanceof Error
            ? error.message
            : JSON.stringify(error);
      const data = /(?:^|[^0-9a-f])([0-9a-f]{8}(?:[0-9a-f]{64})*)$/i.exec(
        String(
          (error as { output?: { contractResult?: string[] } })?.output?.contractResult?.[0] ?? "",
        ),
      );
      if (data?.[1]) throw decodeRevertData(`0x${data[1]}`, { action, cause: error });
      throw new AuteurError("TRON_ERROR", `${action}: ${text}`, {
        hints: ["check the full node URL (fullHost), the network and the account's energy/TRX"],
        cause: error,
      });
    }
  };
  return {
    address,
    async call(contract, method, args = []) {
      return wrap(`${contract}.${method}`, async () => {
        const c = p.tronWeb.contract(abis[contract] as never, address(contract));
        const converted = convertArgs(contract, method, args);
        return (await (
          c as unknown as Record<string, (...a: unknown[]) => { call(): Promise<unknown> }>
        )[method]!(...converted).call()) as never;
      });
    },
    async send(contract, method, args = [], options = {}) {
      return wrap(`${contract}.${method}`, async () => {
        const c = p.tronWeb.contract(abis[contract] as never, address(contract));
        const converted = convertArgs(contract, method, args);
        return (await (
          c as unknown as Record<string, (...a: unknown[]) => { send(o: unknown): Promise<string> }>
        )[method]!(...converted).send({
          feeLimit: options.feeLimitSun ?? p.feeLimitSun ?? DEFAULT_FEE_LIMIT_SUN,
          callValue: options.callValueSun ?? 0,
        })) as string;
      });
    },
  };
}

function convertArgs(contract: ContractName, method: string, args: unknown[]): unknown[] {
  const iface = new Interface(abis[contract] as unknown as InterfaceAbi);
  const fn = iface.getFunction(method);
  if (fn === null) {
    throw new AuteurInputError("METHOD_UNKNOWN", `${contract} has no method ${method}`, {
      hints: ["check the method name against the contract's ABI"],
    });
  }
  return fn.inputs.map((input, i) =>
    input.type === "address" ? toTronAddress(String(args[i])) : args[i],
  );
}
