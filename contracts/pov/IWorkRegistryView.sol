// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IWorkRegistryView
 * @notice The read-only part of the CopyrightRegistry that the reward contracts use (same
 * signatures as `ICopyrightRegistry`, so the registry itself is passed where this is expected).
 */
interface IWorkRegistryView {
    /// @notice Whether the work exists and is not suspended.
    function isActive(uint256 workId) external view returns (bool);

    /// @notice The uploader of the work's original file; reverts for an unknown work.
    function creatorOf(uint256 workId) external view returns (address);

    /// @notice Media type (0 image, 1 video, 2 audio), VideoCell count and duration of a work.
    function mediaInfo(
        uint256 workId
    ) external view returns (uint8 mediaType, uint32 cellCount, uint32 durationSeconds);
}
