// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ICumulativeMerkleClaims} from "../interfaces/ICumulativeMerkleClaims.sol";

/**
 * @title CumulativeMerkleClaims
 * @notice Claim bookkeeping for cumulative Merkle distributions, shared by ProofOfView and AdEscrow.
 * @dev A distribution is named by a `key` (e.g. a payout token, or a campaign). Its root commits to
 * leaves `keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))` — the
 * double-hashed leaf of OpenZeppelin's StandardMerkleTree with types `["address", "uint256"]`, so
 * a leaf can never be confused with an inner node. Each new root carries every account's total
 * earned so far; a claim pays the difference to what the account already claimed, so one proof
 * against the newest root settles any number of periods at a constant cost, and nothing is paid
 * twice. The inheriting contract decides which root is active and moves the tokens.
 */
abstract contract CumulativeMerkleClaims is ICumulativeMerkleClaims {
    mapping(bytes32 key => mapping(address account => uint256 claimed)) private _claimed;

    /// @notice What `account` has claimed so far from distribution `key`.
    function claimedOf(bytes32 key, address account) public view returns (uint256) {
        return _claimed[key][account];
    }

    /**
     * @dev Verifies `proof` of (account, cumulativeAmount) against `root`, records the new claimed
     * total and returns what is due now. No checks on the caller or the root: the inheriting
     * contract passes its active root and transfers `payout` after this returns (effects first).
     */
    function _recordClaim(
        bytes32 key,
        bytes32 root,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) internal returns (uint256 payout) {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert CumulativeClaimInvalidProof(key, account, cumulativeAmount);
        }
        uint256 claimed = _claimed[key][account];
        if (cumulativeAmount <= claimed) {
            revert CumulativeClaimNothingToClaim(key, account, cumulativeAmount, claimed);
        }
        _claimed[key][account] = cumulativeAmount;
        // cannot underflow: cumulativeAmount > claimed was checked above
        unchecked {
            payout = cumulativeAmount - claimed;
        }
    }
}
