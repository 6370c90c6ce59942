/**
 * Kaia adapter (`@kaiachain/ethers-ext`): fee-delegated transactions, so a viewer claims rewards
 * without holding KAIA. The viewer signs a `TxTypeFeeDelegatedSmartContractExecution` (0x31) of
 * the claim; a fee payer (the platform) co-signs and submits it. Kaia nodes speak the `eth_`
 * namespace too, so `createAuteurClient` works on Kaia with a plain ethers provider for the rest.
 */
import { Interface, type InterfaceAbi } from "ethers";
import { TxType, Wallet as KaiaWallet, parseTransaction } from "@kaiachain/ethers-ext/v6";
import { AuteurInputError } from "../../errors.js";
import { abis, type ContractName } from "../generated/index.js";
import { toAuteurError } from "../errors.js";

export { TxType, KaiaWallet, parseTransaction };

/** Parameters of {@link signFeeDelegatedCall}. */
export interface SignFeeDelegatedCallParameters {
  /** The sender (e.g. the viewer): a Kaia wallet connected to a Kaia provider, or offline with all fields set. */
  sender: KaiaWallet;
  contract: ContractName;
  /** Contract address. */
  to: string;
  method: string;
  args: unknown[];
  /** Set these to sign offline; otherwise the connected provider fills them. */
  nonce?: number;
  gasLimit?: bigint;
  gasPrice?: bigint;
  chainId?: bigint;
}

/**
 * The sender's half of a fee-delegated contract call: the RLP the fee payer completes.
 *
 * @example
 * ```ts
 * const rlp = await signFeeDelegatedCall({ sender: viewer, contract: "ProofOfView", to, method: "claim", args });
 * const tx = await sendAsFeePayer(feePayer, rlp);
 * ```
 */
export async function signFeeDelegatedCall(p: SignFeeDelegatedCallParameters): Promise<string> {
  const iface = new Interface(abis[p.contract] as unknown as InterfaceAbi);
  let data: string;
  try {
    data = iface.encodeFunctionData(p.method, p.args);
  } catch (cause) {
    throw new AuteurInputError(
      "CALL_INVALID",
      `${p.contract}.${p.method}: arguments do not match the ABI`,
      {
        hints: ["check the argument count and types against the contract"],
        cause,
      },
    );
  }
  const tx = {
    type: TxType.FeeDelegatedSmartContractExecution,
    from: p.sender.address,
    to: p.to,
    value: 0,
    data,
    ...(p.nonce === undefined ? {} : { nonce: p.nonce }),
    ...(p.gasLimit === undefined ? {} : { gasLimit: p.gasLimit }),
    ...(p.gasPrice === undefined ? {} : { gasPrice: p.gasPrice }),
    ...(p.chainId === undefined ? {} : { chainId: p.chainId }),
  };
  try {
    return await p.sender.signTransaction(tx as never);
  } catch (error) {
    throw toAuteurError(error, `sign fee-delegated ${p.method}`);
  }
}

/** The fee payer's signature over a sender-signed RLP (offline; returns the complete RLP). */
export async function signAsFeePayer(feePayer: KaiaWallet, senderRlp: string): Promise<string> {
  checkFeeDelegated(senderRlp);
  try {
    return await feePayer.signTransactionAsFeePayer(senderRlp);
  } catch (error) {
    throw toAuteurError(error, "fee payer signature");
  }
}

/** Completes and submits a sender-signed RLP, paying its fee. */
export async function sendAsFeePayer(feePayer: KaiaWallet, senderRlp: string) {
  checkFeeDelegated(senderRlp);
  try {
    return await feePayer.sendTransactionAsFeePayer(senderRlp);
  } catch (error) {
    throw toAuteurError(error, "fee-delegated send");
  }
}

function checkFeeDelegated(rlp: string): void {
  let type: number | undefined;
  try {
    type = Number(parseTransaction(rlp).type);
  } catch (cause) {
    throw new AuteurInputError("KAIA_RLP_INVALID", "not a Kaia transaction RLP", {
      hints: ["pass the string returned by signFeeDelegatedCall"],
      cause,
    });
  }
  const feeDelegated = [
    TxType.FeeDelegatedValueTransfer,
    TxType.FeeDelegatedValueTransferMemo,
    TxType.FeeDelegatedSmartContractDeploy,
    TxType.FeeDelegatedSmartContractExecution,
    TxType.FeeDelegatedAccountUpdate,
    TxType.FeeDelegatedCancel,
  ].map(Number);
  if (!feeDelegated.includes(type)) {
    throw new AuteurInputError(
      "KAIA_NOT_FEE_DELEGATED",
      `transaction type ${type} is not fee-delegated`,
      {
        hints: ["build the sender's transaction with signFeeDelegatedCall"],
      },
    );
  }
}
