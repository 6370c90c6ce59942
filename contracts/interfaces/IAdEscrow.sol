// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEscrowVault} from "./IEscrowVault.sol";

/**
 * @title IAdEscrow
 * @notice Advertising budgets held in escrow and paid per verified view or click. A verifier
 * quorum settles each campaign period; each payment is split among the work's owner, the storage
 * provider, the platform and the viewers (a cumulative Merkle distribution per campaign).
 *
 * Conservation, per campaign and in total, at all times:
 *   deposited == paidDirect + viewerPool + remaining + refunded
 * where `paidDirect` is what was credited to owners, storage providers and the platform, and
 * `viewerPool - viewerClaimed` is what viewers can still claim.
 */
interface IAdEscrow is IEscrowVault {
    /// @notice Campaign life cycle. Time bounds (start, end) are checked separately.
    enum CampaignStatus {
        None,
        Active,
        Paused,
        Exhausted,
        Cancelled
    }

    /// @notice Split of each payment in basis points; the four add up to 10,000.
    struct Split {
        uint16 creatorBps;
        uint16 viewerBps;
        uint16 storageBps;
        uint16 platformBps;
    }

    /// @notice What an advertiser chooses when opening a campaign.
    struct CampaignParams {
        address token;
        uint96 pricePerView;
        uint96 pricePerClick;
        uint40 start;
        uint40 end;
        uint32 minViewsPerWork; // a work earns only once its verified views in this campaign reach this
        uint256 deposit;
        Split split;
    }

    /// @notice Protocol bounds on a campaign's split.
    struct SplitBounds {
        uint16 minCreatorBps;
        uint16 maxViewerBps;
        uint16 maxStorageBps;
        uint16 minPlatformBps;
        uint16 maxPlatformBps;
    }

    /// @notice Verified activity on one work during a settlement period.
    struct AdItem {
        uint256 workId;
        uint64 views;
        uint64 clicks;
        address storageProvider;
    }

    /// @notice How one item's payment was split (amounts actually credited).
    struct Payout {
        uint256 amount;
        uint256 creatorAmount;
        uint256 storageAmount;
        uint256 viewerAmount;
        uint256 platformAmount;
    }

    /**
     * @notice What the verifier quorum signs for one campaign period (EIP-712 struct
     * `AdSettlement`, `itemsHash = keccak256(abi.encode(items))`). `remainingBefore` binds the
     * report to the budget it was computed against, so a top-up or another settlement in between
     * makes it stale instead of silently paying a different amount.
     */
    struct SettlementReport {
        uint256 campaignId;
        uint64 period;
        uint128 remainingBefore;
        bytes32 itemsHash;
        bytes32 viewerRoot;
        uint128 viewerCumulative;
        uint64 deadline;
    }

    /// @notice The campaign does not exist.
    error AdEscrowUnknownCampaign(uint256 campaignId);
    /// @notice The caller is not the campaign's advertiser.
    error AdEscrowNotAdvertiser(uint256 campaignId, address caller);
    /// @notice Zero deposit/prices, end not after start, or end in the past.
    error AdEscrowInvalidCampaign(uint256 deposit, uint40 start, uint40 end);
    /// @notice The split does not add up to 10,000 or leaves the protocol bounds.
    error AdEscrowInvalidSplit(uint16 creatorBps, uint16 viewerBps, uint16 storageBps, uint16 platformBps);
    /// @notice The bounds themselves are inconsistent.
    error AdEscrowInvalidBounds(SplitBounds bounds);
    /// @notice The campaign is in `status`, which does not allow this.
    error AdEscrowCampaignNotActive(uint256 campaignId, CampaignStatus status);
    /// @notice Outside the settlement window [start, end + grace].
    error AdEscrowOutsideSettlementWindow(uint256 campaignId, uint256 start, uint256 lastSettlement);
    /// @notice Periods must strictly increase: `period` after `lastPeriod`.
    error AdEscrowStalePeriod(uint256 campaignId, uint64 period, uint64 lastPeriod);
    /// @notice The report was computed against another budget.
    error AdEscrowBudgetMismatch(uint256 campaignId, uint256 remainingBefore, uint256 remaining);
    /// @notice The report's deadline passed.
    error AdEscrowReportExpired(uint256 campaignId, uint256 deadline);
    /// @notice The items do not hash to the signed `itemsHash`.
    error AdEscrowItemsMismatch(bytes32 signed, bytes32 actual);
    /// @notice The work is not targeted by the campaign.
    error AdEscrowWorkNotTargeted(uint256 campaignId, uint256 workId);
    /// @notice The work is suspended or unknown: suspended works are never paid.
    error AdEscrowWorkNotActive(uint256 workId);
    /// @notice The signed viewer total differs from the viewer pool the contract computed.
    error AdEscrowViewerTotalMismatch(uint256 campaignId, uint256 signed, uint256 computed);
    /// @notice A claim would take more than the campaign's viewer pool.
    error AdEscrowClaimExceedsPool(uint256 campaignId, uint256 claimed, uint256 pool);
    /// @notice The remainder is withdrawable only after `availableAt` (end + grace) or a cancel.
    error AdEscrowRemainderLocked(uint256 campaignId, uint256 availableAt);
    /// @notice A zero address where an account is needed.
    error AdEscrowZeroAddress();

    /// @notice A campaign opened with `deposit` (what actually arrived).
    event CampaignCreated(
        uint256 indexed campaignId,
        address indexed advertiser,
        address indexed token,
        uint256 deposit,
        CampaignParams params,
        uint256[] targetWorkIds
    );
    /// @notice The advertiser added `amount` (what arrived); `remaining` after.
    event CampaignToppedUp(uint256 indexed campaignId, uint256 amount, uint256 remaining);
    /// @notice Status change (pause, resume, cancel, exhaustion, re-activation by a top-up).
    event CampaignStatusChanged(uint256 indexed campaignId, CampaignStatus status);
    /// @notice One work's payment in a settlement (amounts actually credited).
    event AdWorkPaid(
        uint256 indexed campaignId,
        uint64 indexed period,
        uint256 indexed workId,
        address owner,
        AdItem item,
        Payout payout
    );
    /// @notice A period settled: `debited` left the budget, `remaining` is what is left.
    event CampaignSettled(
        uint256 indexed campaignId,
        uint64 indexed period,
        uint256 debited,
        uint256 viewerPoolAdded,
        uint256 remaining,
        bytes32 viewerRoot,
        uint256 viewerCumulative,
        bool prorated
    );
    /// @notice The budget ran out in `period`; the campaign pays no more.
    event BudgetExhausted(uint256 indexed campaignId, uint64 indexed period);
    /// @notice A viewer claimed `amount`; `cumulative` is the new total claimed.
    event ViewerClaimed(uint256 indexed campaignId, address indexed account, uint256 amount, uint256 cumulative);
    /// @notice The advertiser took back what was left.
    event RemainderRefunded(uint256 indexed campaignId, address indexed advertiser, uint256 amount);
    /// @notice Admin parameter changes.
    event SplitBoundsChanged(SplitBounds bounds);
    event PlatformTreasuryChanged(address treasury);
    event SettlementGraceChanged(uint32 grace);
}
