// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title HammingDistance
 * @notice Bit distance between two 64-bit perceptual hashes, as the registry re-checks a match.
 * @dev SWAR popcount: per-2-bit, per-4-bit, then per-byte sums, folded by one multiplication.
 * `0x5555...` has every even bit set, `0x3333...` every low pair of a nibble, `0x0f0f...` every
 * low nibble of a byte; `x * 0x0101010101010101` adds all eight byte counts into the top byte
 * (bits 56..63), which `>> 56` reads (each count <= 64 fits a byte, so no carry spills into it).
 */
library HammingDistance {
    uint256 private constant M1 = 0x5555555555555555;
    uint256 private constant M2 = 0x3333333333333333;
    uint256 private constant M4 = 0x0f0f0f0f0f0f0f0f;
    uint256 private constant H01 = 0x0101010101010101;

    /// @notice Number of set bits of `x` (0..64).
    function popcount64(uint64 x) internal pure returns (uint256 count) {
        uint256 v = x;
        unchecked {
            // Each step keeps every partial sum inside its own lane: no lane exceeds 64 (< 2^8).
            v = v - ((v >> 1) & M1);
            v = (v & M2) + ((v >> 2) & M2);
            v = (v + (v >> 4)) & M4;
            count = ((v * H01) >> 56) & 0xff;
        }
    }

    /// @notice Number of differing bits of `a` and `b` (0..64).
    function distance(uint64 a, uint64 b) internal pure returns (uint256) {
        return popcount64(a ^ b);
    }
}
