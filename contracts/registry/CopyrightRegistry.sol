// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IAuthoritySet} from "../interfaces/IAuthoritySet.sol";
import {ICopyrightRegistry} from "../interfaces/ICopyrightRegistry.sol";
import {HammingDistance} from "./HammingDistance.sol";

/**
 * @title CopyrightRegistry
 * @notice Works, versions, resolution/RAW ownership rules, supervision, and the ERC-721 copyright
 * certificate of every work (see {ICopyrightRegistry}).
 *
 * @dev Storage layout (one line per slot kind; "fresh" = zero to non-zero, ~22,100 gas):
 *
 * - `_works[workId]`, 1 slot: `owner` (160) | `registeredAt` uint32 (32, seconds, good until 2106)
 *   | `highestPixels` uint40 (40, width x height of the largest file, up to 1.1e12)
 *   | `versionCount` uint16 (16) | `flags` uint8 (8: bits 0-1 media type, bit 2 RAW original,
 *   bit 3 suspended, bit 4 creator stored apart). The ERC-721 owner lives here, so minting the
 *   certificate costs no separate owner slot; a work exists iff `owner != 0` (no burning).
 * - `_files[sha256]`, 1 slot per registered file (original or version): `workId` uint48 | `pHash`
 *   uint64 | `width` uint32 | `height` uint32 | `version` uint16 | `raw` bool. It is the uniqueness
 *   index and holds what the resolution rule re-checks, so a match names the matched file by its
 *   SHA-256 and costs one read.
 * - `_manifests[workId]`, 1 slot: the manifest digest (the token URI is its CIDv1).
 * - `_holders[account]`, 1 slot: ERC-721 `balance` uint64 | attestation `nonce` uint64. Both
 *   change on every registration, so the nonce costs no extra write; a first-time holder pays one
 *   fresh slot here, a returning one a warm-cost rewrite (~5,000).
 * - `_config`, 1 slot: `totalWorks` uint48 | `matchThreshold` uint8 | `disputeWindow` uint32.
 * - `_creators[workId]`: written only when a work first changes owner (until then the creator is
 *   the owner, flag bit 4 clear). `_timings[workId]`: VideoCells | duration, written only when
 *   non-zero (video, audio). `_claims`, `_royalties`, `_tokenApprovals`, `_donations`, `_ngos`:
 *   one slot per entry, written only by their own flows.
 *
 * A single image registration therefore writes three fresh slots (work, file, manifest) plus the
 * holder slot, the counter, and two events (ERC-721 `Transfer` and {WorkRegistered}).
 *
 * Attestations are EIP-712 (domain "Auteur CopyrightRegistry", version "1", this chain, this
 * contract) and checked by the {IAuthoritySet}; the uploader's nonce is read from storage (the
 * signature covers the current value) and bumped, so each attestation is usable once; the file's
 * SHA-256 is single-use as well.
 */
