// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICopyrightRegistry} from "../interfaces/ICopyrightRegistry.sol";
import {ILicenseMarket} from "../interfaces/ILicenseMarket.sol";

/**
 * @title LicenseMarket
 * @notice Offers and purchases of licences on registered works (see {ILicenseMarket}).
 *
 * @dev Money rules of a sale of `price` in `token`:
 * `paymentFee = price * feeBps(token) / 10_000` (0 for AuteurToken), `fuelFee = price * fuelFeeBps
 * / 10_000` (burned for AuteurToken, treasury otherwise), `net = price - paymentFee - fuelFee`,
 * `donation = net * donationBps(seller) / 10_000` to the seller's approved NGO, `proceeds = net -
 * donation` to the seller. Every share except a burn is a credit withdrawn with {withdraw}, so the
 * market's balance of a token always equals the sum of credits in it.
 *
 * Storage layout: `_offers[key]`, 1 slot (`token` 160 | `price` uint96), `key = keccak256(workId,
 * kind, tier)`; `_terms[key]` (uint64, rights-managed only); `_licences[key]`, 1 slot
 * (`validUntil` uint64 | `tier` uint32), `key = keccak256(workId, account, kind, season)`;
 * `_credits[token][account]`; `_config`, 1 slot (`treasury` 160 | `fuelFeeBps` uint16);
 * `_tokens[token]`, 1 slot (`allowed` | `feeBps` uint16); `_episodes[episodeId]`, 1 slot
 * (`seriesId` uint48 | `season` uint16).
 *
 * Order inside {buy}: checks, then every effect (licence, credits, event), then the interactions
 * (pull the payment and verify the amount that arrived, then burn), under {ReentrancyGuard}.
 */
