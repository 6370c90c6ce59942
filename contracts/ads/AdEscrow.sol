// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IAdEscrow} from "../interfaces/IAdEscrow.sol";
import {IAuthoritySet} from "../interfaces/IAuthoritySet.sol";
import {ICopyrightRegistry} from "../interfaces/ICopyrightRegistry.sol";
import {CumulativeMerkleClaims} from "../utils/CumulativeMerkleClaims.sol";
import {EscrowVault} from "../utils/EscrowVault.sol";

/**
 * @title AdEscrow
 * @notice Campaign budgets in escrow, paid per verified view and click until spent.
 * @dev Settlement: the verifier quorum signs a {SettlementReport} per campaign period. For each
 * item the contract computes `views * pricePerView + clicks * pricePerClick` (zero until the
 * work's cumulative views in the campaign reach `minViewsPerWork`; the batch that reaches it
 * pays in full). If the total exceeds the remaining budget, every item is scaled by
 * `remaining / total` (rounded down, so the sum never exceeds the budget), the campaign becomes
 * Exhausted and the rounding dust stays refundable. Each item splits into owner, storage
 * provider, platform and viewer parts; the viewer part (which absorbs rounding) joins the
 * campaign's viewer pool, and the signed `viewerCumulative` (total of the campaign's cumulative
 * Merkle tree) must equal the pool exactly. Viewers claim with one proof per campaign.
 *
 * Storage per campaign: 8 slots, grouped by who writes them (see {Campaign}), so a settlement
 * writes 4 slots (period, budget, pool, root) and a claim 2 (its own claimed amount and the
 * pool's claimed total, which shares the pool's slot and so is never a fresh slot). Amounts are
 * uint128 and prices uint96 (7.9e28 wei per view: ample for any 18-decimal supply).
 */
