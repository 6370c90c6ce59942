// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAuthoritySet} from "../interfaces/IAuthoritySet.sol";
import {IProofOfView} from "../interfaces/IProofOfView.sol";
import {EmissionCurves} from "../mining/EmissionCurves.sol";
import {IMintableERC20} from "../mining/IMintableERC20.sol";
import {CumulativeMerkleClaims} from "../utils/CumulativeMerkleClaims.sol";
import {IWorkRegistryView} from "./IWorkRegistryView.sol";

/**
 * @title ProofOfView
 * @notice See {IProofOfView}.
 * @dev Needs the token's `MINTER_ROLE`: each settlement mints its total to this contract, claims
 * pay out of that balance.
 *
 * Settlement model: a report covers the consecutive epochs `[fromEpoch, toEpoch]` starting at
 * {nextEpoch}, so epochs are settled in order and once, and many short epochs (43.2 s in the
 * `chainflix` preset) can go in one transaction. The report may allocate at most the schedule's
 * emission of its span; whatever it does not allocate (epochs without views, rounding dust) is
 * never minted. A new root is pending for the challenge window; a settlement waits until the
 * previous root is claimable (it activates it), so at most one root is pending. A supervisor's
 * rejection re-opens the rejected epochs; the tokens minted for them stay here as a reserve that
 * the next settlements use before minting more (so the minted total never exceeds the schedule).
 *
 * A content's split applies to settlements from its effective epoch on; a report spanning a split
 * change uses the split in force at its `fromEpoch` for the whole span ({splitAt}).
 */
