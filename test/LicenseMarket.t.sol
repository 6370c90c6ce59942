// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ICopyrightRegistry} from "../contracts/interfaces/ICopyrightRegistry.sol";
import {ILicenseMarket} from "../contracts/interfaces/ILicenseMarket.sol";
import {LicenseMarket} from "../contracts/market/LicenseMarket.sol";
import {AuteurToken} from "../contracts/token/AuteurToken.sol";
import {FeeOnTransferToken} from "./harness/FeeOnTransferToken.sol";
import {MarketTestToken} from "./harness/MarketTestToken.sol";
import {RegistryTestBase} from "./harness/RegistryTestBase.sol";

/// @notice Unit and fuzz tests of LicenseMarket: offers, each licence kind, the three payment paths,
/// fuel burn, donations, pull payments, suspension, fee-on-transfer refusal, pause.
contract LicenseMarketTest is RegistryTestBase {
    uint16 internal constant FUEL = 100; // 1 %
    uint16 internal constant NATIVE_FEE = 100; // 1 %
    uint16 internal constant OTHER_FEE = 300; // 3 %
    uint16 internal constant DONATION = 1_000; // 10 %
    uint96 internal constant PRICE = 100 ether;

    LicenseMarket internal market;
    AuteurToken internal auteur;
    MarketTestToken internal usd;
    address internal ngo;
    address internal treasury;
    uint256 internal workId;

    ILicenseMarket.LicenceKind internal constant RF = ILicenseMarket.LicenceKind.RoyaltyFree;
    ILicenseMarket.LicenceKind internal constant RM = ILicenseMarket.LicenceKind.RightsManaged;
    ILicenseMarket.LicenceKind internal constant VIEW = ILicenseMarket.LicenceKind.View;

    function setUp() public override {
        super.setUp();
        ngo = makeAddr("ngo");
        treasury = makeAddr("treasury");
        auteur = deployAuteur(new address[](0));
        usd = new MarketTestToken("Other", "USD");
        market = new LicenseMarket(registry, IERC20(address(auteur)), 0, admin, treasury, FUEL, NATIVE_FEE);
        vm.startPrank(admin);
        market.configureToken(address(usd), true, OTHER_FEE);
        registry.setNgoApproval(ngo, true);
        vm.stopPrank();

        workId = registerNew(image(1, 0xabc, 4000, 3000, false), alice);
        vm.prank(alice);
        registry.setDonation(ngo, DONATION);

        for (uint256 i = 0; i < 2; ++i) {
            address buyer = i == 0 ? bob : carol;
            auteur.mint(buyer, 10_000 ether);
            usd.mint(buyer, 10_000 ether);
            vm.startPrank(buyer);
            auteur.approve(address(market), type(uint256).max);
            usd.approve(address(market), type(uint256).max);
            vm.stopPrank();
            vm.deal(buyer, 100 ether);
        }
    }

    // ------------------------------------------------------------------ offers

    function test_setOffer_ownerOnly_validatesTermsAndToken() public {
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseMarket.LicenseMarketNotWorkOwner.selector, workId, bob, alice)
        );
        vm.prank(bob);
        market.setOffer(workId, RF, 1, address(auteur), PRICE, 0);

        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidOffer.selector, RM, PRICE, 0));
        market.setOffer(workId, RM, 1, address(auteur), PRICE, 0);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidOffer.selector, RF, PRICE, 10));
        market.setOffer(workId, RF, 1, address(auteur), PRICE, 10);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidOffer.selector, RF, 0, 0));
        market.setOffer(workId, RF, 1, address(auteur), 0, 0);
        address stranger = makeAddr("token");
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketTokenNotAllowed.selector, stranger));
        market.setOffer(workId, RF, 1, stranger, PRICE, 0);

        vm.expectEmit(address(market));
        emit ILicenseMarket.OfferSet(workId, RM, 9, alice, address(usd), PRICE, 30 days);
        market.setOffer(workId, RM, 9, address(usd), PRICE, 30 days);
        vm.stopPrank();
        (address token, uint256 price, uint64 term) = market.offerOf(workId, RM, 9);
        assertEq(token, address(usd), "token");
        assertEq(price, PRICE, "price");
        assertEq(uint256(term), 30 days, "term");
    }

    function test_withdrawOffer_keepsSoldLicences() public {
        _offer(RF, 1, address(auteur), PRICE, 0);
        _buy(bob, RF, 1, address(auteur), PRICE);
        vm.expectEmit(address(market));
        emit ILicenseMarket.OfferWithdrawn(workId, RF, 1, alice);
        vm.prank(alice);
        market.withdrawOffer(workId, RF, 1);
        assertTrue(market.hasLicence(workId, bob, RF), "licence kept");
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketNoOffer.selector, workId, RF, 1));
        vm.prank(carol);
        market.buy(workId, RF, 1, address(auteur), PRICE);
    }

    function test_buy_revertsWhenOfferChanged() public {
        _offer(RF, 1, address(auteur), PRICE, 0);
        _offer(RF, 1, address(auteur), PRICE + 1, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseMarket.LicenseMarketOfferChanged.selector,
                workId,
                RF,
                1,
                address(auteur),
                uint256(PRICE) + 1
            )
        );
        vm.prank(bob);
        market.buy(workId, RF, 1, address(auteur), PRICE);
    }

    // ------------------------------------------------------------------ purchases

    function test_buy_royaltyFree_inAuteur_burnsFuel_donates_creditsSeller() public {
        _offer(RF, 2, address(auteur), PRICE, 0);
        uint256 supplyBefore = auteur.totalSupply();
        uint256 fuel = (uint256(PRICE) * FUEL) / 10_000; // 1 ether
        uint256 net = PRICE - fuel; // no payment fee for AuteurToken
        uint256 donation = (net * DONATION) / 10_000;
        ILicenseMarket.Sale memory sale = ILicenseMarket.Sale({
            token: address(auteur),
            price: PRICE,
            proceeds: net - donation,
            ngo: ngo,
            donation: donation,
            paymentFee: 0,
            fuelFee: fuel,
            fuelBurned: true
        });
        vm.expectEmit(address(market));
        emit ILicenseMarket.LicencePurchased(workId, bob, alice, RF, 2, type(uint64).max, sale);
        _buy(bob, RF, 2, address(auteur), PRICE);

        assertTrue(market.hasLicence(workId, bob, RF), "licence");
        assertFalse(market.hasLicence(workId, carol, RF), "not carol");
        assertFalse(market.hasLicence(workId, bob, RM), "other kind");
        assertEq(uint256(market.licenceOf(workId, bob, RF, 0).tier), 2, "tier");
        assertEq(auteur.totalBurned(), fuel, "burned");
        assertEq(auteur.totalSupply(), supplyBefore - fuel, "supply shrank");
        assertEq(market.creditOf(alice, address(auteur)), 89.1 ether, "seller 99 - 9.9");
        assertEq(market.creditOf(ngo, address(auteur)), 9.9 ether, "NGO 10 % of 99");
        assertEq(market.creditOf(treasury, address(auteur)), 0, "no treasury share");
        assertEq(auteur.balanceOf(address(market)), 99 ether, "held = credits");
    }

    function test_buy_royaltyFree_keepsHighestTier() public {
        _offer(RF, 3, address(auteur), PRICE, 0);
        _offer(RF, 1, address(auteur), 1 ether, 0);
        _buy(bob, RF, 3, address(auteur), PRICE);
        _buy(bob, RF, 1, address(auteur), 1 ether);
        assertEq(uint256(market.licenceOf(workId, bob, RF, 0).tier), 3, "highest kept");
    }

    function test_buy_rightsManaged_inOtherToken_expiresAndExtends() public {
        _offer(RM, 5, address(usd), PRICE, 30 days);
        uint64 until = _buy(bob, RM, 5, address(usd), PRICE);
        assertEq(uint256(until), block.timestamp + 30 days, "expiry");
        // 3 % payment fee + 1 % fuel to the treasury (not burned: not AuteurToken)
        assertEq(market.creditOf(treasury, address(usd)), 4 ether, "treasury");
        assertEq(market.creditOf(ngo, address(usd)), 9.6 ether, "NGO 10 % of 96");
        assertEq(market.creditOf(alice, address(usd)), 86.4 ether, "seller");
        assertEq(usd.totalBurned(), 0, "nothing burned");

        vm.warp(until);
        assertTrue(market.hasLicence(workId, bob, RM), "valid through its last second");
        vm.warp(uint256(until) + 1);
        assertFalse(market.hasLicence(workId, bob, RM), "expired");

        uint64 again = _buy(bob, RM, 5, address(usd), PRICE);
        assertEq(uint256(again), block.timestamp + 30 days, "fresh term after expiry");
        uint64 extended = _buy(bob, RM, 5, address(usd), PRICE);
        assertEq(uint256(extended), uint256(again) + 30 days, "extended while valid");
    }

    function test_buy_viewFilm_nativeCoin() public {
        _offer(VIEW, 0, address(0), 1 ether, 0);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketWrongValue.selector, 1 ether, 0.5 ether));
        vm.prank(bob);
        market.buy{value: 0.5 ether}(workId, VIEW, 0, address(0), 1 ether);

        vm.prank(bob);
        market.buy{value: 1 ether}(workId, VIEW, 0, address(0), 1 ether);
        assertTrue(market.hasLicence(workId, bob, VIEW), "view");
        assertEq(address(market).balance, 1 ether, "held");
        assertEq(market.creditOf(treasury, address(0)), 0.02 ether, "1 % fee + 1 % fuel");
        assertEq(market.creditOf(ngo, address(0)), 0.098 ether, "NGO");
        assertEq(market.creditOf(alice, address(0)), 0.882 ether, "seller");

        uint256 before = alice.balance;
        vm.prank(alice);
        market.withdraw(address(0));
        assertEq(alice.balance - before, 0.882 ether, "native withdrawal");
    }

    function test_buy_tokenPathRejectsNativeValue() public {
        _offer(RF, 1, address(auteur), PRICE, 0);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketWrongValue.selector, 0, 1));
        vm.prank(bob);
        market.buy{value: 1}(workId, RF, 1, address(auteur), PRICE);
    }

    function test_view_seriesSeasonEpisode() public {
        uint256 series = registerNew(video(10, 0x1, 1), alice);
        uint256 e1 = registerNew(video(11, 0x2, 44), alice);
        uint256 e2 = registerNew(video(12, 0x3, 45), alice);
        uint256 e3 = registerNew(video(13, 0x4, 46), alice);
        uint256[] memory s1 = new uint256[](2);
        s1[0] = e1;
        s1[1] = e2;
        uint256[] memory s2 = new uint256[](1);
        s2[0] = e3;
        vm.startPrank(alice);
        vm.expectEmit(address(market));
        emit ILicenseMarket.EpisodesGrouped(series, 1, s1);
        market.groupEpisodes(series, 1, s1);
        market.groupEpisodes(series, 2, s2);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketEpisodeGrouped.selector, e3, series, 2));
        market.groupEpisodes(series, 3, s2);
        market.setOffer(e1, VIEW, 0, address(auteur), 1 ether, 0);
        market.setOffer(series, VIEW, 1, address(auteur), 5 ether, 0);
        market.setOffer(series, VIEW, 0, address(auteur), 9 ether, 0);
        vm.stopPrank();
        (uint256 gotSeries, uint16 season) = market.episodeOf(e2);
        assertEq(gotSeries, series, "series");
        assertEq(uint256(season), 1, "season");

        _buy(bob, VIEW, e1, 0, 1 ether); // one episode
        assertTrue(market.hasLicence(e1, bob, VIEW), "episode 1");
        assertFalse(market.hasLicence(e2, bob, VIEW), "not episode 2");

        vm.prank(carol);
        market.buy(series, VIEW, 1, address(auteur), 5 ether); // season 1
        assertTrue(market.hasLicence(e1, carol, VIEW) && market.hasLicence(e2, carol, VIEW), "season 1");
        assertFalse(market.hasLicence(e3, carol, VIEW), "not season 2");
        assertFalse(market.hasLicence(series, carol, VIEW), "not the whole series");

        vm.prank(bob);
        market.buy(series, VIEW, 0, address(auteur), 9 ether); // whole series
        assertTrue(market.hasLicence(e3, bob, VIEW), "series covers season 2");
        assertTrue(market.hasLicence(series, bob, VIEW), "series");
    }

    function test_groupEpisodes_needsOwnershipOfEveryEpisode() public {
        uint256 series = registerNew(video(20, 0x1, 1), alice);
        uint256 foreign = registerNew(video(21, 0x2, 3), bob);
        uint256[] memory list = new uint256[](1);
        list[0] = foreign;
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseMarket.LicenseMarketNotWorkOwner.selector, foreign, alice, bob)
        );
        vm.prank(alice);
        market.groupEpisodes(series, 1, list);
        list[0] = series;
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidGrouping.selector, series, 1, series)
        );
        vm.prank(alice);
        market.groupEpisodes(series, 1, list);
    }

    function test_buy_suspendedWork_fails() public {
        _offer(RF, 1, address(auteur), PRICE, 0);
        vm.prank(supervisor);
        registry.suspend(workId, 9);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketWorkInactive.selector, workId));
        vm.prank(bob);
        market.buy(workId, RF, 1, address(auteur), PRICE);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketWorkInactive.selector, workId));
        vm.prank(alice);
        market.setOffer(workId, RF, 2, address(auteur), PRICE, 0);
    }

    function test_buy_disallowedTokenAfterOffer_fails() public {
        _offer(RF, 1, address(usd), PRICE, 0);
        vm.prank(admin);
        market.configureToken(address(usd), false, 0);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketTokenNotAllowed.selector, address(usd)));
        vm.prank(bob);
        market.buy(workId, RF, 1, address(usd), PRICE);
    }

    function test_buy_feeOnTransferToken_refused() public {
        FeeOnTransferToken fot = new FeeOnTransferToken();
        vm.prank(admin);
        market.configureToken(address(fot), true, 0);
        fot.mint(bob, PRICE);
        vm.prank(bob);
        fot.approve(address(market), PRICE);
        _offer(RF, 1, address(fot), PRICE, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseMarket.LicenseMarketTransferAmountMismatch.selector,
                address(fot),
                uint256(PRICE),
                uint256(PRICE) - PRICE / 100
            )
        );
        vm.prank(bob);
        market.buy(workId, RF, 1, address(fot), PRICE);
        assertEq(market.creditOf(alice, address(fot)), 0, "nothing credited");
        assertFalse(market.hasLicence(workId, bob, RF), "no licence");
    }

    function test_buy_insufficientAllowance_revertsWithTokenError() public {
        _offer(RF, 1, address(usd), PRICE, 0);
        address poor = makeAddr("poor");
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(market), 0, PRICE)
        );
        vm.prank(poor);
        market.buy(workId, RF, 1, address(usd), PRICE);
    }

    function test_buy_proceedsGoToTheCurrentOwner() public {
        _offer(RF, 1, address(auteur), PRICE, 0);
        vm.prank(alice);
        registry.transferFrom(alice, carol, workId);
        _buy(bob, RF, 1, address(auteur), PRICE);
        assertEq(market.creditOf(carol, address(auteur)), 99 ether, "carol sells, no donation chosen");
        assertEq(market.creditOf(alice, address(auteur)), 0, "alice nothing");
    }

    // ------------------------------------------------------------------ withdrawals, pause, admin

    function test_withdraw_pullsCredit_once() public {
        _offer(RF, 1, address(auteur), PRICE, 0);
        _buy(bob, RF, 1, address(auteur), PRICE);
        vm.expectEmit(address(market));
        emit ILicenseMarket.Withdrawn(ngo, address(auteur), 9.9 ether);
        vm.prank(ngo);
        market.withdraw(address(auteur));
        assertEq(auteur.balanceOf(ngo), 9.9 ether, "received");
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseMarket.LicenseMarketNothingToWithdraw.selector, ngo, address(auteur))
        );
        vm.prank(ngo);
        market.withdraw(address(auteur));
    }

    function test_pause_stopsPurchasesAndWithdrawals() public {
        _offer(RF, 1, address(auteur), PRICE, 0);
        _buy(bob, RF, 1, address(auteur), PRICE);
        vm.prank(admin);
        market.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(carol);
        market.buy(workId, RF, 1, address(auteur), PRICE);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        market.withdraw(address(auteur));
        vm.prank(admin);
        market.unpause();
        vm.prank(alice);
        market.withdraw(address(auteur));
    }

    function test_admin_feesBoundedAndAuteurFeeFixed() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidFee.selector, 1001, 1000));
        market.setFuelFee(1001);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidFee.selector, 1001, 1000));
        market.configureToken(address(usd), true, 1001);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseMarket.LicenseMarketTokenNotAllowed.selector, address(auteur))
        );
        market.configureToken(address(auteur), true, 300);
        vm.expectEmit(address(market));
        emit ILicenseMarket.FuelFeeChanged(FUEL, 250);
        market.setFuelFee(250);
        vm.stopPrank();
        (bool allowed, uint16 fee) = market.tokenConfig(address(auteur));
        assertTrue(allowed, "auteur allowed");
        assertEq(uint256(fee), 0, "auteur fee 0");
        vm.expectRevert();
        vm.prank(alice);
        market.setFuelFee(0);
    }

    function test_constructor_refusesZeroAddresses() public {
        ICopyrightRegistry noRegistry = ICopyrightRegistry(address(0));
        vm.expectRevert(ILicenseMarket.LicenseMarketZeroAddress.selector);
        new LicenseMarket(noRegistry, IERC20(address(auteur)), 0, admin, treasury, FUEL, NATIVE_FEE);
        vm.expectRevert(ILicenseMarket.LicenseMarketZeroAddress.selector);
        new LicenseMarket(registry, IERC20(address(0)), 0, admin, treasury, FUEL, NATIVE_FEE);
        vm.expectRevert(ILicenseMarket.LicenseMarketZeroAddress.selector);
        new LicenseMarket(registry, IERC20(address(auteur)), 0, admin, address(0), FUEL, NATIVE_FEE);
    }

    function test_withdrawOffer_withoutOffer_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketNoOffer.selector, workId, RF, 7));
        vm.prank(alice);
        market.withdrawOffer(workId, RF, 7);
        // an offer of another kind or tier is not the one withdrawn
        _offer(RF, 1, address(auteur), PRICE, 0);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketNoOffer.selector, workId, RM, 1));
        vm.prank(alice);
        market.withdrawOffer(workId, RM, 1);
        (, uint256 price, ) = market.offerOf(workId, RF, 1);
        assertEq(price, PRICE, "other offer kept");
    }

    function test_groupEpisodes_needsSeasonAndEpisodes() public {
        uint256 series = registerNew(video(30, 0x1, 1), alice);
        uint256 episode = registerNew(video(31, 0x2, 3), alice);
        uint256[] memory list = new uint256[](1);
        list[0] = episode;
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidGrouping.selector, series, 0, 0));
        market.groupEpisodes(series, 0, list);
        vm.expectRevert(abi.encodeWithSelector(ILicenseMarket.LicenseMarketInvalidGrouping.selector, series, 1, 0));
        market.groupEpisodes(series, 1, new uint256[](0));
        vm.stopPrank();
        (uint256 gotSeries, uint16 season) = market.episodeOf(episode);
        assertEq(gotSeries, 0, "not grouped");
        assertEq(uint256(season), 0, "no season");
    }

    function test_withdraw_nativeToContractRejectingCoin_reverts() public {
        NativeCoinRejecter rejecter = new NativeCoinRejecter();
        _offer(VIEW, 0, address(0), 1 ether, 0);
        vm.prank(alice);
        registry.transferFrom(alice, address(rejecter), workId);
        vm.prank(bob);
        market.buy{value: 1 ether}(workId, VIEW, 0, address(0), 1 ether);
        // 1 % fee + 1 % fuel to the treasury; the new owner chose no donation
        assertEq(market.creditOf(address(rejecter), address(0)), 0.98 ether, "seller credit");
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseMarket.LicenseMarketNativeTransferFailed.selector,
                address(rejecter),
                0.98 ether
            )
        );
        rejecter.withdrawFrom(market);
        assertEq(market.creditOf(address(rejecter), address(0)), 0.98 ether, "credit kept");
        assertEq(address(market).balance, 1 ether, "coin kept");
        assertEq(address(rejecter).balance, 0, "nothing sent");
    }

    function test_tokenConfigAndTreasuryViews() public {
        (bool allowed, uint16 fee) = market.tokenConfig(address(usd));
        assertTrue(allowed, "usd allowed");
        assertEq(uint256(fee), OTHER_FEE, "usd fee");
        (allowed, fee) = market.tokenConfig(address(0));
        assertTrue(allowed, "native enabled by the constructor");
        assertEq(uint256(fee), NATIVE_FEE, "native fee");
        (allowed, fee) = market.tokenConfig(makeAddr("unknown"));
        assertFalse(allowed, "unknown token");
        assertEq(uint256(fee), 0, "unknown fee");
        vm.prank(admin);
        market.configureToken(address(usd), false, 50);
        (allowed, fee) = market.tokenConfig(address(usd));
        assertFalse(allowed, "usd disallowed");
        assertEq(uint256(fee), 50, "usd fee kept as set");

        assertEq(market.treasury(), treasury, "treasury");
        address next = makeAddr("treasury-2");
        vm.expectEmit(address(market));
        emit ILicenseMarket.TreasuryChanged(treasury, next);
        vm.prank(admin);
        market.setTreasury(next);
        assertEq(market.treasury(), next, "new treasury");
        vm.expectRevert(ILicenseMarket.LicenseMarketZeroAddress.selector);
        vm.prank(admin);
        market.setTreasury(address(0));
        assertEq(market.treasury(), next, "unchanged");
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Every unit of the price is accounted for: proceeds + donation + fees = price.
    function test_fuzz_split_conservesValue(uint96 price, uint16 donationBps, uint16 feeBps, uint16 fuelBps) public {
        price = uint96(bound(price, 1, 1_000_000 ether));
        donationBps = uint16(bound(donationBps, 0, 10_000));
        feeBps = uint16(bound(feeBps, 0, 1_000));
        fuelBps = uint16(bound(fuelBps, 0, 1_000));
        vm.startPrank(admin);
        market.configureToken(address(usd), true, feeBps);
        market.setFuelFee(fuelBps);
        vm.stopPrank();
        vm.prank(alice);
        registry.setDonation(ngo, donationBps);
        usd.mint(bob, price);
        _offer(RF, 1, address(usd), price, 0);
        _buy(bob, RF, 1, address(usd), price);
        uint256 total = market.creditOf(alice, address(usd)) +
            market.creditOf(ngo, address(usd)) +
            market.creditOf(treasury, address(usd));
        assertEq(total, price, "conservation");
        assertEq(usd.balanceOf(address(market)), price, "held");
        assertEq(market.creditOf(ngo, address(usd)), ((price - (uint256(price) * feeBps) / 10_000 - (uint256(price) * fuelBps) / 10_000) * donationBps) / 10_000, "donation");
    }

    /// @dev The AuteurToken fuel share is burned exactly, whatever the price.
    function test_fuzz_fuelBurn(uint96 price) public {
        price = uint96(bound(price, 1, 5_000 ether));
        _offer(RF, 1, address(auteur), price, 0);
        _buy(bob, RF, 1, address(auteur), price);
        assertEq(auteur.totalBurned(), (uint256(price) * FUEL) / 10_000, "burned");
        assertEq(
            auteur.balanceOf(address(market)),
            market.creditOf(alice, address(auteur)) + market.creditOf(ngo, address(auteur)),
            "held = credits"
        );
    }

    // ------------------------------------------------------------------ helpers

    function _offer(ILicenseMarket.LicenceKind kind, uint32 tier, address token, uint96 price, uint64 term) internal {
        vm.prank(alice);
        market.setOffer(workId, kind, tier, token, price, term);
    }

    function _buy(
        address buyer,
        ILicenseMarket.LicenceKind kind,
        uint32 tier,
        address token,
        uint256 price
    ) internal returns (uint64) {
        vm.prank(buyer);
        return market.buy(workId, kind, tier, token, price);
    }

    /// @dev Buys `kind` on another work `id`, paying in AuteurToken.
    function _buy(address buyer, ILicenseMarket.LicenceKind kind, uint256 id, uint32 tier, uint256 price) internal {
        vm.prank(buyer);
        market.buy(id, kind, tier, address(auteur), price);
    }

}

/// @dev A work owner that cannot receive the native coin (no receive or fallback function).
contract NativeCoinRejecter {
    function withdrawFrom(LicenseMarket market) external returns (uint256) {
        return market.withdraw(address(0));
    }
}
