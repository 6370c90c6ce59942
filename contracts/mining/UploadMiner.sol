// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IUploadMiner} from "../interfaces/IUploadMiner.sol";
import {IWorkRegistryView} from "../pov/IWorkRegistryView.sol";
import {EmissionCurves} from "./EmissionCurves.sol";
import {IMintableERC20} from "./IMintableERC20.sol";

/**
 * @title UploadMiner
 * @notice See {IUploadMiner}. The curve and its parameters are fixed at deployment (from a preset,
 * e.g. `imageone`: PowerDecay, k = 5, cap 525,000,000).
 * @dev The miner needs the token's `MINTER_ROLE`. Registration already carries an attester's
 * signature in the registry, so an active work is an attested upload.
 */
contract UploadMiner is IUploadMiner, AccessControlDefaultAdminRules, Pausable {
    /// @notice The reward token.
    IMintableERC20 public immutable TOKEN;
    /// @notice The copyright registry whose works are rewarded.
    IWorkRegistryView public immutable REGISTRY;
    /// @notice The decay curve.
    Curve public immutable CURVE;
    /// @notice Reward of the first upload (`c`), token base units.
    uint256 public immutable INITIAL_REWARD;
    /// @notice PowerDecay base `k` (18 decimals); unused by LinearRemaining.
    uint256 public immutable K_WAD;
    uint256 private immutable _CAP;

    /// @inheritdoc IUploadMiner
    uint256 public generated;
    mapping(uint256 workId => uint256 reward) private _rewardOf;

    /**
     * @dev Requirements: non-zero token, registry and admin; `cap_ > 0`; `initialReward <= cap_`;
     * `kWad > 1e18` for PowerDecay.
     */
    constructor(
        IMintableERC20 token,
        IWorkRegistryView registry,
        Curve curve,
        uint256 initialReward,
        uint256 kWad,
        uint256 cap_,
        uint48 initialAdminDelay,
        address initialAdmin
    ) AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) {
        if (address(token) == address(0)) revert UploadMinerInvalidParameter("token", 0);
        if (address(registry) == address(0)) revert UploadMinerInvalidParameter("registry", 0);
        if (cap_ == 0) revert UploadMinerInvalidParameter("cap", 0);
        if (initialReward > cap_) revert UploadMinerInvalidParameter("initialReward", initialReward);
        if (curve == Curve.PowerDecay && kWad <= 1e18) revert UploadMinerInvalidParameter("k", kWad);
        TOKEN = token;
        REGISTRY = registry;
        CURVE = curve;
        INITIAL_REWARD = initialReward;
        K_WAD = kWad;
        _CAP = cap_;
    }

    /**
     * @inheritdoc IUploadMiner
     * @dev Requirements: not paused; the work is active in the registry; not claimed before; the
     * curve still gives something. Pays `min(rate(generated), cap - generated)`.
     * Emits {UploadRewarded} (and the token's `Transfer`).
     */
    function claim(uint256 workId) external whenNotPaused returns (uint256 reward) {
        uint256 previous = _rewardOf[workId];
        if (previous != 0) revert UploadMinerAlreadyClaimed(workId, previous);
        if (!REGISTRY.isActive(workId)) revert UploadMinerWorkNotActive(workId);
        address creator = REGISTRY.creatorOf(workId);
        uint256 before = generated;
        reward = _reward(before);
        if (reward == 0) revert UploadMinerExhausted(before, _CAP);
        _rewardOf[workId] = reward;
        // cannot overflow: reward <= cap - before
        unchecked {
            generated = before + reward;
        }
        emit UploadRewarded(workId, creator, msg.sender, reward, before, before + reward);
        TOKEN.mint(creator, reward);
    }

    /// @notice Stops claims (admin).
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes claims (admin).
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc IUploadMiner
    function nextReward() external view returns (uint256) {
        return _reward(generated);
    }

    /// @inheritdoc IUploadMiner
    function rewardOf(uint256 workId) external view returns (uint256) {
        return _rewardOf[workId];
    }

    /// @inheritdoc IUploadMiner
    function cap() external view returns (uint256) {
        return _CAP;
    }

    /// @dev The curve at `g`, clipped to what is left under the cap. No checks.
    function _reward(uint256 g) internal view virtual returns (uint256 reward) {
        reward = CURVE == Curve.PowerDecay
            ? EmissionCurves.powerDecay(INITIAL_REWARD, K_WAD, _CAP, g)
            : EmissionCurves.linearRemaining(INITIAL_REWARD, _CAP, g);
        // cannot underflow: generated never exceeds the cap
        unchecked {
            uint256 left = _CAP - g;
            if (reward > left) reward = left;
        }
    }
}
