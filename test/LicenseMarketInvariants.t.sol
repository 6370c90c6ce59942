// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ILicenseMarket} from "../contracts/interfaces/ILicenseMarket.sol";
import {LicenseMarket} from "../contracts/market/LicenseMarket.sol";
import {AuteurToken} from "../contracts/token/AuteurToken.sol";
import {MarketTestToken} from "./harness/MarketTestToken.sol";
import {RegistryTestBase} from "./harness/RegistryTestBase.sol";
import {Test} from "./utils/Test.sol";

/**
 * @title MarketHandler
 * @notice Drives random purchases (AuteurToken, another token, native coin), offer changes, fee
 * changes and withdrawals for the market invariants. Sums the fuel fees paid in AuteurToken.
 */
contract MarketHandler is Test {
    LicenseMarket public immutable market;
    AuteurToken public immutable auteur;
    MarketTestToken public immutable usd;
    address public immutable seller;
    address public immutable admin;
    uint256 public immutable workId;
    address[] public buyers;
    address[] public payees;

    uint256 public ghostAuteurFuel;
    uint256 public purchases;

    constructor(
        LicenseMarket market_,
        AuteurToken auteur_,
        MarketTestToken usd_,
        address seller_,
        address admin_,
        uint256 workId_,
        address[] memory buyers_,
        address[] memory payees_
    ) {
        market = market_;
        auteur = auteur_;
        usd = usd_;
        seller = seller_;
        admin = admin_;
        workId = workId_;
        buyers = buyers_;
        payees = payees_;
    }

    function buy(uint256 buyerIndex, uint8 path, uint96 price, uint8 kindIndex) external {
        address buyer = buyers[buyerIndex % buyers.length];
        price = uint96(bound(price, 1, 1_000 ether));
        ILicenseMarket.LicenceKind kind = ILicenseMarket.LicenceKind(kindIndex % 3);
        address token = path % 3 == 0 ? address(auteur) : path % 3 == 1 ? address(usd) : address(0);
        uint64 term = kind == ILicenseMarket.LicenceKind.RightsManaged ? 30 days : 0;
        vm.prank(seller);
        market.setOffer(workId, kind, 1, token, price, term);
        uint256 fuel = (uint256(price) * market.fuelFeeBps()) / 10_000;
        if (token == address(0)) {
            vm.deal(buyer, price);
            vm.prank(buyer);
            market.buy{value: price}(workId, kind, 1, token, price);
        } else {
            if (token == address(auteur)) auteur.mint(buyer, price);
            else usd.mint(buyer, price);
            vm.startPrank(buyer);
            IERC20(token).approve(address(market), price);
            market.buy(workId, kind, 1, token, price);
            vm.stopPrank();
            if (token == address(auteur)) ghostAuteurFuel += fuel;
        }
        ++purchases;
    }

    function withdraw(uint256 payeeIndex, uint8 path) external {
        address payee = payees[payeeIndex % payees.length];
        address token = path % 3 == 0 ? address(auteur) : path % 3 == 1 ? address(usd) : address(0);
        if (market.creditOf(payee, token) == 0) return;
        vm.prank(payee);
        market.withdraw(token);
    }

    function setFees(uint16 fuelBps, uint16 usdFeeBps) external {
        vm.startPrank(admin);
        market.setFuelFee(uint16(bound(fuelBps, 0, 1_000)));
        market.configureToken(address(usd), true, uint16(bound(usdFeeBps, 0, 1_000)));
        vm.stopPrank();
    }

    function payeeCount() external view returns (uint256) {
        return payees.length;
    }
}

/// @notice Invariants of LicenseMarket: what it holds equals what it owes, and everything burned
/// is exactly the AuteurToken fuel fees.
contract LicenseMarketInvariantsTest is RegistryTestBase {
    LicenseMarket internal market;
    AuteurToken internal auteur;
    MarketTestToken internal usd;
    MarketHandler internal handler;
    address internal ngo;
    address internal treasury;

    function setUp() public override {
        super.setUp();
        ngo = makeAddr("ngo");
        treasury = makeAddr("treasury");
        usd = new MarketTestToken("Other", "USD");
        auteur = deployAuteur(new address[](0));
        market = new LicenseMarket(registry, IERC20(address(auteur)), 0, admin, treasury, 100, 100);
        vm.startPrank(admin);
        market.configureToken(address(usd), true, 300);
        registry.setNgoApproval(ngo, true);
        vm.stopPrank();
        uint256 workId = registerNew(image(1, 0xabc, 4000, 3000, false), alice);
        vm.prank(alice);
        registry.setDonation(ngo, 1_500);

        address[] memory buyers = new address[](2);
        buyers[0] = bob;
        buyers[1] = carol;
        address[] memory payees = new address[](3);
        payees[0] = alice;
        payees[1] = ngo;
        payees[2] = treasury;
        handler = new MarketHandler(market, auteur, usd, alice, admin, workId, buyers, payees);
        bytes32 minterRole = auteur.MINTER_ROLE();
        vm.prank(admin);
        auteur.grantRole(minterRole, address(handler));
        targetContract(address(handler));
    }

    /// @dev For each token (and the native coin) the market's balance equals the sum of credits.
    function invariant_balanceEqualsCredits() public view {
        assertEq(auteur.balanceOf(address(market)), _credits(address(auteur)), "AuteurToken");
        assertEq(usd.balanceOf(address(market)), _credits(address(usd)), "other token");
        assertEq(address(market).balance, _credits(address(0)), "native");
    }

    /// @dev Everything burned is exactly the AuteurToken fuel fees paid.
    function invariant_burnedEqualsAuteurFuel() public view {
        assertEq(auteur.totalBurned(), handler.ghostAuteurFuel(), "burned");
        assertEq(usd.totalBurned(), 0, "other tokens are never burned");
    }

    function _credits(address token) private view returns (uint256) {
        return market.creditOf(alice, token) + market.creditOf(ngo, token) + market.creditOf(treasury, token);
    }

    /// @dev The handler's flows succeed on their own (so the invariant runs exercise real state).
    function test_handler_drivesEveryFlow() public {
        handler.buy(0, 0, 10 ether, 0);
        handler.buy(1, 1, 20 ether, 1);
        handler.buy(0, 2, 1 ether, 2);
        assertEq(handler.purchases(), 3, "purchases");
        assertEq(auteur.totalBurned(), 0.1 ether, "burned");
        handler.withdraw(0, 0);
        handler.withdraw(2, 1);
        handler.setFees(500, 0);
        handler.buy(1, 0, 10 ether, 1);
        assertEq(auteur.totalBurned(), 0.6 ether, "burned at 5 %");
        invariant_balanceEqualsCredits();
        invariant_burnedEqualsAuteurFuel();
    }
}