contract ProofOfView is IProofOfView, CumulativeMerkleClaims, AccessControlDefaultAdminRules, Pausable, EIP712 {
    using SafeERC20 for IMintableERC20;

    /// @notice Deployment parameters.
    struct Parameters {
        IMintableERC20 token;
        IAuthoritySet authority;
        IWorkRegistryView registry;
        uint256 epochReward; // R0 of the Halving schedule, token base units per epoch
        uint256 halvingEpochs; // H
        uint256 maxHalvings; // N
        uint64 epochMillis; // epoch length in milliseconds (43,200 for chainflix)
        uint64 genesis; // start of epoch 0 (unix seconds); 0 = deployment time
        uint64 challengeWindow; // seconds a new root stays pending
        uint16 storageBps;
        uint16 verifierBps;
        uint16 supervisorBps;
        SplitBounds bounds;
    }

    /// @dev Packed protocol parameters (one slot).
    struct Config {
        uint16 storageBps;
        uint16 verifierBps;
        uint16 supervisorBps;
        uint16 minCreatorBps;
        uint16 minViewerBps;
        uint16 maxViewerBps;
        uint16 maxEnhancerBps;
        uint64 challengeWindow;
    }

    /// @dev Settlement cursor (one slot). A root is pending iff `pendingActiveAt != 0`.
    struct Cursor {
        uint64 nextEpoch;
        uint64 nonce;
        uint64 pendingActiveAt;
        uint64 pendingFrom;
    }

    /// @dev Allocation books (one slot).
    struct Books {
        uint128 allocated; // total of every accepted (pending or active) settlement
        uint128 reserve; // minted for rejected settlements, not allocated yet
    }

    /// @dev A content's current and next split (one slot).
    struct ContentConfig {
        uint16 creatorBps;
        uint16 viewerBps;
        uint16 enhancerBps;
        uint16 nextCreatorBps;
        uint16 nextViewerBps;
        uint16 nextEnhancerBps;
        uint64 nextFrom;
        bool enrolled;
    }

    /// @notice The distribution key under which claims are recorded in {CumulativeMerkleClaims}.
    bytes32 public constant CLAIM_KEY = keccak256("auteur.pov");
    /// @notice Media type of a video in the registry.
    uint8 public constant MEDIA_VIDEO = 1;
    /// @notice Basis points of a whole.
    uint16 public constant BPS = 10_000;
    /// @notice The protocol shares together take at most half of a content's amount.
    uint16 public constant MAX_PROTOCOL_BPS = 5_000;
    /// @notice Most enhancers per content.
    uint256 public constant MAX_ENHANCERS = 16;
    /// @notice Longest challenge window.
    uint64 public constant MAX_CHALLENGE_WINDOW = 30 days;

    /// @dev EIP-712 type of one content's amounts.
    bytes32 public constant CONTENT_TOTALS_TYPEHASH =
        keccak256(
            "ContentTotals(uint256 workId,uint256 creator,uint256 viewer,uint256 enhancer,uint256 storageProvider,uint256 verifier,uint256 supervisor)"
        );
    /// @dev EIP-712 type of a report (referencing ContentTotals).
    bytes32 public constant EPOCH_REPORT_TYPEHASH =
        keccak256(
            "EpochReport(uint64 fromEpoch,uint64 toEpoch,uint64 nonce,bytes32 root,uint256 total,ContentTotals[] contents)ContentTotals(uint256 workId,uint256 creator,uint256 viewer,uint256 enhancer,uint256 storageProvider,uint256 verifier,uint256 supervisor)"
        );

    /// @notice The reward token.
    IMintableERC20 public immutable TOKEN;
    /// @notice The verifier / supervisor set.
    IAuthoritySet public immutable AUTHORITY;
    /// @notice The copyright registry.
    IWorkRegistryView public immutable REGISTRY;
    /// @notice Halving schedule: reward of an epoch before any halving.
    uint256 public immutable EPOCH_REWARD;
    /// @notice Halving schedule: epochs between halvings.
    uint256 public immutable HALVING_EPOCHS;
    /// @notice Halving schedule: most halvings.
    uint256 public immutable MAX_HALVINGS;
    /// @notice Epoch length in milliseconds.
    uint64 public immutable EPOCH_MILLIS;
    /// @notice Start of epoch 0 (unix seconds).
    uint64 public immutable GENESIS;

    Config private _config;
    Cursor private _cursor;
    Books private _books;
    uint128 private _pendingAmount;
    uint64 private _pendingNonce;
    uint64 private _activeNonce;
    bytes32 private _pendingRoot;
    bytes32 private _activeRoot;
    mapping(uint256 workId => ContentConfig) private _contents;
    mapping(uint256 workId => address[]) private _enhancers;
    mapping(uint256 workId => uint32[]) private _enhancerWeights;

    /**
     * @dev Requirements: non-zero token, authority, registry; a valid Halving schedule;
     * `epochMillis > 0`; protocol shares and bounds valid (see the setters).
     */
    constructor(
        Parameters memory p,
        uint48 initialAdminDelay,
        address initialAdmin
    ) AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) EIP712("Auteur ProofOfView", "1") {
        if (address(p.token) == address(0)) revert ProofOfViewInvalidParameter("token", 0);
        if (address(p.authority) == address(0)) revert ProofOfViewInvalidParameter("authority", 0);
        if (address(p.registry) == address(0)) revert ProofOfViewInvalidParameter("registry", 0);
        if (p.epochMillis == 0) revert ProofOfViewInvalidParameter("epochMillis", 0);
        // validates the schedule (reverts with EmissionCurvesInvalidParameter)
        EmissionCurves.halvingRate(p.epochReward, p.halvingEpochs, p.maxHalvings, 0);
        TOKEN = p.token;
        AUTHORITY = p.authority;
        REGISTRY = p.registry;
        EPOCH_REWARD = p.epochReward;
        HALVING_EPOCHS = p.halvingEpochs;
        MAX_HALVINGS = p.maxHalvings;
        EPOCH_MILLIS = p.epochMillis;
        GENESIS = p.genesis == 0 ? uint64(block.timestamp) : p.genesis;
        _setProtocolShares(p.storageBps, p.verifierBps, p.supervisorBps);
        _setSplitBounds(p.bounds);
        _setChallengeWindow(p.challengeWindow);
    }

    // ------------------------------------------------------------------ creators

    /**
     * @inheritdoc IProofOfView
     * @dev Requirements: the caller is the work's creator; the work is a video; the split sums to
     * 10,000 inside the bounds. The first call enrols the work (the split applies to every
     * settlement); later calls apply from the next epoch. Emits {SplitSet}.
     */
    function setSplit(uint256 workId, Split calldata split) external {
        address creator = _requireCreator(workId);
        (uint8 mediaType, , ) = REGISTRY.mediaInfo(workId);
        if (mediaType != MEDIA_VIDEO) revert ProofOfViewNotVideo(workId, mediaType);
        _checkSplit(workId, split);
        ContentConfig memory c = _contents[workId];
        uint64 effective = currentEpoch() + 1;
        if (!c.enrolled) {
            c = ContentConfig(
                split.creatorBps,
                split.viewerBps,
                split.enhancerBps,
                split.creatorBps,
                split.viewerBps,
                split.enhancerBps,
                0,
                true
            );
            effective = 0;
        } else {
            Cursor memory cursor = _cursor;
            uint64 earliestOpen = cursor.pendingActiveAt != 0 ? cursor.pendingFrom : cursor.nextEpoch;
            if (c.nextFrom <= earliestOpen) {
                // the next split already applies to every settlement that can still happen
                (c.creatorBps, c.viewerBps, c.enhancerBps) = (c.nextCreatorBps, c.nextViewerBps, c.nextEnhancerBps);
            }
            (c.nextCreatorBps, c.nextViewerBps, c.nextEnhancerBps) = (
                split.creatorBps,
                split.viewerBps,
                split.enhancerBps
            );
            c.nextFrom = effective;
        }
        _contents[workId] = c;
        emit SplitSet(workId, creator, split.creatorBps, split.viewerBps, split.enhancerBps, effective);
    }

    /**
     * @inheritdoc IProofOfView
     * @dev Requirements: the caller is the work's creator; equal lengths, at most
     * {MAX_ENHANCERS}, no zero address or weight. Emits {EnhancersSet}.
     */
    function setEnhancers(uint256 workId, address[] calldata accounts, uint32[] calldata weights) external {
        address creator = _requireCreator(workId);
        uint256 count = accounts.length;
        if (count != weights.length || count > MAX_ENHANCERS) {
            revert ProofOfViewInvalidEnhancers(workId, weights.length, count);
        }
        for (uint256 i; i < count; ++i) {
            if (accounts[i] == address(0) || weights[i] == 0) revert ProofOfViewInvalidEnhancers(workId, i, count);
        }
        _enhancers[workId] = accounts;
        _enhancerWeights[workId] = weights;
        emit EnhancersSet(workId, creator, accounts, weights);
    }

    // ------------------------------------------------------------------ verifiers

    /**
     * @inheritdoc IProofOfView
     * @dev Requirements: not paused; a pending root must be past its challenge window (it is
     * activated here); `report.nonce` is the next nonce; `fromEpoch` is {nextEpoch},
     * `fromEpoch <= toEpoch < currentEpoch()`; contents sorted by work id, each enrolled and active,
     * its role amounts exactly the canonical split of their sum; `total` their sum and at most the
     * span's emission; a verifier quorum signed the EIP-712 digest.
     *
     * Emits {RootActivated} (when it activates the previous root), {ContentSettled} per content,
     * {EpochsSettled}; mints to itself after the state is written.
     */
    function settle(EpochReport calldata report, bytes[] calldata signatures) external whenNotPaused {
        Cursor memory cursor = _cursor;
        Config memory config = _config;
        if (cursor.pendingActiveAt != 0) {
            if (block.timestamp < cursor.pendingActiveAt) {
                revert ProofOfViewRootPending(_pendingNonce, cursor.pendingActiveAt);
            }
            _activate();
        }
        (uint256 emission, uint256 signers) = _verify(report, signatures, cursor, config);
        // effects
        uint64 activeAt = uint64(block.timestamp) + config.challengeWindow;
        uint256 toMint = _book(report, cursor, activeAt);
        _emitSettled(report, emission, toMint, activeAt, signers);
        // interaction last
        if (toMint != 0) TOKEN.mint(address(this), toMint);
    }

    /**
     * @inheritdoc IProofOfView
     * @dev Requirements: a pending root whose challenge window is over. Emits {RootActivated}.
     */
    function activateRoot() external {
        Cursor memory cursor = _cursor;
        if (cursor.pendingActiveAt == 0) revert ProofOfViewNoPendingRoot(cursor.nonce);
        if (block.timestamp < cursor.pendingActiveAt) {
            revert ProofOfViewRootNotMature(_pendingNonce, cursor.pendingActiveAt);
        }
        _activate();
    }

    /**
     * @inheritdoc IProofOfView
     * @dev Requirements: the caller is a supervisor of the authority set; `nonce` is the pending
     * settlement; its window is open. Re-opens its epochs and keeps its amount in reserve.
     * Emits {RootRejected}.
     */
    function rejectRoot(uint64 nonce, bytes32 reason) external {
        if (!AUTHORITY.isSupervisor(msg.sender)) revert ProofOfViewNotSupervisor(msg.sender);
        Cursor memory cursor = _cursor;
        if (cursor.pendingActiveAt == 0 || _pendingNonce != nonce) revert ProofOfViewNoPendingRoot(nonce);
        if (block.timestamp >= cursor.pendingActiveAt) {
            revert ProofOfViewChallengeWindowOver(nonce, cursor.pendingActiveAt);
        }
        uint128 amount = _pendingAmount;
        Books memory b = _books;
        // cannot underflow: the pending amount is part of `allocated`
        b.allocated -= amount;
        b.reserve += amount;
        _books = b;
        _cursor = Cursor(cursor.pendingFrom, cursor.nonce, 0, 0);
        _pendingAmount = 0;
        emit RootRejected(nonce, msg.sender, _pendingRoot, cursor.pendingFrom, amount, reason);
    }

    // ------------------------------------------------------------------ claims

    /**
     * @inheritdoc IProofOfView
     * @dev Requirements: not paused; an active root; a valid proof of (account, cumulativeAmount);
     * `cumulativeAmount` above what the account claimed. Pays the difference to `account`
     * (anyone may call). Emits {Claimed}.
     */
    function claim(
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external whenNotPaused returns (uint256 amount) {
        bytes32 root = _activeRoot;
        if (root == bytes32(0)) revert ProofOfViewNoActiveRoot();
        amount = _recordClaim(CLAIM_KEY, root, account, cumulativeAmount, proof);
        emit Claimed(account, msg.sender, amount, cumulativeAmount);
        TOKEN.safeTransfer(account, amount);
    }

    // ------------------------------------------------------------------ admin

    /// @notice Sets the protocol shares (admin). Emits {ProtocolSharesSet}.
    function setProtocolShares(
        uint16 storageBps,
        uint16 verifierBps,
        uint16 supervisorBps
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProtocolShares(storageBps, verifierBps, supervisorBps);
    }

    /// @notice Sets the split bounds (admin); splits already set keep applying. Emits {SplitBoundsSet}.
    function setSplitBounds(SplitBounds calldata bounds) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSplitBounds(bounds);
    }

    /// @notice Sets the challenge window for roots settled from now on (admin). Emits {ChallengeWindowSet}.
    function setChallengeWindow(uint64 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setChallengeWindow(window);
    }

    /// @notice Stops settlements and claims (admin).
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes settlements and claims (admin).
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IProofOfView
    function reportDigest(EpochReport calldata report) external view returns (bytes32) {
        uint256 count = report.contents.length;
        bytes32[] memory hashes = new bytes32[](count);
        for (uint256 i; i < count; ++i) hashes[i] = _hashContent(report.contents[i]);
        return _reportDigest(report, keccak256(abi.encodePacked(hashes)));
    }

    /// @inheritdoc IProofOfView
    function splitAt(uint256 workId, uint64 epoch) external view returns (Split memory split, bool enrolled) {
        ContentConfig memory c = _contents[workId];
        enrolled = c.enrolled;
        split = epoch >= c.nextFrom
            ? Split(c.nextCreatorBps, c.nextViewerBps, c.nextEnhancerBps)
            : Split(c.creatorBps, c.viewerBps, c.enhancerBps);
    }

    /// @inheritdoc IProofOfView
    function enhancersOf(uint256 workId) external view returns (address[] memory, uint32[] memory) {
        return (_enhancers[workId], _enhancerWeights[workId]);
    }

    /// @inheritdoc IProofOfView
    function claimed(address account) external view returns (uint256) {
        return claimedOf(CLAIM_KEY, account);
    }

    /// @notice Protocol shares (basis points of a content's amount).
    function protocolShares() external view returns (uint16 storageBps, uint16 verifierBps, uint16 supervisorBps) {
        Config memory c = _config;
        return (c.storageBps, c.verifierBps, c.supervisorBps);
    }

    /// @notice Bounds of content splits.
    function splitBounds() external view returns (SplitBounds memory) {
        Config memory c = _config;
        return SplitBounds(c.minCreatorBps, c.minViewerBps, c.maxViewerBps, c.maxEnhancerBps);
    }

    /// @notice Seconds a new root stays pending.
    function challengeWindow() external view returns (uint64) {
        return _config.challengeWindow;
    }

    /**
     * @notice The settlement state: next epoch to settle, next report nonce, the pending root (zero
     * if none) with its nonce and claimable time, the active root with its nonce.
     */
    function settlementState()
        external
        view
        returns (
            uint64 nextEpoch,
            uint64 nextNonce,
            bytes32 pendingRoot,
            uint64 pendingNonce,
            uint64 pendingActiveAt,
            bytes32 activeRoot,
            uint64 activeNonce
        )
    {
        Cursor memory cursor = _cursor;
        bool pending = cursor.pendingActiveAt != 0;
        return (
            cursor.nextEpoch,
            cursor.nonce,
            pending ? _pendingRoot : bytes32(0),
            pending ? _pendingNonce : 0,
            cursor.pendingActiveAt,
            _activeRoot,
            _activeNonce
        );
    }

    /// @notice Total allocated by accepted settlements and the reserve left by rejected ones.
    function books() external view returns (uint256 allocated, uint256 reserve) {
        Books memory b = _books;
        return (b.allocated, b.reserve);
    }

    /// @inheritdoc IProofOfView
    function currentEpoch() public view returns (uint64) {
        if (block.timestamp < GENESIS) return 0;
        return uint64(((block.timestamp - GENESIS) * 1000) / EPOCH_MILLIS);
    }

    /// @inheritdoc IProofOfView
    function emissionOf(uint64 fromEpoch, uint64 toEpoch) public view returns (uint256) {
        return EmissionCurves.halvingEmission(EPOCH_REWARD, HALVING_EPOCHS, MAX_HALVINGS, fromEpoch, toEpoch);
    }

    // ------------------------------------------------------------------ internal

    /// @dev Promotes the pending root. No checks.
    function _activate() internal {
        bytes32 root = _pendingRoot;
        uint64 nonce = _pendingNonce;
        _activeRoot = root;
        _activeNonce = nonce;
        _cursor.pendingActiveAt = 0;
        emit RootActivated(nonce, root);
    }

    /// @dev Writes a checked report: cursor, pending root, books. Returns what to mint. No checks.
    function _book(
        EpochReport calldata report,
        Cursor memory cursor,
        uint64 activeAt
    ) internal returns (uint256 toMint) {
        _cursor = Cursor(report.toEpoch + 1, cursor.nonce + 1, activeAt, report.fromEpoch);
        _pendingRoot = report.root;
        _pendingAmount = SafeCast.toUint128(report.total);
        _pendingNonce = report.nonce;
        Books memory b = _books;
        uint128 total = SafeCast.toUint128(report.total);
        uint128 fromReserve = total < b.reserve ? total : b.reserve;
        // cannot underflow: fromReserve <= both
        unchecked {
            b.reserve -= fromReserve;
            toMint = total - fromReserve;
        }
        b.allocated += total;
        _books = b;
    }

    // ------------------------------------------------------------------ private

    /// @dev All checks of {settle}; returns the span's emission and the number of signers.
    function _verify(
        EpochReport calldata report,
        bytes[] calldata signatures,
        Cursor memory cursor,
        Config memory config
    ) private view returns (uint256 emission, uint256 signers) {
        _checkSpan(report, cursor);
        emission = emissionOf(report.fromEpoch, report.toEpoch);
        bytes32 contentsHash = _checkContents(report, config);
        if (report.total > emission) revert ProofOfViewEmissionExceeded(report.total, emission);
        signers = AUTHORITY.requireQuorum(_reportDigest(report, contentsHash), signatures);
    }

    function _emitSettled(
        EpochReport calldata report,
        uint256 emission,
        uint256 toMint,
        uint64 activeAt,
        uint256 signers
    ) private {
        uint256 count = report.contents.length;
        for (uint256 i; i < count; ++i) _emitContent(report, report.contents[i]);
        emit EpochsSettled(
            report.nonce,
            report.fromEpoch,
            report.toEpoch,
            report.root,
            report.total,
            emission,
            toMint,
            _books.allocated,
            count,
            activeAt,
            signers
        );
    }

    function _emitContent(EpochReport calldata report, ContentTotals calldata c) private {
        emit ContentSettled(
            report.nonce,
            c.workId,
            report.fromEpoch,
            report.toEpoch,
            c.creator,
            c.viewer,
            c.enhancer,
            c.storageProvider,
            c.verifier,
            c.supervisor
        );
    }

    function _checkSpan(EpochReport calldata report, Cursor memory cursor) private view {
        if (report.nonce != cursor.nonce) revert ProofOfViewWrongNonce(report.nonce, cursor.nonce);
        if (report.fromEpoch != cursor.nextEpoch) revert ProofOfViewEpochOutOfOrder(report.fromEpoch, cursor.nextEpoch);
        if (report.toEpoch < report.fromEpoch) revert ProofOfViewInvalidSpan(report.fromEpoch, report.toEpoch);
        uint64 current = currentEpoch();
        if (report.toEpoch >= current) revert ProofOfViewEpochNotEnded(report.toEpoch, current);
    }

    /// @dev Checks every content and returns the EIP-712 hash of the contents array.
    function _checkContents(EpochReport calldata report, Config memory config) private view returns (bytes32) {
        uint256 count = report.contents.length;
        bytes32[] memory hashes = new bytes32[](count);
        uint256 sum;
        uint256 previous;
        for (uint256 i; i < count; ++i) {
            ContentTotals calldata c = report.contents[i];
            if (i != 0 && c.workId <= previous) revert ProofOfViewContentsNotSorted(i, previous, c.workId);
            previous = c.workId;
            sum += _checkContent(c, report.fromEpoch, config);
            hashes[i] = _hashContent(c);
        }
        if (sum != report.total) revert ProofOfViewTotalMismatch(report.total, sum);
        return keccak256(abi.encodePacked(hashes));
    }

    /// @dev Checks one content against its split and returns its amount T.
    function _checkContent(
        ContentTotals calldata c,
        uint64 fromEpoch,
        Config memory config
    ) private view returns (uint256 t) {
        ContentConfig memory cc = _contents[c.workId];
        if (!cc.enrolled) revert ProofOfViewContentNotEnrolled(c.workId);
        if (!REGISTRY.isActive(c.workId)) revert ProofOfViewContentNotActive(c.workId);
        t = c.creator + c.viewer + c.enhancer + c.storageProvider + c.verifier + c.supervisor;
        _expect(c.workId, 3, c.storageProvider, (t * config.storageBps) / BPS);
        _expect(c.workId, 4, c.verifier, (t * config.verifierBps) / BPS);
        _expect(c.workId, 5, c.supervisor, (t * config.supervisorBps) / BPS);
        // cannot underflow: the three protocol parts are at most half of t
        uint256 rest;
        unchecked {
            rest = t - c.storageProvider - c.verifier - c.supervisor;
        }
        bool useNext = fromEpoch >= cc.nextFrom;
        _expect(c.workId, 1, c.viewer, (rest * (useNext ? cc.nextViewerBps : cc.viewerBps)) / BPS);
        _expect(c.workId, 2, c.enhancer, (rest * (useNext ? cc.nextEnhancerBps : cc.enhancerBps)) / BPS);
        // the creator's amount is then `rest - viewer - enhancer` by construction of t
    }

    function _expect(uint256 workId, uint8 role, uint256 reported, uint256 expected) private pure {
        if (reported != expected) revert ProofOfViewSplitMismatch(workId, role, reported, expected);
    }

    function _hashContent(ContentTotals calldata c) private pure returns (bytes32) {
        return keccak256(abi.encode(CONTENT_TOTALS_TYPEHASH, c));
    }

    function _reportDigest(EpochReport calldata report, bytes32 contentsHash) private view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        EPOCH_REPORT_TYPEHASH,
                        report.fromEpoch,
                        report.toEpoch,
                        report.nonce,
                        report.root,
                        report.total,
                        contentsHash
                    )
                )
            );
    }

    function _requireCreator(uint256 workId) private view returns (address creator) {
        creator = REGISTRY.creatorOf(workId);
        if (creator != msg.sender) revert ProofOfViewNotCreator(workId, msg.sender, creator);
    }

    function _checkSplit(uint256 workId, Split calldata s) private view {
        Config memory c = _config;
        if (
            uint256(s.creatorBps) + s.viewerBps + s.enhancerBps != BPS ||
            s.creatorBps < c.minCreatorBps ||
            s.viewerBps < c.minViewerBps ||
            s.viewerBps > c.maxViewerBps ||
            s.enhancerBps > c.maxEnhancerBps
        ) revert ProofOfViewInvalidSplit(workId, s.creatorBps, s.viewerBps, s.enhancerBps);
    }

    function _setProtocolShares(uint16 storageBps, uint16 verifierBps, uint16 supervisorBps) private {
        if (uint256(storageBps) + verifierBps + supervisorBps > MAX_PROTOCOL_BPS) {
            revert ProofOfViewInvalidProtocolShares(storageBps, verifierBps, supervisorBps);
        }
        (_config.storageBps, _config.verifierBps, _config.supervisorBps) = (storageBps, verifierBps, supervisorBps);
        emit ProtocolSharesSet(storageBps, verifierBps, supervisorBps);
    }

    function _setSplitBounds(SplitBounds memory b) private {
        if (uint256(b.minCreatorBps) + b.minViewerBps > BPS) {
            revert ProofOfViewInvalidParameter("minCreatorBps + minViewerBps", uint256(b.minCreatorBps) + b.minViewerBps);
        }
        if (b.minViewerBps > b.maxViewerBps || b.maxViewerBps > BPS) {
            revert ProofOfViewInvalidParameter("maxViewerBps", b.maxViewerBps);
        }
        if (b.maxEnhancerBps > BPS) revert ProofOfViewInvalidParameter("maxEnhancerBps", b.maxEnhancerBps);
        Config storage c = _config;
        (c.minCreatorBps, c.minViewerBps, c.maxViewerBps, c.maxEnhancerBps) = (
            b.minCreatorBps,
            b.minViewerBps,
            b.maxViewerBps,
            b.maxEnhancerBps
        );
        emit SplitBoundsSet(b.minCreatorBps, b.minViewerBps, b.maxViewerBps, b.maxEnhancerBps);
    }

    function _setChallengeWindow(uint64 window) private {
        if (window > MAX_CHALLENGE_WINDOW) revert ProofOfViewInvalidParameter("challengeWindow", window);
        uint64 previous = _config.challengeWindow;
        _config.challengeWindow = window;
        emit ChallengeWindowSet(previous, window);
    }
}
