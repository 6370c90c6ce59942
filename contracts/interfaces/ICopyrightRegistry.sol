// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ICopyrightRegistry
 * @notice Auteur's copyright registry: one work per distinct file (unique SHA-256), registered on
 * an attester's EIP-712 signature over what it computed from the file. Perceptual matches of a
 * registered file become versions (higher resolution) or, for a RAW file at least as large as the
 * highest registered resolution, an ownership claim that a supervisor can reject during a dispute
 * window. Each work is an ERC-721 token (the copyright certificate) with EIP-2981 royalty info.
 *
 * Work ids start at 1. Media types: 0 image, 1 video, 2 audio.
 */
interface ICopyrightRegistry {
    /**
     * @notice What an attester computed from one uploaded file (the EIP-712 `Upload` struct).
     * @param contentSha256 SHA-256 of the file's bytes
     * @param pHash 64-bit DCT perceptual hash (of the image, or of a video's key frame)
     * @param width pixels (0 for audio)
     * @param height pixels (0 for audio)
     * @param raw true when the file is a camera RAW (the ownership evidence of the source design)
     * @param manifest SHA-256 digest of the storage manifest block (CIDv1, dag-cbor, sha2-256)
     * @param mediaType 0 image, 1 video, 2 audio
     * @param cellCount number of 1-minute VideoCells (video only, else 0)
     * @param durationSeconds playing time (video and audio, else 0)
     */
    // (calldata only; the field order is the EIP-712 type)
    // solhint-disable-next-line gas-struct-packing
    struct Upload {
        bytes32 contentSha256;
        uint64 pHash;
        uint32 width;
        uint32 height;
        bool raw;
        bytes32 manifest;
        uint8 mediaType;
        uint32 cellCount;
        uint32 durationSeconds;
    }

    /**
     * @notice One registered file (an original or a version), found by its SHA-256.
     * @param workId the work the file belongs to (0: not registered)
     * @param pHash the file's perceptual hash
     * @param width pixels
     * @param height pixels
     * @param version 0 for the work's original file, then 1, 2, ... in order of registration
     * @param raw whether the file is a RAW
     */
    struct FileRecord {
        uint48 workId;
        uint64 pHash;
        uint32 width;
        uint32 height;
        uint16 version;
        bool raw;
    }

    /**
     * @notice A work as integrators read it.
     * @param owner current owner (ERC-721)
     * @param creator the uploader of the original file
     * @param registeredAt block timestamp of registration
     * @param highestPixels largest width x height among the work's files
     * @param versionCount number of versions after the original
     * @param mediaType 0 image, 1 video, 2 audio
     * @param raw whether the original file is a RAW
     * @param suspended whether a supervisor suspended the work
     * @param manifest manifest digest of the original file
     * @param cellCount VideoCells (video)
     * @param durationSeconds playing time (video, audio)
     */
    // (a return value, never stored)
    // solhint-disable-next-line gas-struct-packing
    struct WorkView {
        address owner;
        address creator;
        uint64 registeredAt;
        uint64 highestPixels;
        uint16 versionCount;
        uint8 mediaType;
        bool raw;
        bool suspended;
        bytes32 manifest;
        uint32 cellCount;
        uint32 durationSeconds;
    }

    /// @notice A pending RAW ownership claim.
    struct OwnershipClaim {
        address claimant;
        uint64 readyAt;
        uint16 version;
    }

