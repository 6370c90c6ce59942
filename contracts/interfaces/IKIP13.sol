// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IKIP13
 * @notice Kaia's interface query standard (KIP-13). It is the same function as ERC-165, so its
 * interface id is `0x01ffc9a7` (the selector of `supportsInterface(bytes4)`), and a KIP-13 query for
 * `0xffffffff` must answer false.
 */
interface IKIP13 {
    /// @notice Whether the contract implements the interface `interfaceId`.
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
}
