// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ICumulativeMerkleClaims
 * @notice Errors of the cumulative-claim pattern shared by ProofOfView and AdEscrow: a Merkle
 * root commits to every account's total earned so far; a claim pays `total - alreadyClaimed`.
 */
interface ICumulativeMerkleClaims {
    /// @notice The proof does not lead from (account, cumulativeAmount) to the active root.
    error CumulativeClaimInvalidProof(bytes32 key, address account, uint256 cumulativeAmount);
    /// @notice Nothing left: the account already claimed `claimed` of `cumulativeAmount`.
    error CumulativeClaimNothingToClaim(bytes32 key, address account, uint256 cumulativeAmount, uint256 claimed);
}
