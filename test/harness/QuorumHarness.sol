// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAuthoritySet} from "../../contracts/interfaces/IAuthoritySet.sol";

/**
 * @title QuorumHarness
 * @notice Calls {IAuthoritySet-requireQuorum} inside a transaction, the way a consuming contract
 * does, so the gas snapshot can measure quorum checks from real receipts.
 */
contract QuorumHarness {
    event QuorumChecked(bytes32 digest, uint256 signers);

    IAuthoritySet public immutable authority;

    constructor(IAuthoritySet authority_) {
        authority = authority_;
    }

    function check(bytes32 digest, bytes[] calldata signatures) external returns (uint256 signers) {
        signers = authority.requireQuorum(digest, signatures);
        emit QuorumChecked(digest, signers);
    }
}
