// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IProofOfView
 * @notice Proof-of-View rewards. Time is cut into epochs; each epoch emits a fixed amount from a
 * `Halving` schedule whatever the number of views. A verifier quorum settles consecutive epochs
 * with one report: per content (a registered video work) and per role the amounts earned, and the
 * root of a cumulative Merkle tree of every account's total earnings. The root becomes claimable
 * after a challenge window in which a supervisor may reject it; anyone then claims for an account
 * with one proof.
 *
 * Roles of a content's amount T: storage, verifier and supervisor take protocol shares of T; the
 * rest C is split by the content's creator among creator, viewers and enhancers (subtitles,
 * dubbing), inside protocol bounds. The canonical rounding that {settle} checks exactly:
 * `storage = T * storageBps / 1e4`, `verifier = T * verifierBps / 1e4`,
 * `supervisor = T * supervisorBps / 1e4`, `C = T - storage - verifier - supervisor`,
 * `viewer = C * viewerBps / 1e4`, `enhancer = C * enhancerBps / 1e4`, `creator = C - viewer - enhancer`.
 */
interface IProofOfView {
    /// @notice One content's amounts in a report, by role (token base units).
    struct ContentTotals {
        uint256 workId;
        uint256 creator;
        uint256 viewer;
        uint256 enhancer;
        uint256 storageProvider;
        uint256 verifier;
        uint256 supervisor;
    }

    /// @notice A verifier-signed settlement of epochs `[fromEpoch, toEpoch]` (EIP-712 `EpochReport`).
    struct EpochReport {
        uint64 fromEpoch;
        uint64 toEpoch;
        uint64 nonce;
        bytes32 root;
        uint256 total;
        ContentTotals[] contents;
    }

    /// @notice A content's split of its non-protocol part, in basis points summing to 10,000.
    struct Split {
        uint16 creatorBps;
        uint16 viewerBps;
        uint16 enhancerBps;
    }

    /// @notice Protocol bounds on content splits.
    struct SplitBounds {
        uint16 minCreatorBps;
        uint16 minViewerBps;
        uint16 maxViewerBps;
        uint16 maxEnhancerBps;
    }

    /// @notice A constructor or admin argument is out of range (`which` names it).
    error ProofOfViewInvalidParameter(string which, uint256 value);
    /// @notice The split does not sum to 10,000 or breaks the protocol bounds.
    error ProofOfViewInvalidSplit(uint256 workId, uint16 creatorBps, uint16 viewerBps, uint16 enhancerBps);
    /// @notice Only the work's creator configures its rewards.
    error ProofOfViewNotCreator(uint256 workId, address caller, address creator);
    /// @notice Only video works take part in Proof-of-View.
    error ProofOfViewNotVideo(uint256 workId, uint8 mediaType);
    /// @notice The work is suspended or unknown.
    error ProofOfViewContentNotActive(uint256 workId);
    /// @notice The work's creator never set a split (enrolment).
    error ProofOfViewContentNotEnrolled(uint256 workId);
    /// @notice Enhancer lists: lengths differ, too many, a zero address or a zero weight at `index`.
    error ProofOfViewInvalidEnhancers(uint256 workId, uint256 index, uint256 count);
    /// @notice Protocol shares above the allowed maximum in total.
    error ProofOfViewInvalidProtocolShares(uint16 storageBps, uint16 verifierBps, uint16 supervisorBps);
    /// @notice The report's nonce is not the next one.
    error ProofOfViewWrongNonce(uint64 given, uint64 expected);
    /// @notice Epochs are settled in order: the report must start at `expected`.
    error ProofOfViewEpochOutOfOrder(uint64 fromEpoch, uint64 expected);
    /// @notice `toEpoch` is before `fromEpoch`.
    error ProofOfViewInvalidSpan(uint64 fromEpoch, uint64 toEpoch);
    /// @notice `toEpoch` has not ended yet (`currentEpoch` is running).
    error ProofOfViewEpochNotEnded(uint64 toEpoch, uint64 currentEpoch);
    /// @notice A root is still in its challenge window until `activeAt`.
    error ProofOfViewRootPending(uint64 nonce, uint64 activeAt);
    /// @notice Contents must be listed by strictly increasing work id.
    error ProofOfViewContentsNotSorted(uint256 index, uint256 previousWorkId, uint256 workId);
    /// @notice A role amount differs from the split (`role`: 0 creator, 1 viewer, 2 enhancer,
    /// 3 storage, 4 verifier, 5 supervisor).
    error ProofOfViewSplitMismatch(uint256 workId, uint8 role, uint256 reported, uint256 expected);
    /// @notice `total` is not the sum of the contents' amounts.
    error ProofOfViewTotalMismatch(uint256 reported, uint256 sum);
    /// @notice The report allocates more than the schedule emits for its epochs.
    error ProofOfViewEmissionExceeded(uint256 total, uint256 emission);
    /// @notice Nothing pending with this nonce.
    error ProofOfViewNoPendingRoot(uint64 nonce);
    /// @notice The challenge window of the pending root closed at `activeAt`.
    error ProofOfViewChallengeWindowOver(uint64 nonce, uint64 activeAt);
    /// @notice The pending root cannot be activated before `activeAt`.
    error ProofOfViewRootNotMature(uint64 nonce, uint64 activeAt);
    /// @notice Only a supervisor of the authority set may reject a root.
    error ProofOfViewNotSupervisor(address account);
    /// @notice No root is claimable yet.
    error ProofOfViewNoActiveRoot();

