// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ILicenseMarket
 * @notice Licence offers and purchases on registered works: royalty-free licences per resolution
 * tier, rights-managed licences (scope code and term) and view access (a film or an episode; a
 * season or the whole of a series, where a series is a work that groups episode works). Payment in
 * AuteurToken (no payment fee), in admin-allowed ERC-20 tokens (each with its own fee) or in the
 * chain's native coin (`token == address(0)`, its own fee). A fuel fee share of every sale is
 * burned (AuteurToken) or credited to the treasury (anything else); the seller's chosen NGO receives
 * its share; everything else is credited to the seller and withdrawn later (pull payments).
 */
interface ILicenseMarket {
    /// @notice Licence kinds.
    enum LicenceKind {
        RoyaltyFree,
        RightsManaged,
        View
    }

    /**
     * @notice The money side of one sale, as recorded in {LicencePurchased}.
     * @param token payment token (`address(0)`: native coin)
     * @param price what the buyer paid
     * @param proceeds credited to the seller
     * @param ngo the seller's NGO (`address(0)`: none)
     * @param donation credited to the NGO
     * @param paymentFee fee for paying in this token, credited to the treasury
     * @param fuelFee the fuel fee share
     * @param fuelBurned true when the fuel fee was burned (AuteurToken), false when credited to the treasury
     */
    // (an event value, never stored)
    // solhint-disable-next-line gas-struct-packing
    struct Sale {
        address token;
        uint256 price;
        uint256 proceeds;
        address ngo;
        uint256 donation;
        uint256 paymentFee;
        uint256 fuelFee;
        bool fuelBurned;
    }

    /**
     * @notice A licence record.
     * @param validUntil last second of validity (`type(uint64).max`: perpetual; 0: none)
     * @param tier royalty-free: highest resolution tier bought; rights-managed: scope code;
     * view: 0 (film, episode, whole series) or the season number
     */
    struct Licence {
        uint64 validUntil;
        uint32 tier;
    }

    /// @notice No offer for this work, kind and tier.
    error LicenseMarketNoOffer(uint256 workId, LicenceKind kind, uint32 tier);
    /// @notice The offer differs from what the buyer agreed to pay (token or price changed).
    error LicenseMarketOfferChanged(uint256 workId, LicenceKind kind, uint32 tier, address token, uint256 price);
    /// @notice The work does not exist or is suspended.
    error LicenseMarketWorkInactive(uint256 workId);
    /// @notice The caller does not own the work.
    error LicenseMarketNotWorkOwner(uint256 workId, address account, address owner);
    /// @notice The token is not accepted for payment.
    error LicenseMarketTokenNotAllowed(address token);
    /// @notice A zero price, or a term that does not fit the kind (rights-managed needs one, others none).
    error LicenseMarketInvalidOffer(LicenceKind kind, uint256 price, uint256 term);
    /// @notice The native value sent does not match (`expected` is 0 for token payments).
    error LicenseMarketWrongValue(uint256 expected, uint256 sent);
    /// @notice The token moved a different amount than asked (fee-on-transfer or rebasing tokens are refused).
    error LicenseMarketTransferAmountMismatch(address token, uint256 expected, uint256 received);
    /// @notice Nothing to withdraw.
    error LicenseMarketNothingToWithdraw(address account, address token);
    /// @notice A native-coin withdrawal failed.
    error LicenseMarketNativeTransferFailed(address to, uint256 amount);
    /// @notice A fee above its maximum.
    error LicenseMarketInvalidFee(uint256 bps, uint256 maxBps);
    /// @notice A zero address where one is required.
    error LicenseMarketZeroAddress();
    /// @notice An invalid series grouping (season 0, series as its own episode, or empty list).
    error LicenseMarketInvalidGrouping(uint256 seriesId, uint16 season, uint256 episodeId);
    /// @notice The episode already belongs to a series.
    error LicenseMarketEpisodeGrouped(uint256 episodeId, uint256 seriesId, uint16 season);

    /**
     * @notice The owner published or changed an offer.
     * @param workId the work
     * @param kind licence kind
     * @param tier royalty-free: resolution tier; rights-managed: scope code; view: 0 or season
     * @param seller the owner who set it
     * @param token payment token (`address(0)`: native coin)
     * @param price price per licence
     * @param term rights-managed licence duration in seconds (0 for other kinds)
     */
    event OfferSet(
        uint256 indexed workId,
        LicenceKind indexed kind,
        uint32 indexed tier,
        address seller,
        address token,
        uint256 price,
        uint64 term
    );

    /// @notice The owner withdrew an offer (licences already sold are unaffected).
    event OfferWithdrawn(uint256 indexed workId, LicenceKind indexed kind, uint32 indexed tier, address seller);

    /**
     * @notice A licence was bought.
     * @param workId the work licensed
     * @param buyer the licensee
     * @param seller the work's owner, credited with the proceeds
     * @param kind licence kind
     * @param tier as in {OfferSet}
     * @param validUntil the licence record's validity after the purchase
     * @param sale the money: price, proceeds, donation, fees
     */
    event LicencePurchased(
        uint256 indexed workId,
        address indexed buyer,
        address indexed seller,
        LicenceKind kind,
        uint32 tier,
        uint64 validUntil,
        Sale sale
    );

    /**
     * @notice An account withdrew its credited balance of a token.
     * @param account who withdrew
     * @param token the token (`address(0)`: native coin)
     * @param amount the amount sent
     */
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    /**
     * @notice The owner of a series grouped episode works into a season.
     * @param seriesId the series work
     * @param season season number (>= 1)
     * @param episodeIds the episode works
     */
    event EpisodesGrouped(uint256 indexed seriesId, uint16 indexed season, uint256[] episodeIds);

    /// @notice The admin allowed or disallowed a payment token (or the native coin, `address(0)`) and set its fee.
    event TokenConfigured(address indexed token, bool allowed, uint16 feeBps);

    /// @notice The fuel fee share changed.
    event FuelFeeChanged(uint16 previousBps, uint16 bps);

    /// @notice The treasury changed.
    event TreasuryChanged(address indexed previous, address indexed treasury);

    /// @notice Whether `account` holds a currently valid licence of `kind` on `workId` (for view
    /// access on an episode, a licence on its season or whole series counts).
    function hasLicence(uint256 workId, address account, LicenceKind kind) external view returns (bool);

    /// @notice The licence record of `account` for `workId`, `kind` and (view only) `season`.
    function licenceOf(
        uint256 workId,
        address account,
        LicenceKind kind,
        uint32 season
    ) external view returns (Licence memory);

    /// @notice The offer on `workId` for `kind` and `tier` (`price == 0`: none).
    function offerOf(
        uint256 workId,
        LicenceKind kind,
        uint32 tier
    ) external view returns (address token, uint256 price, uint64 term);

    /// @notice What `account` can withdraw in `token`.
    function creditOf(address account, address token) external view returns (uint256);

    /// @notice The series and season an episode belongs to (`seriesId == 0`: none).
    function episodeOf(uint256 episodeId) external view returns (uint256 seriesId, uint16 season);
}