contract CopyrightRegistry is
    ICopyrightRegistry,
    IERC721Metadata,
    IERC721Errors,
    IERC2981,
    EIP712,
    AccessControlDefaultAdminRules
{
    /// @dev Bits of `_WorkSlot.flags`.
    uint8 private constant MEDIA_MASK = 0x03;
    uint8 private constant FLAG_RAW = 0x04;
    uint8 private constant FLAG_SUSPENDED = 0x08;
    uint8 private constant FLAG_CREATOR_STORED = 0x10;

    /// @notice Media type codes.
    uint8 public constant MEDIA_IMAGE = 0;
    uint8 public constant MEDIA_VIDEO = 1;
    uint8 public constant MEDIA_AUDIO = 2;

    /// @notice Default match threshold: 10 differing bits of 64 (the source design's value).
    uint8 public constant DEFAULT_MATCH_THRESHOLD = 10;
    /// @notice Highest threshold: 32 of 64 bits is the expected distance of unrelated hashes.
    uint8 public constant MAX_MATCH_THRESHOLD = 32;
    /// @notice Dispute window bounds: 1 hour to 365 days.
    uint32 public constant MIN_DISPUTE_WINDOW = 1 hours;
    uint32 public constant MAX_DISPUTE_WINDOW = 365 days;
    /// @notice Basis-point denominator, and the largest royalty and donation share (100 %).
    uint16 public constant MAX_BPS = 10_000;
    /// @notice Largest batch (keeps a batch well under a block's gas limit).
    uint256 public constant MAX_BATCH = 100;

    /// @notice EIP-712 type of one upload.
    bytes32 public constant UPLOAD_TYPEHASH =
        keccak256(
            "Upload(bytes32 contentSha256,uint64 pHash,uint32 width,uint32 height,bool raw,bytes32 manifest,uint8 mediaType,uint32 cellCount,uint32 durationSeconds)"
        );
    /// @notice EIP-712 type of a single registration (a new work, or a match when `matchedSha256 != 0`).
    bytes32 public constant REGISTRATION_TYPEHASH =
        keccak256(
            "Registration(Upload upload,address uploader,bytes32 matchedSha256,uint256 nonce,uint256 deadline)Upload(bytes32 contentSha256,uint64 pHash,uint32 width,uint32 height,bool raw,bytes32 manifest,uint8 mediaType,uint32 cellCount,uint32 durationSeconds)"
        );
    /// @notice EIP-712 type of a batch of new works by one uploader.
    bytes32 public constant BATCH_TYPEHASH =
        keccak256(
            "RegistrationBatch(Upload[] uploads,address uploader,uint256 nonce,uint256 deadline)Upload(bytes32 contentSha256,uint64 pHash,uint32 width,uint32 height,bool raw,bytes32 manifest,uint8 mediaType,uint32 cellCount,uint32 durationSeconds)"
        );

    /// @dev RFC 4648 base32, lower case (multibase prefix "b").
    bytes32 private constant BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    /// @dev CIDv1 prefix of a dag-cbor block with a sha2-256 multihash: version 1, codec 0x71,
    /// hash 0x12, length 0x20.
    bytes4 private constant CID_PREFIX = 0x01711220;

    /// @notice The authority set whose attesters and supervisors this registry trusts.
    IAuthoritySet public immutable authority;

    struct WorkSlot {
        address owner;
        uint32 registeredAt;
        uint40 highestPixels;
        uint16 versionCount;
        uint8 flags;
    }

    struct Holder {
        uint64 balance;
        uint64 nonce;
    }

    struct Config {
        uint48 totalWorks;
        uint8 matchThreshold;
        uint32 disputeWindow;
    }

    struct Timing {
        uint32 cellCount;
        uint32 durationSeconds;
    }

    struct Royalty {
        address receiver;
        uint16 bps;
    }

    struct Donation {
        address ngo;
        uint16 bps;
    }

    Config private _config;
    mapping(uint256 workId => WorkSlot) private _works;
    mapping(bytes32 contentSha256 => FileRecord) private _files;
    mapping(uint256 workId => bytes32) private _manifests;
    mapping(address account => Holder) private _holders;
    mapping(uint256 workId => address) private _creators;
    mapping(uint256 workId => Timing) private _timings;
    mapping(uint256 workId => OwnershipClaim) private _claims;
    mapping(uint256 workId => Royalty) private _royalties;
    mapping(uint256 workId => address) private _tokenApprovals;
    mapping(address owner => mapping(address operator => bool)) private _operatorApprovals;
    mapping(address creator => Donation) private _donations;
    mapping(address ngo => bool) private _ngos;

    /// @dev Reverts unless the caller is a supervisor of the authority set.
    modifier onlySupervisor() {
        if (!authority.isSupervisor(msg.sender)) revert CopyrightRegistryNotSupervisor(msg.sender);
        _;
    }

    /**
     * @param authority_ the authority set (attesters, supervisors)
     * @param initialAdminDelay delay of a default-admin transfer
     * @param initialAdmin the default admin (parameters, NGO list)
     * @param matchThreshold_ initial match threshold (<= {MAX_MATCH_THRESHOLD})
     * @param disputeWindow_ initial dispute window in seconds
     */
    constructor(
        IAuthoritySet authority_,
        uint48 initialAdminDelay,
        address initialAdmin,
        uint8 matchThreshold_,
        uint32 disputeWindow_
    ) EIP712("Auteur CopyrightRegistry", "1") AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) {
        if (address(authority_) == address(0)) revert CopyrightRegistryZeroAddress();
        authority = authority_;
        _setMatchThreshold(matchThreshold_);
        _setDisputeWindow(disputeWindow_);
    }

    // ------------------------------------------------------------------ registration

    /**
     * @notice Registers an attested upload: a new work when `matchedSha256 == 0`, otherwise a
     * version of (or a RAW ownership claim on) the work the matched file belongs to.
     * @dev Anyone may submit (relayers); the work goes to `uploader`. The signature covers
     * `nonces(uploader)`.
     *
     * Requirements: `block.timestamp <= deadline`; `signature` from a current attester over the
     * {REGISTRATION_TYPEHASH} struct; a valid upload whose SHA-256 is not registered; for a match,
     * see {_addMatch}.
     *
     * Emits ERC-721 `Transfer` and {WorkRegistered}, or {VersionAdded} (and {OwnershipClaimed}).
     * @return workId the new work, or the matched work
     */
    function register(
        Upload calldata upload,
        address uploader,
        bytes32 matchedSha256,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 workId) {
        if (block.timestamp > deadline) revert CopyrightRegistryAttestationExpired(deadline, block.timestamp);
        if (uploader == address(0)) revert CopyrightRegistryInvalidUploader(address(0));
        Holder memory holder = _holders[uploader];
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(REGISTRATION_TYPEHASH, _hashUpload(upload), uploader, matchedSha256, holder.nonce, deadline)
            )
        );
        address attester = authority.requireAttester(digest, signature);
        _checkUpload(upload);
        unchecked {
            // A uint64 nonce and balance cannot realistically wrap (one per transaction).
            ++holder.nonce;
        }
        if (matchedSha256 == bytes32(0)) {
            unchecked {
                ++holder.balance;
            }
            _holders[uploader] = holder;
            workId = _nextWorkIds(1);
            _register(upload, uploader, attester, workId);
        } else {
            _holders[uploader] = holder;
            workId = _addMatch(upload, uploader, matchedSha256, attester);
        }
    }

    /**
     * @notice Registers many new works of one uploader with one attestation.
     * @dev Requirements: `1 <= uploads.length <= MAX_BATCH`; `block.timestamp <= deadline`;
     * `signature` from a current attester over {BATCH_TYPEHASH} (the array hashed as EIP-712
     * arrays of structs: keccak256 of the concatenated struct hashes); every upload valid and not
     * registered (also not twice in the batch). Emits a `Transfer` and {WorkRegistered} per work.
     * @return firstWorkId the id of the first work; the others follow consecutively
     */
    function registerBatch(
        Upload[] calldata uploads,
        address uploader,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 firstWorkId) {
        uint256 n = uploads.length;
        if (n == 0 || n > MAX_BATCH) revert CopyrightRegistryInvalidBatchLength(n, MAX_BATCH);
        if (block.timestamp > deadline) revert CopyrightRegistryAttestationExpired(deadline, block.timestamp);
        if (uploader == address(0)) revert CopyrightRegistryInvalidUploader(address(0));
        Holder memory holder = _holders[uploader];
        bytes32[] memory hashes = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            hashes[i] = _hashUpload(uploads[i]);
        }
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(BATCH_TYPEHASH, keccak256(abi.encodePacked(hashes)), uploader, holder.nonce, deadline)
            )
        );
        address attester = authority.requireAttester(digest, signature);
        unchecked {
            // n <= MAX_BATCH; see {register} for the nonce.
            ++holder.nonce;
            holder.balance += uint64(n);
        }
        _holders[uploader] = holder;
        firstWorkId = _nextWorkIds(n);
        for (uint256 i = 0; i < n; ++i) {
            _checkUpload(uploads[i]);
            _register(uploads[i], uploader, attester, firstWorkId + i);
        }
    }

    /**
     * @notice Finalises a RAW ownership claim after its dispute window: the claimant becomes owner.
     * @dev Anyone may call. Requirements: a pending claim; `block.timestamp >= readyAt`; the work
     * is not suspended. Emits ERC-721 `Transfer` then {OwnershipClaimFinalised}.
     */
    function finaliseClaim(uint256 workId) external {
        OwnershipClaim memory claim = _claims[workId];
        if (claim.claimant == address(0)) revert CopyrightRegistryNoClaim(workId);
        if (block.timestamp < claim.readyAt) {
            revert CopyrightRegistryDisputeWindowOpen(workId, claim.readyAt, block.timestamp);
        }
        delete _claims[workId];
        address from = _update(claim.claimant, workId, address(0));
        emit OwnershipClaimFinalised(workId, from, claim.claimant);
    }

    /**
     * @notice A supervisor rejects a pending RAW ownership claim within its dispute window.
     * @dev Requirements: caller is a supervisor; a pending claim; `block.timestamp < readyAt`.
     * The RAW file stays registered as a version. Emits {OwnershipClaimRejected}.
     */
    function rejectClaim(uint256 workId, uint32 reasonCode) external onlySupervisor {
        OwnershipClaim memory claim = _claims[workId];
        if (claim.claimant == address(0)) revert CopyrightRegistryNoClaim(workId);
        if (block.timestamp >= claim.readyAt) {
            revert CopyrightRegistryDisputeWindowClosed(workId, claim.readyAt, block.timestamp);
        }
        delete _claims[workId];
        emit OwnershipClaimRejected(workId, claim.claimant, msg.sender, reasonCode);
    }

    /**
     * @notice A supervisor suspends a work: no licensing, no view rewards, no transfer.
     * @dev Requirements: caller is a supervisor; the work exists and is active. Emits {WorkSuspended}.
     */
    function suspend(uint256 workId, uint32 reasonCode) external onlySupervisor {
        WorkSlot storage work = _existingWork(workId);
        if (work.flags & FLAG_SUSPENDED != 0) revert CopyrightRegistryWorkSuspended(workId);
        work.flags |= FLAG_SUSPENDED;
        emit WorkSuspended(workId, msg.sender, reasonCode);
    }

    /**
     * @notice A supervisor reinstates a suspended work.
     * @dev Requirements: caller is a supervisor; the work is suspended. Emits {WorkReinstated}.
     */
    function reinstate(uint256 workId, uint32 reasonCode) external onlySupervisor {
        WorkSlot storage work = _existingWork(workId);
        if (work.flags & FLAG_SUSPENDED == 0) revert CopyrightRegistryWorkNotSuspended(workId);
        work.flags &= ~FLAG_SUSPENDED;
        emit WorkReinstated(workId, msg.sender, reasonCode);
    }

    /**
     * @notice The owner sets the work's EIP-2981 royalty (`bps` of the sale price to `receiver`).
     * @dev Requirements: caller owns the work; `bps <= MAX_BPS`; `receiver != 0` unless `bps == 0`.
     * Emits {RoyaltySet}.
     */
    function setRoyalty(uint256 workId, address receiver, uint16 bps) external {
        address owner = _existingWork(workId).owner;
        if (msg.sender != owner) revert CopyrightRegistryNotWorkOwner(workId, msg.sender, owner);
        if (bps > MAX_BPS || (receiver == address(0) && bps != 0)) {
            revert CopyrightRegistryInvalidRoyalty(receiver, bps, MAX_BPS);
        }
        _royalties[workId] = Royalty(receiver, bps);
        emit RoyaltySet(workId, receiver, bps);
    }

    /**
     * @notice The caller chooses an approved NGO and the share of its sales it donates
     * (`ngo == 0` and `bps == 0` clear the choice).
     * @dev Requirements: `bps <= MAX_BPS`; `ngo` approved, or `ngo == 0` with `bps == 0`.
     * Emits {DonationSet}.
     */
    function setDonation(address ngo, uint16 bps) external {
        if (bps > MAX_BPS || (ngo == address(0) && bps != 0)) {
            revert CopyrightRegistryInvalidDonation(ngo, bps, MAX_BPS);
        }
        if (ngo != address(0) && !_ngos[ngo]) revert CopyrightRegistryNgoNotApproved(ngo);
        _donations[msg.sender] = Donation(ngo, bps);
        emit DonationSet(msg.sender, ngo, bps);
    }

    /**
     * @notice Adds an NGO to, or removes it from, the approved list. Removal stops donations to it
     * at once ({donationOf} returns `(0, 0)`).
     * @dev Requirements: default admin; `ngo != 0`. Emits {NgoApprovalChanged}.
     */
    function setNgoApproval(address ngo, bool approved) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (ngo == address(0)) revert CopyrightRegistryNgoNotApproved(address(0));
        _ngos[ngo] = approved;
        emit NgoApprovalChanged(ngo, approved);
    }

    /// @notice Sets the match threshold. Default admin only. Emits {MatchThresholdChanged}.
    function setMatchThreshold(uint8 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMatchThreshold(threshold);
    }

    /// @notice Sets the RAW dispute window (applies to new claims). Default admin only.
    /// Emits {DisputeWindowChanged}.
    function setDisputeWindow(uint32 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisputeWindow(window);
    }

    // ------------------------------------------------------------------ ERC-721

    /// @inheritdoc IERC721
    function approve(address to, uint256 workId) external {
        address owner = _existingWork(workId).owner;
        if (msg.sender != owner && !_operatorApprovals[owner][msg.sender]) {
            revert ERC721InvalidApprover(msg.sender);
        }
        _tokenApprovals[workId] = to;
        emit Approval(owner, to, workId);
    }

    /// @inheritdoc IERC721
    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC721InvalidOperator(operator);
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC721
    function transferFrom(address from, address to, uint256 workId) public {
        address previousOwner = _update(to, workId, msg.sender);
        if (previousOwner != from) revert ERC721IncorrectOwner(from, workId, previousOwner);
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 workId) external {
        safeTransferFrom(from, to, workId, "");
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 workId, bytes memory data) public {
        transferFrom(from, to, workId);
        ERC721Utils.checkOnERC721Received(msg.sender, from, to, workId, data);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICopyrightRegistry
    function isActive(uint256 workId) external view returns (bool) {
        WorkSlot memory work = _works[workId];
        return work.owner != address(0) && work.flags & FLAG_SUSPENDED == 0;
    }

    /// @inheritdoc ICopyrightRegistry
    function creatorOf(uint256 workId) public view returns (address) {
        WorkSlot storage work = _existingWork(workId);
        return work.flags & FLAG_CREATOR_STORED != 0 ? _creators[workId] : work.owner;
    }

    /// @inheritdoc ICopyrightRegistry
    function mediaInfo(
        uint256 workId
    ) external view returns (uint8 mediaType, uint32 cellCount, uint32 durationSeconds) {
        mediaType = _existingWork(workId).flags & MEDIA_MASK;
        Timing memory timing = _timings[workId];
        return (mediaType, timing.cellCount, timing.durationSeconds);
    }

    /// @inheritdoc ICopyrightRegistry
    function donationOf(address creator) public view returns (address ngo, uint16 bps) {
        Donation memory donation = _donations[creator];
        if (donation.ngo == address(0) || !_ngos[donation.ngo]) return (address(0), 0);
        return (donation.ngo, donation.bps);
    }

    /// @inheritdoc ICopyrightRegistry
    function registeredAt(uint256 workId) external view returns (uint64) {
        return _existingWork(workId).registeredAt;
    }

    /// @inheritdoc ICopyrightRegistry
    function saleTermsOf(
        uint256 workId
    ) external view returns (bool active, address owner, address ngo, uint16 donationBps) {
        WorkSlot memory work = _works[workId];
        owner = work.owner;
        active = owner != address(0) && work.flags & FLAG_SUSPENDED == 0;
        (ngo, donationBps) = donationOf(owner);
    }

    /// @inheritdoc ICopyrightRegistry
    function workOf(uint256 workId) external view returns (WorkView memory view_) {
        WorkSlot memory work = _existingWork(workId);
        Timing memory timing = _timings[workId];
        view_ = WorkView({
            owner: work.owner,
            creator: creatorOf(workId),
            registeredAt: work.registeredAt,
            highestPixels: work.highestPixels,
            versionCount: work.versionCount,
            mediaType: work.flags & MEDIA_MASK,
            raw: work.flags & FLAG_RAW != 0,
            suspended: work.flags & FLAG_SUSPENDED != 0,
            manifest: _manifests[workId],
            cellCount: timing.cellCount,
            durationSeconds: timing.durationSeconds
        });
    }

    /// @inheritdoc ICopyrightRegistry
    function fileOf(bytes32 contentSha256) external view returns (FileRecord memory) {
        return _files[contentSha256];
    }

    /// @inheritdoc ICopyrightRegistry
    function claimOf(uint256 workId) external view returns (OwnershipClaim memory) {
        return _claims[workId];
    }

    /// @inheritdoc ICopyrightRegistry
    function nonces(address uploader) external view returns (uint256) {
        return _holders[uploader].nonce;
    }

    /// @inheritdoc ICopyrightRegistry
    function totalWorks() external view returns (uint256) {
        return _config.totalWorks;
    }

    /// @inheritdoc ICopyrightRegistry
    function isApprovedNgo(address ngo) external view returns (bool) {
        return _ngos[ngo];
    }

    /// @notice The perceptual match threshold (differing bits of 64).
    function matchThreshold() external view returns (uint8) {
        return _config.matchThreshold;
    }

    /// @notice The RAW ownership dispute window, seconds.
    function disputeWindow() external view returns (uint32) {
        return _config.disputeWindow;
    }

    /// @notice The EIP-712 domain separator of this registry (chain and address bound).
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        return _holders[owner].balance;
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 workId) external view returns (address) {
        address owner = _works[workId].owner;
        if (owner == address(0)) revert ERC721NonexistentToken(workId);
        return owner;
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 workId) external view returns (address) {
        _existingWork(workId);
        return _tokenApprovals[workId];
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operatorApprovals[owner][operator];
    }

    /// @inheritdoc IERC721Metadata
    function name() external pure returns (string memory) {
        return "Auteur Copyright Certificate";
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external pure returns (string memory) {
        return "AUTEUR-WORK";
    }

    /// @notice `ipfs://` + the CIDv1 (dag-cbor, sha2-256, base32) of the work's manifest.
    function tokenURI(uint256 workId) external view returns (string memory) {
        _existingWork(workId);
        return string.concat("ipfs://", _manifestCid(_manifests[workId]));
    }

    /// @notice The manifest's CIDv1 as a base32 string (`b...`).
    function manifestCidOf(uint256 workId) external view returns (string memory) {
        _existingWork(workId);
        return _manifestCid(_manifests[workId]);
    }

    /// @inheritdoc IERC2981
    function royaltyInfo(
        uint256 workId,
        uint256 salePrice
    ) external view returns (address receiver, uint256 royaltyAmount) {
        _existingWork(workId);
        Royalty memory royalty = _royalties[workId];
        return (royalty.receiver, (salePrice * royalty.bps) / MAX_BPS);
    }

    /// @inheritdoc IERC165
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(AccessControlDefaultAdminRules, IERC165) returns (bool) {
        return
            interfaceId == type(IERC721).interfaceId ||
            interfaceId == type(IERC721Metadata).interfaceId ||
            interfaceId == type(IERC2981).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internal

    /**
     * @dev Records a new work and mints its certificate. No access checks: callers verified the
     * attestation, bumped the holder slot and allocated `workId`.
     */
    function _register(Upload calldata upload, address uploader, address attester, uint256 workId) internal virtual {
        bytes32 sha = upload.contentSha256;
        uint256 existing = _files[sha].workId;
        if (existing != 0) revert CopyrightRegistryDuplicateHash(sha, existing);
        uint256 pixels = uint256(upload.width) * upload.height;
        _files[sha] = FileRecord(uint48(workId), upload.pHash, upload.width, upload.height, 0, upload.raw);
        _works[workId] = WorkSlot({
            owner: uploader,
            registeredAt: uint32(block.timestamp),
            highestPixels: uint40(pixels),
            versionCount: 0,
            flags: upload.mediaType | (upload.raw ? FLAG_RAW : 0)
        });
        _manifests[workId] = upload.manifest;
        if (upload.cellCount != 0 || upload.durationSeconds != 0) {
            _timings[workId] = Timing(upload.cellCount, upload.durationSeconds);
        }
        emit Transfer(address(0), uploader, workId);
        emit WorkRegistered(workId, uploader, sha, upload, uint64(block.timestamp), attester);
    }

    /**
     * @dev The resolution rule. The matched file's work must be active and of the same media type;
     * `popcount(pHash ^ matched.pHash) <= matchThreshold`; the upload must be larger than the
     * work's highest resolution, or a RAW at least as large. A qualifying RAW from someone other
     * than the owner also opens an ownership claim (one at a time per work). No access checks.
     */
    function _addMatch(
        Upload calldata upload,
        address uploader,
        bytes32 matchedSha256,
        address attester
    ) internal virtual returns (uint256 workId) {
        uint256 distance;
        (workId, distance) = _checkMatch(upload, matchedSha256);
        WorkSlot memory work = _works[workId];
        uint256 pixels = uint256(upload.width) * upload.height;
        bool higher = pixels > work.highestPixels;
        if (!higher && !(upload.raw && pixels == work.highestPixels)) {
            revert CopyrightRegistryResolutionNotHigher(workId, pixels, work.highestPixels, upload.raw);
        }
        if (work.versionCount == type(uint16).max) revert CopyrightRegistryTooManyVersions(workId);
        bool claims = upload.raw && uploader != work.owner;
        if (claims) {
            OwnershipClaim memory pending = _claims[workId];
            if (pending.claimant != address(0)) {
                revert CopyrightRegistryClaimPending(workId, pending.claimant, pending.readyAt);
            }
        }
        uint16 version = work.versionCount + 1;
        _files[upload.contentSha256] = FileRecord(
            uint48(workId),
            upload.pHash,
            upload.width,
            upload.height,
            version,
            upload.raw
        );
        work.versionCount = version;
        if (higher) work.highestPixels = uint40(pixels);
        _works[workId] = work;
        _emitVersion(workId, version, uploader, matchedSha256, upload, distance, work.highestPixels, attester);
        if (claims) _openClaim(workId, uploader, work.owner, version);
    }

    /**
     * @dev Checks of a match that do not depend on resolution: the matched file is registered,
     * the upload's SHA-256 is not, the work is active and of the same media type, and the pHash
     * distance is within the threshold.
     */
    function _checkMatch(
        Upload calldata upload,
        bytes32 matchedSha256
    ) private view returns (uint256 workId, uint256 distance) {
        FileRecord memory matched = _files[matchedSha256];
        workId = matched.workId;
        if (workId == 0) revert CopyrightRegistryUnknownMatch(matchedSha256);
        bytes32 sha = upload.contentSha256;
        uint256 existing = _files[sha].workId;
        if (existing != 0) revert CopyrightRegistryDuplicateHash(sha, existing);
        uint8 flags = _works[workId].flags;
        if (flags & FLAG_SUSPENDED != 0) revert CopyrightRegistryWorkSuspended(workId);
        if (flags & MEDIA_MASK != upload.mediaType) revert CopyrightRegistryInvalidUpload(sha, "mediaType");
        distance = HammingDistance.distance(upload.pHash, matched.pHash);
        uint256 threshold = _config.matchThreshold;
        if (distance > threshold) revert CopyrightRegistryNotAMatch(workId, distance, threshold);
    }

    /// @dev Emits {VersionAdded} (split out of {_addMatch} for the stack).
    function _emitVersion(
        uint256 workId,
        uint16 version,
        address uploader,
        bytes32 matchedSha256,
        Upload memory upload,
        uint256 distance,
        uint40 highestPixels,
        address attester
    ) private {
        emit VersionAdded(
            workId,
            version,
            upload.contentSha256,
            uploader,
            matchedSha256,
            upload,
            uint8(distance),
            highestPixels,
            attester
        );
    }

    /// @dev Opens a RAW ownership claim that can be finalised after the dispute window.
    function _openClaim(uint256 workId, address claimant, address owner, uint16 version) private {
        uint64 readyAt = uint64(block.timestamp) + _config.disputeWindow;
        _claims[workId] = OwnershipClaim(claimant, readyAt, version);
        emit OwnershipClaimed(workId, claimant, owner, version, readyAt);
    }

    /**
     * @dev The single ownership hook (transfers and claim finalisation): a suspended work does not
     * move; `auth != 0` must be the owner, approved for the work, or an operator of the owner;
     * no minting or burning through here. Stores the creator apart on the first change of owner.
     * Emits ERC-721 `Transfer`.
     * @return from the previous owner
     */
    function _update(address to, uint256 workId, address auth) internal virtual returns (address from) {
        WorkSlot memory work = _works[workId];
        from = work.owner;
        if (from == address(0)) revert ERC721NonexistentToken(workId);
        if (work.flags & FLAG_SUSPENDED != 0) revert CopyrightRegistryWorkSuspended(workId);
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        if (auth != address(0) && auth != from && !_operatorApprovals[from][auth] && _tokenApprovals[workId] != auth) {
            revert ERC721InsufficientApproval(auth, workId);
        }
        if (_tokenApprovals[workId] != address(0)) delete _tokenApprovals[workId];
        if (from != to) {
            unchecked {
                // The owner's balance counts this work (>= 1); a uint64 balance cannot wrap.
                --_holders[from].balance;
                ++_holders[to].balance;
            }
            if (work.flags & FLAG_CREATOR_STORED == 0) {
                _creators[workId] = from;
                work.flags |= FLAG_CREATOR_STORED;
            }
            work.owner = to;
            _works[workId] = work;
        }
        emit Transfer(from, to, workId);
    }

    /// @dev Allocates `n` consecutive work ids and returns the first.
    function _nextWorkIds(uint256 n) private returns (uint256 first) {
        Config memory config = _config;
        first = uint256(config.totalWorks) + 1;
        // uint48 ids: 2.8e14 works; the cast reverts-free path is unreachable in practice.
        config.totalWorks += uint48(n);
        _config = config;
    }

    /// @dev Field checks of an upload that do not need storage.
    function _checkUpload(Upload calldata upload) private pure {
        bytes32 sha = upload.contentSha256;
        if (sha == bytes32(0)) revert CopyrightRegistryInvalidUpload(sha, "contentSha256");
        if (upload.manifest == bytes32(0)) revert CopyrightRegistryInvalidUpload(sha, "manifest");
        uint8 mediaType = upload.mediaType;
        if (mediaType > MEDIA_AUDIO) revert CopyrightRegistryInvalidUpload(sha, "mediaType");
        if (mediaType != MEDIA_AUDIO && (upload.width == 0 || upload.height == 0)) {
            revert CopyrightRegistryInvalidUpload(sha, "resolution");
        }
        if (uint256(upload.width) * upload.height > type(uint40).max) {
            revert CopyrightRegistryInvalidUpload(sha, "resolution");
        }
        if (mediaType == MEDIA_VIDEO && (upload.cellCount == 0 || upload.durationSeconds == 0)) {
            revert CopyrightRegistryInvalidUpload(sha, "timing");
        }
        if (mediaType == MEDIA_IMAGE && (upload.cellCount != 0 || upload.durationSeconds != 0)) {
            revert CopyrightRegistryInvalidUpload(sha, "timing");
        }
    }

    /// @dev EIP-712 struct hash of an upload (all fields are static, so `abi.encode` is the encoding).
    function _hashUpload(Upload calldata upload) private pure returns (bytes32) {
        return keccak256(abi.encode(UPLOAD_TYPEHASH, upload));
    }

    function _existingWork(uint256 workId) private view returns (WorkSlot storage work) {
        work = _works[workId];
        if (work.owner == address(0)) revert CopyrightRegistryNonexistentWork(workId);
    }

    function _setMatchThreshold(uint8 threshold) private {
        if (threshold > MAX_MATCH_THRESHOLD) {
            revert CopyrightRegistryInvalidThreshold(threshold, MAX_MATCH_THRESHOLD);
        }
        uint8 previous = _config.matchThreshold;
        _config.matchThreshold = threshold;
        emit MatchThresholdChanged(previous, threshold);
    }

    function _setDisputeWindow(uint32 window) private {
        if (window < MIN_DISPUTE_WINDOW || window > MAX_DISPUTE_WINDOW) {
            revert CopyrightRegistryInvalidDisputeWindow(window, MIN_DISPUTE_WINDOW, MAX_DISPUTE_WINDOW);
        }
        uint32 previous = _config.disputeWindow;
        _config.disputeWindow = window;
        emit DisputeWindowChanged(previous, window);
    }

    /// @dev base32 (RFC 4648, lower case, no padding) of the 36-byte CIDv1, with the "b" prefix.
    function _manifestCid(bytes32 digest) private pure returns (string memory) {
        bytes memory data = abi.encodePacked(CID_PREFIX, digest);
        // 36 bytes = 288 bits -> ceil(288 / 5) = 58 characters, plus the multibase prefix.
        bytes memory out = new bytes(59);
        out[0] = "b";
        uint256 buffer;
        uint256 bits;
        uint256 j = 1;
        for (uint256 i = 0; i < data.length; ++i) {
            buffer = (buffer << 8) | uint8(data[i]);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[j] = BASE32_ALPHABET[(buffer >> bits) & 31];
                ++j;
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) out[j] = BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
        return string(out);
    }
}