contract AdEscrow is IAdEscrow, EscrowVault, EIP712, CumulativeMerkleClaims {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    struct Campaign {
        // slot 0: written at creation and on status changes
        address advertiser;
        uint40 start;
        uint40 end;
        CampaignStatus status;
        bool targetsAll;
        // slot 1: the token (read by settlements and claims) and the last settled period
        address token;
        uint32 minViewsPerWork;
        uint64 lastPeriod;
        // slot 2: the split (a struct member always takes a slot of its own), written once
        Split split;
        // slot 3: prices, written once
        uint96 pricePerView;
        uint96 pricePerClick;
        // slot 4: the budget (written by each settlement)
        uint128 remaining;
        uint128 paidDirect;
        // slot 5: deposits and refunds (top-ups and refunds only)
        uint128 deposited;
        uint128 refunded;
        // slot 6: the viewer pool (settlements) and what viewers claimed (claims)
        uint128 viewerPool;
        uint128 viewerClaimed;
        // slot 7: the newest viewer root (settlements)
        bytes32 viewerRoot;
    }

    /// @dev Running totals of one settlement (kept in memory to bound stack depth).
    struct Tally {
        uint256 total;
        uint256 budget;
        uint256 debited;
        uint256 viewerAdded;
        uint256 platformAdded;
        bool prorated;
    }

    /// @notice EIP-712 type of {SettlementReport}.
    bytes32 public constant SETTLEMENT_TYPEHASH = keccak256(
        "AdSettlement(uint256 campaignId,uint64 period,uint128 remainingBefore,bytes32 itemsHash,bytes32 viewerRoot,uint128 viewerCumulative,uint64 deadline)"
    );
    uint256 private constant BPS = 10_000;

    /// @notice The verifier quorum.
    IAuthoritySet public immutable authority;
    /// @notice The registry whose works are advertised on.
    ICopyrightRegistry public immutable registry;

    uint256 private _campaignCount;
    address private _platformTreasury;
    uint32 private _settlementGrace;
    SplitBounds private _bounds;
    mapping(uint256 campaignId => Campaign) private _campaigns;
    mapping(uint256 campaignId => mapping(uint256 workId => bool)) private _targets;
    mapping(uint256 campaignId => mapping(uint256 workId => uint256)) private _workViews;

    modifier onlyAdvertiser(uint256 campaignId) {
        address advertiser = _campaigns[campaignId].advertiser;
        if (advertiser == address(0)) revert AdEscrowUnknownCampaign(campaignId);
        if (advertiser != msg.sender) revert AdEscrowNotAdvertiser(campaignId, msg.sender);
        _;
    }

    /**
     * @param authority_ AuthoritySet (verifier quorum)
     * @param registry_ CopyrightRegistry (work status and owners)
     * @param platformTreasury_ receives the platform share
     * @param bounds_ protocol bounds on campaign splits
     * @param settlementGrace_ seconds after a campaign's end during which late periods still settle
     * @param initialAdminDelay default-admin transfer delay
     * @param admin default admin
     */
    constructor(
        IAuthoritySet authority_,
        ICopyrightRegistry registry_,
        address platformTreasury_,
        SplitBounds memory bounds_,
        uint32 settlementGrace_,
        uint48 initialAdminDelay,
        address admin
    ) EscrowVault(initialAdminDelay, admin) EIP712("Auteur AdEscrow", "1") {
        authority = authority_;
        registry = registry_;
        _setPlatformTreasury(platformTreasury_);
        _setBounds(bounds_);
        _settlementGrace = settlementGrace_;
        emit SettlementGraceChanged(settlementGrace_);
    }

    // ------------------------------------------------------------------ advertiser

    /**
     * @notice Opens a campaign and escrows its deposit.
     * @dev Requirements: not paused; token allowed; deposit and at least one price non-zero;
     * `start < end`, `end` in the future; split within bounds. `targetWorkIds` empty = all works.
     * Fee-on-transfer tokens: the deposit is what actually arrived. Emits {CampaignCreated}.
     */
    function createCampaign(
        CampaignParams calldata p,
        uint256[] calldata targetWorkIds
    ) external whenNotPaused nonReentrant returns (uint256 campaignId) {
        _requireAllowedToken(p.token);
        if (
            p.deposit == 0 ||
            (p.pricePerView == 0 && p.pricePerClick == 0) ||
            p.start >= p.end ||
            p.end <= block.timestamp
        ) revert AdEscrowInvalidCampaign(p.deposit, p.start, p.end);
        _checkSplit(p.split);
        uint128 received = _pull(IERC20(p.token), p.deposit).toUint128();
        if (received == 0) revert AdEscrowInvalidCampaign(0, p.start, p.end);

        campaignId = ++_campaignCount;
        Campaign storage c = _campaigns[campaignId];
        c.advertiser = msg.sender;
        c.start = p.start;
        c.end = p.end;
        c.status = CampaignStatus.Active;
        c.targetsAll = targetWorkIds.length == 0;
        c.token = p.token;
        c.split = p.split;
        c.minViewsPerWork = p.minViewsPerWork;
        c.pricePerView = p.pricePerView;
        c.pricePerClick = p.pricePerClick;
        c.deposited = received;
        c.remaining = received;
        for (uint256 i = 0; i < targetWorkIds.length; ++i) {
            _targets[campaignId][targetWorkIds[i]] = true;
        }
        emit CampaignCreated(campaignId, msg.sender, p.token, received, p, targetWorkIds);
    }

    /**
     * @notice Adds budget; an Exhausted campaign that has not ended becomes Active again.
     * @dev Requirements: advertiser; not cancelled. Emits {CampaignToppedUp} (and
     * {CampaignStatusChanged} on re-activation).
     */
    function topUp(uint256 campaignId, uint256 amount) external whenNotPaused nonReentrant onlyAdvertiser(campaignId) {
        Campaign storage c = _campaigns[campaignId];
        if (c.status == CampaignStatus.Cancelled) revert AdEscrowCampaignNotActive(campaignId, c.status);
        uint128 received = _pull(IERC20(c.token), amount).toUint128();
        c.deposited += received;
        c.remaining += received;
        emit CampaignToppedUp(campaignId, received, c.remaining);
        if (c.status == CampaignStatus.Exhausted && block.timestamp < c.end && received != 0) {
            c.status = CampaignStatus.Active;
            emit CampaignStatusChanged(campaignId, CampaignStatus.Active);
        }
    }

    /// @notice Stops settlements until {resumeCampaign}. Emits {CampaignStatusChanged}.
    function pauseCampaign(uint256 campaignId) external onlyAdvertiser(campaignId) {
        _transition(campaignId, CampaignStatus.Active, CampaignStatus.Paused);
    }

    /// @notice Resumes a paused campaign. Emits {CampaignStatusChanged}.
    function resumeCampaign(uint256 campaignId) external onlyAdvertiser(campaignId) {
        _transition(campaignId, CampaignStatus.Paused, CampaignStatus.Active);
    }

    /**
     * @notice Cancels the campaign: no further settlement; the remainder becomes refundable at
     * once (what was already settled stays with its payees). Emits {CampaignStatusChanged}.
     */
    function cancelCampaign(uint256 campaignId) external onlyAdvertiser(campaignId) {
        Campaign storage c = _campaigns[campaignId];
        if (c.status == CampaignStatus.Cancelled) revert AdEscrowCampaignNotActive(campaignId, c.status);
        c.status = CampaignStatus.Cancelled;
        emit CampaignStatusChanged(campaignId, CampaignStatus.Cancelled);
    }

    /**
     * @notice Refunds the remaining budget to the advertiser, after `end + settlementGrace` or
     * once cancelled. Emits {RemainderRefunded}.
     */
    function refundRemainder(uint256 campaignId) external whenNotPaused nonReentrant onlyAdvertiser(campaignId) {
        Campaign storage c = _campaigns[campaignId];
        uint256 availableAt = uint256(c.end) + _settlementGrace;
        if (c.status != CampaignStatus.Cancelled && block.timestamp <= availableAt) {
            revert AdEscrowRemainderLocked(campaignId, availableAt + 1);
        }
        uint128 amount = c.remaining;
        if (amount == 0) revert EscrowVaultNothingToWithdraw(msg.sender, c.token);
        c.remaining = 0;
        c.refunded += amount;
        emit RemainderRefunded(campaignId, msg.sender, amount);
        IERC20(c.token).safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ settlement and claims

    /**
     * @notice Settles one campaign period signed by the verifier quorum.
     * @dev Requirements: not paused; campaign Active and inside [start, end + grace]; period
     * after the last settled one; report not expired and computed against the current remaining
     * budget; items hash to the signed hash; each work targeted and active; signed viewer total
     * equal to the computed viewer pool; quorum of verifier signatures. Emits {AdWorkPaid} per
     * item, {CampaignSettled}, and {BudgetExhausted} + {CampaignStatusChanged} when spent.
     */
    function settle(
        SettlementReport calldata report,
        AdItem[] calldata items,
        bytes[] calldata signatures
    ) external whenNotPaused nonReentrant {
        uint256 campaignId = report.campaignId;
        Campaign storage c = _campaigns[campaignId];
        _checkReport(c, report, items);
        authority.requireQuorum(_hashTypedDataV4(_structHash(report)), signatures);

        Tally memory t;
        t.budget = c.remaining;
        uint256[] memory amounts = new uint256[](items.length);
        for (uint256 i = 0; i < items.length; ++i) {
            amounts[i] = _itemAmount(c, campaignId, items[i]);
            t.total += amounts[i];
        }
        t.prorated = t.total > t.budget;
        for (uint256 i = 0; i < items.length; ++i) {
            uint256 amount = t.prorated ? Math.mulDiv(amounts[i], t.budget, t.total) : amounts[i];
            if (amount != 0) _payItem(c, campaignId, report.period, items[i], amount, t);
        }

        uint256 newPool = uint256(c.viewerPool) + t.viewerAdded;
        if (newPool != report.viewerCumulative) {
            revert AdEscrowViewerTotalMismatch(campaignId, report.viewerCumulative, newPool);
        }
        if (t.platformAdded != 0) _credit(_platformTreasury, c.token, t.platformAdded);
        c.remaining = (t.budget - t.debited).toUint128();
        c.paidDirect += (t.debited - t.viewerAdded).toUint128();
        c.viewerPool = newPool.toUint128();
        c.lastPeriod = report.period;
        c.viewerRoot = report.viewerRoot;
        emit CampaignSettled(
            campaignId,
            report.period,
            t.debited,
            t.viewerAdded,
            c.remaining,
            report.viewerRoot,
            newPool,
            t.prorated
        );
        if (t.prorated || c.remaining == 0) {
            c.status = CampaignStatus.Exhausted;
            emit BudgetExhausted(campaignId, report.period);
            emit CampaignStatusChanged(campaignId, CampaignStatus.Exhausted);
        }
    }

    /**
     * @notice Pays `account` its viewer share of a campaign: `cumulativeAmount` (from the
     * campaign's newest root) minus what it already claimed. Anyone may call; funds go to
     * `account`. Emits {ViewerClaimed}.
     */
    function claimViewer(
        uint256 campaignId,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external whenNotPaused nonReentrant {
        Campaign storage c = _campaigns[campaignId];
        uint256 payout = _recordClaim(bytes32(campaignId), c.viewerRoot, account, cumulativeAmount, proof);
        uint256 claimed = uint256(c.viewerClaimed) + payout;
        if (claimed > c.viewerPool) revert AdEscrowClaimExceedsPool(campaignId, claimed, c.viewerPool);
        c.viewerClaimed = uint128(claimed); // fits: claimed <= viewerPool, a uint128
        emit ViewerClaimed(campaignId, account, payout, cumulativeAmount);
        IERC20(c.token).safeTransfer(account, payout);
    }

    // ------------------------------------------------------------------ admin

    /// @notice Sets the split bounds for new campaigns. Emits {SplitBoundsChanged}.
    function setSplitBounds(SplitBounds calldata bounds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setBounds(bounds_);
    }

    /// @notice Sets the platform treasury. Emits {PlatformTreasuryChanged}.
    function setPlatformTreasury(address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPlatformTreasury(treasury);
    }

    /// @notice Sets the settlement grace after a campaign's end. Emits {SettlementGraceChanged}.
    function setSettlementGrace(uint32 grace) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _settlementGrace = grace;
        emit SettlementGraceChanged(grace);
    }

    // ------------------------------------------------------------------ views

    /// @notice A campaign as stored.
    function campaignOf(uint256 campaignId) external view returns (Campaign memory) {
        return _campaigns[campaignId];
    }

    /// @notice Number of campaigns; ids run from 1 to this.
    function campaignCount() external view returns (uint256) {
        return _campaignCount;
    }

    /// @notice Whether the campaign pays for `workId`.
    function isTargeted(uint256 campaignId, uint256 workId) public view returns (bool) {
        return _campaigns[campaignId].targetsAll || _targets[campaignId][workId];
    }

    /// @notice Verified views of `workId` counted by the campaign so far (tracked when it has a minimum).
    function workViews(uint256 campaignId, uint256 workId) external view returns (uint256) {
        return _workViews[campaignId][workId];
    }

    /// @notice Current split bounds.
    function splitBounds() external view returns (SplitBounds memory) {
        return _bounds;
    }

    /// @notice Current platform treasury and settlement grace.
    function settings() external view returns (address platformTreasury, uint32 settlementGrace) {
        return (_platformTreasury, _settlementGrace);
    }

    /// @notice The EIP-712 digest verifiers sign for `report`.
    function settlementDigest(SettlementReport calldata report) external view returns (bytes32) {
        return _hashTypedDataV4(_structHash(report));
    }

    // ------------------------------------------------------------------ internal

    /// @dev Validates a report against the campaign's state. No signature checks.
    function _checkReport(Campaign storage c, SettlementReport calldata r, AdItem[] calldata items) private view {
        uint256 campaignId = r.campaignId;
        if (c.status == CampaignStatus.None) revert AdEscrowUnknownCampaign(campaignId);
        if (c.status != CampaignStatus.Active) revert AdEscrowCampaignNotActive(campaignId, c.status);
        uint256 lastSettlement = uint256(c.end) + _settlementGrace;
        if (block.timestamp < c.start || block.timestamp > lastSettlement) {
            revert AdEscrowOutsideSettlementWindow(campaignId, c.start, lastSettlement);
        }
        if (r.period <= c.lastPeriod) revert AdEscrowStalePeriod(campaignId, r.period, c.lastPeriod);
        if (block.timestamp > r.deadline) revert AdEscrowReportExpired(campaignId, r.deadline);
        if (r.remainingBefore != c.remaining) revert AdEscrowBudgetMismatch(campaignId, r.remainingBefore, c.remaining);
        bytes32 itemsHash = keccak256(abi.encode(items));
        if (itemsHash != r.itemsHash) revert AdEscrowItemsMismatch(r.itemsHash, itemsHash);
    }

    /// @dev Face value of one item; records views when the campaign has a minimum. No checks on the caller.
    function _itemAmount(Campaign storage c, uint256 campaignId, AdItem calldata item) private returns (uint256) {
        if (!isTargeted(campaignId, item.workId)) revert AdEscrowWorkNotTargeted(campaignId, item.workId);
        if (!registry.isActive(item.workId)) revert AdEscrowWorkNotActive(item.workId);
        uint32 minViews = c.minViewsPerWork;
        if (minViews != 0) {
            uint256 views = _workViews[campaignId][item.workId] + item.views;
            _workViews[campaignId][item.workId] = views;
            if (views < minViews) return 0;
        }
        return uint256(item.views) * c.pricePerView + uint256(item.clicks) * c.pricePerClick;
    }

    /// @dev Splits one item's payment and credits its payees. No checks.
    function _payItem(
        Campaign storage c,
        uint256 campaignId,
        uint64 period,
        AdItem calldata item,
        uint256 amount,
        Tally memory t
    ) private {
        Split memory s = c.split;
        Payout memory out;
        out.amount = amount;
        out.creatorAmount = (amount * s.creatorBps) / BPS;
        out.storageAmount = (amount * s.storageBps) / BPS;
        out.platformAmount = (amount * s.platformBps) / BPS;
        out.viewerAmount = amount - out.creatorAmount - out.storageAmount - out.platformAmount;
        // a report without a storage provider leaves the storage share to the viewers
        if (item.storageProvider == address(0)) {
            out.viewerAmount += out.storageAmount;
            out.storageAmount = 0;
        }
        address owner = IERC721(address(registry)).ownerOf(item.workId);
        address token = c.token;
        if (out.creatorAmount != 0) _credit(owner, token, out.creatorAmount);
        if (out.storageAmount != 0) _credit(item.storageProvider, token, out.storageAmount);
        t.debited += amount;
        t.viewerAdded += out.viewerAmount;
        t.platformAdded += out.platformAmount;
        emit AdWorkPaid(campaignId, period, item.workId, owner, item, out);
    }

    /// @dev EIP-712 struct hash of a report.
    function _structHash(SettlementReport calldata r) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                SETTLEMENT_TYPEHASH,
                r.campaignId,
                r.period,
                r.remainingBefore,
                r.itemsHash,
                r.viewerRoot,
                r.viewerCumulative,
                r.deadline
            )
        );
    }

    /// @dev Moves a campaign between two statuses. No access checks.
    function _transition(uint256 campaignId, CampaignStatus from, CampaignStatus to) private {
        Campaign storage c = _campaigns[campaignId];
        if (c.status != from) revert AdEscrowCampaignNotActive(campaignId, c.status);
        c.status = to;
        emit CampaignStatusChanged(campaignId, to);
    }

    /// @dev Reverts unless the split adds up and sits inside the bounds.
    function _checkSplit(Split calldata s) private view {
        SplitBounds memory b = _bounds;
        if (
            uint256(s.creatorBps) + s.viewerBps + s.storageBps + s.platformBps != BPS ||
            s.creatorBps < b.minCreatorBps ||
            s.viewerBps > b.maxViewerBps ||
            s.storageBps > b.maxStorageBps ||
            s.platformBps < b.minPlatformBps ||
            s.platformBps > b.maxPlatformBps
        ) revert AdEscrowInvalidSplit(s.creatorBps, s.viewerBps, s.storageBps, s.platformBps);
    }

    /// @dev Validates and stores bounds. No access checks.
    function _setBounds(SplitBounds memory b) private {
        if (
            b.minCreatorBps > BPS ||
            b.maxViewerBps > BPS ||
            b.maxStorageBps > BPS ||
            b.minPlatformBps > b.maxPlatformBps ||
            b.maxPlatformBps > BPS ||
            uint256(b.minCreatorBps) + b.minPlatformBps > BPS
        ) revert AdEscrowInvalidBounds(b);
        _bounds = b;
        emit SplitBoundsChanged(b);
    }

    /// @dev Stores the treasury. No access checks.
    function _setPlatformTreasury(address treasury) private {
        if (treasury == address(0)) revert AdEscrowZeroAddress();
        _platformTreasury = treasury;
        emit PlatformTreasuryChanged(treasury);
    }
}