    /// @notice The file's SHA-256 is already registered, as (part of) `existingWorkId`.
    error CopyrightRegistryDuplicateHash(bytes32 contentSha256, uint256 existingWorkId);
    /// @notice The attestation's deadline has passed.
    error CopyrightRegistryAttestationExpired(uint256 deadline, uint256 timestamp);
    /// @notice A required field of the upload is zero or out of range (`field` names it).
    error CopyrightRegistryInvalidUpload(bytes32 contentSha256, string field);
    /// @notice The uploader is the zero address.
    error CopyrightRegistryInvalidUploader(address uploader);
    /// @notice The matched file named by the attestation is not registered.
    error CopyrightRegistryUnknownMatch(bytes32 matchedSha256);
    /// @notice The on-chain re-check of the perceptual match failed: `distance > threshold`.
    error CopyrightRegistryNotAMatch(uint256 workId, uint256 distance, uint256 threshold);
    /// @notice A matched upload that is neither a higher resolution nor a qualifying RAW.
    error CopyrightRegistryResolutionNotHigher(uint256 workId, uint256 pixels, uint256 highestPixels, bool raw);
    /// @notice No work has this id.
    error CopyrightRegistryNonexistentWork(uint256 workId);
    /// @notice The work is suspended.
    error CopyrightRegistryWorkSuspended(uint256 workId);
    /// @notice The work is not suspended (reinstatement of an active work).
    error CopyrightRegistryWorkNotSuspended(uint256 workId);
    /// @notice The caller is not a supervisor of the authority set.
    error CopyrightRegistryNotSupervisor(address account);
    /// @notice The caller is not the owner of the work.
    error CopyrightRegistryNotWorkOwner(uint256 workId, address account, address owner);
    /// @notice A RAW ownership claim is already pending on the work.
    error CopyrightRegistryClaimPending(uint256 workId, address claimant, uint256 readyAt);
    /// @notice No RAW ownership claim is pending on the work.
    error CopyrightRegistryNoClaim(uint256 workId);
    /// @notice The claim's dispute window is still open (finalisation too early).
    error CopyrightRegistryDisputeWindowOpen(uint256 workId, uint256 readyAt, uint256 timestamp);
    /// @notice The claim's dispute window has closed (rejection too late).
    error CopyrightRegistryDisputeWindowClosed(uint256 workId, uint256 readyAt, uint256 timestamp);
    /// @notice The match threshold is above the maximum.
    error CopyrightRegistryInvalidThreshold(uint256 threshold, uint256 maxThreshold);
    /// @notice The dispute window is outside `[min, max]`.
    error CopyrightRegistryInvalidDisputeWindow(uint256 window, uint256 minWindow, uint256 maxWindow);
    /// @notice Royalty receiver is zero with a non-zero rate, or the rate is above the maximum.
    error CopyrightRegistryInvalidRoyalty(address receiver, uint256 bps, uint256 maxBps);
    /// @notice The NGO is not on the approved list.
    error CopyrightRegistryNgoNotApproved(address ngo);
    /// @notice Donation share above the maximum, or a share without an NGO.
    error CopyrightRegistryInvalidDonation(address ngo, uint256 bps, uint256 maxBps);
    /// @notice A batch is empty or longer than the maximum.
    error CopyrightRegistryInvalidBatchLength(uint256 length, uint256 maxLength);
    /// @notice The work reached the maximum number of versions.
    error CopyrightRegistryTooManyVersions(uint256 workId);
    /// @notice A constructor address is zero.
    error CopyrightRegistryZeroAddress();

    /**
     * @notice A new work (and its certificate, see the ERC-721 `Transfer` from zero) was registered.
     * @param workId the new work id
     * @param creator the uploader named in the attestation (first owner)
     * @param contentSha256 SHA-256 of the original file (also in `upload`, indexed for filtering)
     * @param upload everything the attester computed: hashes, resolution, RAW flag, manifest,
     * media type, VideoCells, duration
     * @param registeredAt block timestamp
     * @param attester the attester whose signature was checked
     */
    event WorkRegistered(
        uint256 indexed workId,
        address indexed creator,
        bytes32 indexed contentSha256,
        Upload upload,
        uint64 registeredAt,
        address attester
    );

    /**
     * @notice A perceptually matching file was recorded as a version of a work.
     * @param workId the work
     * @param version the version number (1, 2, ...)
     * @param contentSha256 SHA-256 of the version's file (also in `upload`)
     * @param uploader who uploaded it
     * @param matchedSha256 the registered file the attester matched
     * @param upload what the attester computed from the version's file
     * @param distance Hamming distance to the matched file's pHash (re-checked on chain)
     * @param highestPixels the work's highest resolution (width x height) after this version
     * @param attester the attester whose signature was checked
     */
    event VersionAdded(
        uint256 indexed workId,
        uint16 indexed version,
        bytes32 indexed contentSha256,
        address uploader,
        bytes32 matchedSha256,
        Upload upload,
        uint8 distance,
        uint64 highestPixels,
        address attester
    );