    /**
     * @notice A creator enrolled a video or changed its split.
     * @param effectiveFromEpoch the first epoch whose settlement uses it
     */
    event SplitSet(
        uint256 indexed workId,
        address indexed creator,
        uint16 creatorBps,
        uint16 viewerBps,
        uint16 enhancerBps,
        uint64 effectiveFromEpoch
    );

    /// @notice A creator replaced the enhancers of a video (weights share the enhancer amount).
    event EnhancersSet(uint256 indexed workId, address indexed creator, address[] accounts, uint32[] weights);

    /// @notice The protocol shares of every content's amount changed (admin).
    event ProtocolSharesSet(uint16 storageBps, uint16 verifierBps, uint16 supervisorBps);

    /// @notice The bounds of content splits changed (admin).
    event SplitBoundsSet(uint16 minCreatorBps, uint16 minViewerBps, uint16 maxViewerBps, uint16 maxEnhancerBps);

    /// @notice The challenge window changed (admin).
    event ChallengeWindowSet(uint64 previous, uint64 window);

    /// @notice One content's amounts in the settlement `nonce`.
    event ContentSettled(
        uint64 indexed nonce,
        uint256 indexed workId,
        uint64 fromEpoch,
        uint64 toEpoch,
        uint256 creator,
        uint256 viewer,
        uint256 enhancer,
        uint256 storageProvider,
        uint256 verifier,
        uint256 supervisor
    );

    /**
     * @notice Epochs `[fromEpoch, toEpoch]` were settled; `root` is pending until `activeAt`.
     * @param total allocated to contents (what the root adds to the accounts' totals)
     * @param emission the schedule's emission for the span (total <= emission; the rest is never minted)
     * @param minted tokens minted now (total minus what a rejected settlement left in reserve)
     * @param allocated all allocations so far, this one included
     * @param signers number of verifier signatures
     */
    event EpochsSettled(
        uint64 indexed nonce,
        uint64 fromEpoch,
        uint64 toEpoch,
        bytes32 root,
        uint256 total,
        uint256 emission,
        uint256 minted,
        uint256 allocated,
        uint256 contentCount,
        uint64 activeAt,
        uint256 signers
    );

    /// @notice The root of settlement `nonce` became claimable.
    event RootActivated(uint64 indexed nonce, bytes32 root);

    /**
     * @notice A supervisor rejected the pending root of settlement `nonce`: its epochs are open
     * again from `fromEpoch` and its `amount` (already minted) is kept in reserve for them.
     */
    event RootRejected(
        uint64 indexed nonce,
        address indexed supervisor,
        bytes32 root,
        uint64 fromEpoch,
        uint256 amount,
        bytes32 reason
    );

    /// @notice `amount` was paid to `account`, whose claimed total is now `cumulativeAmount`.
    event Claimed(address indexed account, address indexed caller, uint256 amount, uint256 cumulativeAmount);

    /// @notice Enrols `workId` or changes its split; the change applies from the next epoch.
    function setSplit(uint256 workId, Split calldata split) external;

    /// @notice Replaces the enhancers of `workId` and their weights.
    function setEnhancers(uint256 workId, address[] calldata accounts, uint32[] calldata weights) external;

    /// @notice Settles the report's epochs with the verifiers' signatures (sorted by signer).
    function settle(EpochReport calldata report, bytes[] calldata signatures) external;

    /// @notice Makes a pending root claimable once its challenge window is over (anyone).
    function activateRoot() external;

    /// @notice Rejects the pending root `nonce` during its challenge window (a supervisor).
    function rejectRoot(uint64 nonce, bytes32 reason) external;

    /// @notice Pays `account` what the active root gives it beyond what it claimed.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256);

    /// @notice The epoch running now.
    function currentEpoch() external view returns (uint64);

    /// @notice The emission of epochs `[fromEpoch, toEpoch]` by the schedule.
    function emissionOf(uint64 fromEpoch, uint64 toEpoch) external view returns (uint256);

    /// @notice The EIP-712 digest the verifiers sign for `report`.
    function reportDigest(EpochReport calldata report) external view returns (bytes32);

    /// @notice The split that a settlement starting at `epoch` uses for `workId`, and whether it is enrolled.
    function splitAt(uint256 workId, uint64 epoch) external view returns (Split memory split, bool enrolled);

    /// @notice The enhancers of `workId` and their weights.
    function enhancersOf(uint256 workId) external view returns (address[] memory accounts, uint32[] memory weights);

    /// @notice What `account` has claimed so far.
    function claimed(address account) external view returns (uint256);
}
