// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IUploadMiner
 * @notice Proof-of-data mining: every attested registration of the CopyrightRegistry mints, once,
 * `rate(generated)` tokens to its creator, where `generated` is what the miner minted before and
 * `rate` a decay curve of {EmissionCurves}; the total never exceeds the curve's cap.
 */
interface IUploadMiner {
    /// @notice The decay curve of the reward.
    enum Curve {
        LinearRemaining,
        PowerDecay
    }

    /// @notice A constructor argument is out of range (`which` names it).
    error UploadMinerInvalidParameter(string which, uint256 value);
    /// @notice `workId` already received its upload reward of `reward`.
    error UploadMinerAlreadyClaimed(uint256 workId, uint256 reward);
    /// @notice `workId` is unknown or suspended.
    error UploadMinerWorkNotActive(uint256 workId);
    /// @notice The curve gives nothing more: `minted` of `cap` are out.
    error UploadMinerExhausted(uint256 minted, uint256 cap);

    /**
     * @notice An upload reward was minted.
     * @param workId the registered work
     * @param creator who received it (the work's creator)
     * @param caller who triggered the claim
     * @param reward the amount minted
     * @param generatedBefore the miner's total before this reward (the curve's argument)
     * @param generatedAfter the miner's total after it
     */
    event UploadRewarded(
        uint256 indexed workId,
        address indexed creator,
        address caller,
        uint256 reward,
        uint256 generatedBefore,
        uint256 generatedAfter
    );

    /// @notice Mints the upload reward of `workId` to its creator; anyone may call it, once per work.
    function claim(uint256 workId) external returns (uint256 reward);

    /// @notice The reward the next claim would mint now (0 when exhausted).
    function nextReward() external view returns (uint256);

    /// @notice The reward paid for `workId` (0 if not claimed yet).
    function rewardOf(uint256 workId) external view returns (uint256);

    /// @notice Total minted by the miner (the curve's `generated`).
    function generated() external view returns (uint256);

    /// @notice The most the miner will ever mint (the curve's `S`).
    function cap() external view returns (uint256);
}