contract LicenseMarket is ILicenseMarket, AccessControlDefaultAdminRules, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Basis-point denominator.
    uint16 public constant BPS = 10_000;
    /// @notice Largest payment fee and largest fuel fee: 10 % each (so fees never exceed the price).
    uint16 public constant MAX_FEE_BPS = 1_000;
    /// @notice `validUntil` of a perpetual licence.
    uint64 public constant PERPETUAL = type(uint64).max;

    /// @notice The registry of works.
    ICopyrightRegistry public immutable registry;
    /// @notice The protocol token: no payment fee, fuel fee burned.
    IERC20 public immutable auteurToken;

    struct Offer {
        address token;
        uint96 price;
    }

    struct Config {
        address treasury;
        uint16 fuelFeeBps;
    }

    struct TokenConfig {
        bool allowed;
        uint16 feeBps;
    }

    struct Episode {
        uint48 seriesId;
        uint16 season;
    }

    Config private _config;
    mapping(bytes32 offerKey => Offer) private _offers;
    mapping(bytes32 offerKey => uint64) private _terms;
    mapping(bytes32 licenceKey => Licence) private _licences;
    mapping(address token => mapping(address account => uint256)) private _credits;
    mapping(address token => TokenConfig) private _tokens;
    mapping(uint256 episodeId => Episode) private _episodes;

    /**
     * @param registry_ the copyright registry
     * @param auteurToken_ AuteurToken (burnable)
     * @param initialAdminDelay delay of a default-admin transfer
     * @param initialAdmin the default admin (tokens, fees, treasury, pause)
     * @param treasury_ receives payment fees and non-AuteurToken fuel fees
     * @param fuelFeeBps_ fuel fee share (<= {MAX_FEE_BPS})
     * @param nativeFeeBps fee of the native-coin path (<= {MAX_FEE_BPS}); the path is enabled
     */
    constructor(
        ICopyrightRegistry registry_,
        IERC20 auteurToken_,
        uint48 initialAdminDelay,
        address initialAdmin,
        address treasury_,
        uint16 fuelFeeBps_,
        uint16 nativeFeeBps
    ) AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) {
        if (address(registry_) == address(0) || address(auteurToken_) == address(0)) {
            revert LicenseMarketZeroAddress();
        }
        registry = registry_;
        auteurToken = auteurToken_;
        _setTreasury(treasury_);
        _setFuelFee(fuelFeeBps_);
        _configureToken(address(0), true, nativeFeeBps);
    }

    // ------------------------------------------------------------------ owners

    /**
     * @notice Publishes or changes an offer on a work the caller owns.
     * @dev Requirements: caller owns the active work; `token` is AuteurToken or allowed
     * (`address(0)`: native coin); `price > 0`; `term > 0` exactly for rights-managed offers.
     * Licences already sold are unaffected. Emits {OfferSet}.
     */
    function setOffer(
        uint256 workId,
        LicenceKind kind,
        uint32 tier,
        address token,
        uint96 price,
        uint64 term
    ) external {
        _requireOwner(workId);
        if (!registry.isActive(workId)) revert LicenseMarketWorkInactive(workId);
        if (token != address(auteurToken) && !_tokens[token].allowed) revert LicenseMarketTokenNotAllowed(token);
        if (price == 0 || (kind == LicenceKind.RightsManaged) != (term != 0)) {
            revert LicenseMarketInvalidOffer(kind, price, term);
        }
        bytes32 key = _offerKey(workId, kind, tier);
        _offers[key] = Offer(token, price);
        if (kind == LicenceKind.RightsManaged) _terms[key] = term;
        emit OfferSet(workId, kind, tier, msg.sender, token, price, term);
    }

    /**
     * @notice Withdraws an offer of a work the caller owns.
     * @dev Requirements: caller owns the work; the offer exists. Emits {OfferWithdrawn}.
     */
    function withdrawOffer(uint256 workId, LicenceKind kind, uint32 tier) external {
        _requireOwner(workId);
        bytes32 key = _offerKey(workId, kind, tier);
        if (_offers[key].price == 0) revert LicenseMarketNoOffer(workId, kind, tier);
        delete _offers[key];
        delete _terms[key];
        emit OfferWithdrawn(workId, kind, tier, msg.sender);
    }

    /**
     * @notice Groups episode works into a season of a series work (view access to the season or
     * the whole series then covers them).
     * @dev Requirements: caller owns the series and every episode; `season >= 1`; no episode is
     * the series itself or already grouped. Emits {EpisodesGrouped}.
     */
    function groupEpisodes(uint256 seriesId, uint16 season, uint256[] calldata episodeIds) external {
        _requireOwner(seriesId);
        if (season == 0 || episodeIds.length == 0) revert LicenseMarketInvalidGrouping(seriesId, season, 0);
        for (uint256 i = 0; i < episodeIds.length; ++i) {
            uint256 episodeId = episodeIds[i];
            if (episodeId == seriesId) revert LicenseMarketInvalidGrouping(seriesId, season, episodeId);
            _requireOwner(episodeId);
            Episode memory existing = _episodes[episodeId];
            if (existing.seriesId != 0) {
                revert LicenseMarketEpisodeGrouped(episodeId, existing.seriesId, existing.season);
            }
            _episodes[episodeId] = Episode(uint48(seriesId), season);
        }
        emit EpisodesGrouped(seriesId, season, episodeIds);
    }

    // ------------------------------------------------------------------ buyers

    /**
     * @notice Buys a licence at the offer's current terms; `token` and `price` must equal the offer
     * (protects the buyer from a change between signing and inclusion).
     * @dev Requirements: not paused; the offer exists and matches; the work is active; the token is
     * still accepted; native path: `msg.value == price`, token path: `msg.value == 0`, an allowance
     * of `price`, and exactly `price` arrives. Emits {LicencePurchased}; AuteurToken also emits its
     * burn events.
     * @return validUntil the licence's validity after the purchase
     */
    function buy(
        uint256 workId,
        LicenceKind kind,
        uint32 tier,
        address token,
        uint256 price
    ) external payable nonReentrant whenNotPaused returns (uint64 validUntil) {
        bytes32 key = _offerKey(workId, kind, tier);
        Offer memory offer = _offers[key];
        if (offer.price == 0) revert LicenseMarketNoOffer(workId, kind, tier);
        if (offer.token != token || offer.price != price) {
            revert LicenseMarketOfferChanged(workId, kind, tier, offer.token, offer.price);
        }
        uint256 expectedValue = token == address(0) ? price : 0;
        if (msg.value != expectedValue) revert LicenseMarketWrongValue(expectedValue, msg.value);
        (address seller, Sale memory sale) = _quote(workId, token, price);

        validUntil = _grant(workId, msg.sender, kind, tier, kind == LicenceKind.RightsManaged ? _terms[key] : 0);
        _credit(token, seller, sale.proceeds);
        _credit(token, sale.ngo, sale.donation);
        _credit(token, _config.treasury, sale.paymentFee + (sale.fuelBurned ? 0 : sale.fuelFee));
        emit LicencePurchased(workId, msg.sender, seller, kind, tier, validUntil, sale);

        if (token != address(0)) _pull(IERC20(token), price);
        if (sale.fuelBurned && sale.fuelFee != 0) ERC20Burnable(token).burn(sale.fuelFee);
    }

    /**
     * @notice Sends the caller everything credited to it in `token` (`address(0)`: native coin).
     * @dev Requirements: not paused; a non-zero credit. Zeroes the credit before sending.
     * Emits {Withdrawn}.
     */
    function withdraw(address token) external nonReentrant whenNotPaused returns (uint256 amount) {
        amount = _credits[token][msg.sender];
        if (amount == 0) revert LicenseMarketNothingToWithdraw(msg.sender, token);
        _credits[token][msg.sender] = 0;
        emit Withdrawn(msg.sender, token, amount);
        if (token == address(0)) {
            (bool ok, ) = payable(msg.sender).call{value: amount}("");
            if (!ok) revert LicenseMarketNativeTransferFailed(msg.sender, amount);
        } else {
            IERC20(token).safeTransfer(msg.sender, amount);
        }
    }

    // ------------------------------------------------------------------ admin

    /**
     * @notice Allows or disallows a payment token (`address(0)`: the native coin) and sets its fee.
     * @dev Requirements: default admin; not AuteurToken (always accepted, no fee);
     * `feeBps <= MAX_FEE_BPS`. Emits {TokenConfigured}.
     */
    function configureToken(address token, bool allowed, uint16 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(auteurToken)) revert LicenseMarketTokenNotAllowed(token);
        _configureToken(token, allowed, feeBps);
    }

    /// @notice Sets the fuel fee share. Default admin only. Emits {FuelFeeChanged}.
    function setFuelFee(uint16 bps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFuelFee(bps);
    }

    /// @notice Sets the treasury (credits already made stay with the previous one). Default admin
    /// only. Emits {TreasuryChanged}.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(treasury_);
    }

    /// @notice Stops purchases and withdrawals. Default admin only.
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes purchases and withdrawals. Default admin only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ILicenseMarket
    function hasLicence(uint256 workId, address account, LicenceKind kind) external view returns (bool) {
        if (_valid(_licences[_licenceKey(workId, account, kind, 0)])) return true;
        if (kind != LicenceKind.View) return false;
        Episode memory episode = _episodes[workId];
        if (episode.seriesId == 0) return false;
        return
            _valid(_licences[_licenceKey(episode.seriesId, account, kind, 0)]) ||
            _valid(_licences[_licenceKey(episode.seriesId, account, kind, episode.season)]);
    }

    /// @inheritdoc ILicenseMarket
    function licenceOf(
        uint256 workId,
        address account,
        LicenceKind kind,
        uint32 season
    ) external view returns (Licence memory) {
        return _licences[_licenceKey(workId, account, kind, kind == LicenceKind.View ? season : 0)];
    }

    /// @inheritdoc ILicenseMarket
    function offerOf(
        uint256 workId,
        LicenceKind kind,
        uint32 tier
    ) external view returns (address token, uint256 price, uint64 term) {
        bytes32 key = _offerKey(workId, kind, tier);
        Offer memory offer = _offers[key];
        return (offer.token, offer.price, _terms[key]);
    }

    /// @inheritdoc ILicenseMarket
    function creditOf(address account, address token) external view returns (uint256) {
        return _credits[token][account];
    }

    /// @inheritdoc ILicenseMarket
    function episodeOf(uint256 episodeId) external view returns (uint256 seriesId, uint16 season) {
        Episode memory episode = _episodes[episodeId];
        return (episode.seriesId, episode.season);
    }

    /// @notice Whether `token` is accepted and its payment fee (AuteurToken: `(true, 0)`).
    function tokenConfig(address token) external view returns (bool allowed, uint16 feeBps) {
        if (token == address(auteurToken)) return (true, 0);
        TokenConfig memory config = _tokens[token];
        return (config.allowed, config.feeBps);
    }

    /// @notice The treasury.
    function treasury() external view returns (address) {
        return _config.treasury;
    }

    /// @notice The fuel fee share in basis points.
    function fuelFeeBps() external view returns (uint16) {
        return _config.fuelFeeBps;
    }

    // ------------------------------------------------------------------ internal

    /**
     * @dev Records a licence. Royalty-free and view licences are perpetual (royalty-free keeps the
     * highest tier bought); a rights-managed licence of the same scope that is still valid is
     * extended by `term`, any other replaces the record. No checks.
     */
    function _grant(
        uint256 workId,
        address account,
        LicenceKind kind,
        uint32 tier,
        uint64 term
    ) internal virtual returns (uint64 validUntil) {
        uint32 season = kind == LicenceKind.View ? tier : 0;
        bytes32 key = _licenceKey(workId, account, kind, season);
        Licence memory licence = _licences[key];
        if (kind == LicenceKind.RightsManaged) {
            uint64 start = licence.tier == tier && licence.validUntil > block.timestamp
                ? licence.validUntil
                : uint64(block.timestamp);
            validUntil = start + term;
            _licences[key] = Licence(validUntil, tier);
        } else {
            validUntil = PERPETUAL;
            uint32 kept = kind == LicenceKind.RoyaltyFree && licence.tier > tier ? licence.tier : tier;
            if (licence.validUntil != PERPETUAL || licence.tier != kept) _licences[key] = Licence(PERPETUAL, kept);
        }
    }

    /// @dev The seller and the shares of a sale. Reverts if the work is not active or a
    /// non-AuteurToken token is no longer allowed.
    function _quote(uint256 workId, address token, uint256 price) private view returns (address seller, Sale memory sale) {
        (bool active, address owner, address ngo, uint16 donationBps) = registry.saleTermsOf(workId);
        if (!active) revert LicenseMarketWorkInactive(workId);
        seller = owner;
        uint256 feeBps;
        bool isAuteur = token == address(auteurToken);
        if (!isAuteur) {
            TokenConfig memory config = _tokens[token];
            if (!config.allowed) revert LicenseMarketTokenNotAllowed(token);
            feeBps = config.feeBps;
        }
        sale.token = token;
        sale.price = price;
        sale.paymentFee = (price * feeBps) / BPS;
        sale.fuelFee = (price * _config.fuelFeeBps) / BPS;
        sale.fuelBurned = isAuteur;
        // Both fees are at most 10 % of the price, so `net` cannot underflow.
        uint256 net = price - sale.paymentFee - sale.fuelFee;
        sale.ngo = ngo;
        sale.donation = (net * donationBps) / BPS;
        sale.proceeds = net - sale.donation;
    }

    function _credit(address token, address account, uint256 amount) private {
        if (amount != 0) _credits[token][account] += amount;
    }

    /// @dev Pulls `price` from the buyer; other tokens than AuteurToken are measured.
    function _pull(IERC20 token, uint256 price) private {
        if (address(token) == address(auteurToken)) {
            token.safeTransferFrom(msg.sender, address(this), price);
            return;
        }
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), price);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != price) revert LicenseMarketTransferAmountMismatch(address(token), price, received);
    }

    function _requireOwner(uint256 workId) private view {
        address owner = IERC721(address(registry)).ownerOf(workId);
        if (owner != msg.sender) revert LicenseMarketNotWorkOwner(workId, msg.sender, owner);
    }

    function _configureToken(address token, bool allowed, uint16 feeBps) private {
        if (feeBps > MAX_FEE_BPS) revert LicenseMarketInvalidFee(feeBps, MAX_FEE_BPS);
        _tokens[token] = TokenConfig(allowed, feeBps);
        emit TokenConfigured(token, allowed, feeBps);
    }

    function _setFuelFee(uint16 bps) private {
        if (bps > MAX_FEE_BPS) revert LicenseMarketInvalidFee(bps, MAX_FEE_BPS);
        uint16 previous = _config.fuelFeeBps;
        _config.fuelFeeBps = bps;
        emit FuelFeeChanged(previous, bps);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert LicenseMarketZeroAddress();
        address previous = _config.treasury;
        _config.treasury = treasury_;
        emit TreasuryChanged(previous, treasury_);
    }

    function _valid(Licence memory licence) private view returns (bool) {
        return licence.validUntil != 0 && licence.validUntil >= block.timestamp;
    }

    function _offerKey(uint256 workId, LicenceKind kind, uint32 tier) private pure returns (bytes32) {
        return keccak256(abi.encode(workId, kind, tier));
    }

    function _licenceKey(
        uint256 workId,
        address account,
        LicenceKind kind,
        uint32 season
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(workId, account, kind, season));
    }
}