    /**
     * @notice A RAW upload opened an ownership claim on a work (right after its {VersionAdded}).
     * @param workId the work
     * @param claimant the RAW uploader who becomes owner after the window
     * @param owner the owner at the time of the claim
     * @param version the RAW file's version number
     * @param readyAt when the claim can be finalised (end of the dispute window)
     */
    event OwnershipClaimed(
        uint256 indexed workId,
        address indexed claimant,
        address indexed owner,
        uint16 version,
        uint64 readyAt
    );

    /**
     * @notice A supervisor rejected a pending RAW ownership claim.
     * @param workId the work
     * @param claimant the rejected claimant
     * @param supervisor who rejected it
     * @param reasonCode a code from the supervisors' published list
     */
    event OwnershipClaimRejected(
        uint256 indexed workId,
        address indexed claimant,
        address indexed supervisor,
        uint32 reasonCode
    );

    /**
     * @notice A RAW ownership claim was finalised (followed by the ERC-721 `Transfer`).
     * @param workId the work
     * @param from the previous owner
     * @param to the claimant, now owner
     */
    event OwnershipClaimFinalised(uint256 indexed workId, address indexed from, address indexed to);

    /**
     * @notice A supervisor suspended a work.
     * @param workId the work
     * @param supervisor who suspended it
     * @param reasonCode a code from the supervisors' published list
     */
    event WorkSuspended(uint256 indexed workId, address indexed supervisor, uint32 reasonCode);

    /**
     * @notice A supervisor reinstated a suspended work.
     * @param workId the work
     * @param supervisor who reinstated it
     * @param reasonCode a code from the supervisors' published list
     */
    event WorkReinstated(uint256 indexed workId, address indexed supervisor, uint32 reasonCode);

    /**
     * @notice The owner set the work's EIP-2981 royalty.
     * @param workId the work
     * @param receiver who receives royalties
     * @param bps rate in basis points of the sale price
     */
    event RoyaltySet(uint256 indexed workId, address indexed receiver, uint16 bps);

    /// @notice The perceptual match threshold (bits of 64) changed.
    event MatchThresholdChanged(uint8 previous, uint8 threshold);

    /// @notice The RAW ownership dispute window (seconds) changed.
    event DisputeWindowChanged(uint32 previous, uint32 window);

    /// @notice An NGO was added to or removed from the approved list.
    event NgoApprovalChanged(address indexed ngo, bool approved);

    /**
     * @notice A creator chose (or cleared, `ngo == 0`) the NGO that receives a share of its sales.
     * @param creator the account whose sales donate
     * @param ngo the approved NGO
     * @param bps share of the seller's proceeds, in basis points
     */
    event DonationSet(address indexed creator, address indexed ngo, uint16 bps);

    /// @notice Whether the work exists and is not suspended.
    function isActive(uint256 workId) external view returns (bool);

    /// @notice The uploader of the work's original file. Reverts for an unknown work.
    function creatorOf(uint256 workId) external view returns (address);

    /// @notice Media type (0 image, 1 video, 2 audio), VideoCell count and duration of a work.
    function mediaInfo(
        uint256 workId
    ) external view returns (uint8 mediaType, uint32 cellCount, uint32 durationSeconds);

    /// @notice The approved NGO a creator donates to and the share; `(0, 0)` when none.
    function donationOf(address creator) external view returns (address ngo, uint16 bps);

    /// @notice Block timestamp of the work's registration. Reverts for an unknown work.
    function registeredAt(uint256 workId) external view returns (uint64);

    /**
     * @notice Everything a sale needs in one call: whether the work can be sold, its owner (the
     * seller) and the owner's donation choice.
     */
    function saleTermsOf(
        uint256 workId
    ) external view returns (bool active, address owner, address ngo, uint16 donationBps);

    /// @notice The work, as integrators read it. Reverts for an unknown work.
    function workOf(uint256 workId) external view returns (WorkView memory);

    /// @notice The registered file with this SHA-256 (`workId == 0` when none).
    function fileOf(bytes32 contentSha256) external view returns (FileRecord memory);

    /// @notice The pending RAW ownership claim on a work (`claimant == 0` when none).
    function claimOf(uint256 workId) external view returns (OwnershipClaim memory);

    /// @notice The next attestation nonce of an uploader.
    function nonces(address uploader) external view returns (uint256);

    /// @notice Number of works registered so far (the highest work id).
    function totalWorks() external view returns (uint256);

    /// @notice Whether `ngo` is on the approved list.
    function isApprovedNgo(address ngo) external view returns (bool);
}
