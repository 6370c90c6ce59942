// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IAccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/IAccessControlDefaultAdminRules.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {IAuteurToken} from "../contracts/interfaces/IAuteurToken.sol";
import {IKIP7} from "../contracts/interfaces/IKIP7.sol";
import {IKIP13} from "../contracts/interfaces/IKIP13.sol";
import {IKIP7Receiver} from "../contracts/interfaces/IKIP7Receiver.sol";
import {AuteurToken} from "../contracts/token/AuteurToken.sol";
import {KIP7ReceiverHarness} from "./harness/KIP7ReceiverHarness.sol";
import {Test} from "./utils/Test.sol";

/**
 * @title AuteurTokenHandler
 * @notice Drives random mints, burns and transfers against an {AuteurToken} for invariant tests.
 * It must hold `MINTER_ROLE`; it mints to itself and to a few actors, bounded so that most calls
 * succeed, and keeps ghost totals the invariants compare with the token's counters.
 */
contract AuteurTokenHandler {
    AuteurToken public immutable token;
    address[3] private _actors = [address(0xA11CE), address(0xB0B), address(0xCA401)];

    uint256 public ghostMinted;
    uint256 public ghostBurned;
    uint256 public mintAttemptsAboveCap;

    constructor(AuteurToken token_) {
        token = token_;
    }

    function mint(uint256 actorSeed, uint256 amount) external {
        uint256 room = token.cap() - token.totalSupply();
        // Mostly within the room, sometimes exactly at it, sometimes one above (must revert).
        amount = amount % (room + 2);
        if (amount == 0) return;
        address to = actorSeed % 2 == 0 ? address(this) : _actors[actorSeed % 3];
        if (amount > room) {
            try token.mint(to, amount) {
                revert("mint above cap succeeded");
            } catch {
                ++mintAttemptsAboveCap;
            }
            return;
        }
        token.mint(to, amount);
        ghostMinted += amount;
    }

    function burn(uint256 amount) external {
        uint256 balance = token.balanceOf(address(this));
        if (balance == 0) return;
        amount = amount % (balance + 1);
        token.burn(amount);
        ghostBurned += amount;
    }

    function transfer(uint256 actorSeed, uint256 amount) external {
        uint256 balance = token.balanceOf(address(this));
        if (balance == 0) return;
        token.transfer(_actors[actorSeed % 3], amount % (balance + 1));
    }
}

contract AuteurTokenTest is Test {
    uint256 internal constant CAP = 1_000e18;
    bytes32 internal constant MINTER_ROLE = keccak256("MINTER_ROLE");

    AuteurToken internal token;
    AuteurTokenHandler internal handler;
    address internal alice;
    address internal bob;
    address internal minter;

    function setUp() public {
        alice = makeAddr("alice");
        bob = makeAddr("bob");
        minter = makeAddr("minter");
        token = _deploy(CAP, _pair(alice, bob), _amounts(300e18, 200e18));
        token.grantRole(MINTER_ROLE, minter);
        handler = new AuteurTokenHandler(token);
        token.grantRole(MINTER_ROLE, address(handler));
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------ genesis

    function test_constructor_mintsGenesis() public view {
        assertEq(token.name(), "Test Token");
        assertEq(token.symbol(), "TST");
        assertEq(token.decimals(), 18, "decimals");
        assertEq(token.cap(), CAP, "cap");
        assertEq(token.balanceOf(alice), 300e18, "alice");
        assertEq(token.balanceOf(bob), 200e18, "bob");
        assertEq(token.totalSupply(), 500e18, "supply");
        assertEq(token.genesisSupply(), 500e18, "genesis");
        assertEq(token.totalMinted(), 500e18, "minted");
        assertFalse(token.isFixedSupply());
        assertEq(token.defaultAdmin(), address(this));
        assertEq(token.defaultAdminDelay(), 1 days, "delay");
        assertEq(token.MINTER_ROLE(), MINTER_ROLE);
    }

    function test_constructor_emitsGenesisMinted() public {
        vm.expectEmit();
        emit IAuteurToken.GenesisMinted(500e18, CAP, false, 2);
        _deploy(CAP, _pair(alice, bob), _amounts(300e18, 200e18));
    }

    function test_constructor_revertsWhenCapZero() public {
        vm.expectRevert(abi.encodeWithSelector(IAuteurToken.AuteurTokenInvalidCap.selector, 0));
        _deploy(0, new address[](0), new uint256[](0));
    }

    function test_constructor_capAtUint208Limit() public {
        uint256 limit = type(uint208).max;
        assertEq(_deploy(limit, new address[](0), new uint256[](0)).cap(), limit, "limit accepted");
        vm.expectRevert(
            abi.encodeWithSelector(IAuteurToken.AuteurTokenInvalidCap.selector, limit + 1)
        );
        _deploy(limit + 1, new address[](0), new uint256[](0));
    }

    function test_constructor_revertsOnLengthMismatch() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAuteurToken.AuteurTokenGenesisLengthMismatch.selector, 2, 1)
        );
        _deploy(CAP, _pair(alice, bob), _one(1));
    }

    function test_constructor_revertsOnZeroAmount() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAuteurToken.AuteurTokenGenesisZeroAmount.selector, 1, bob)
        );
        _deploy(CAP, _pair(alice, bob), _amounts(1, 0));
    }

    function test_constructor_revertsOnZeroRecipient() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0))
        );
        _deploy(CAP, _pair(alice, address(0)), _amounts(1, 1));
    }

    function test_constructor_revertsWhenGenesisExceedsCap() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAuteurToken.AuteurTokenGenesisExceedsCap.selector, CAP + 1, CAP)
        );
        _deploy(CAP, _pair(alice, bob), _amounts(CAP, 1));
    }

    function test_fixedSupply_refusesMinterRole() public {
        AuteurToken fixedToken = _deploy(CAP, _pair(alice, bob), _amounts(CAP - 1, 1));
        assertTrue(fixedToken.isFixedSupply(), "fixed");
        vm.expectRevert(
            abi.encodeWithSelector(IAuteurToken.AuteurTokenFixedSupply.selector, MINTER_ROLE, minter)
        );
        fixedToken.grantRole(MINTER_ROLE, minter);
        // Other roles still work.
        fixedToken.grantRole(keccak256("OTHER_ROLE"), minter);
        assertTrue(fixedToken.hasRole(keccak256("OTHER_ROLE"), minter), "other role");
    }

    // ------------------------------------------------------------------ mint

    function test_mint_byMinter() public {
        vm.expectEmit();
        emit IERC20.Transfer(address(0), bob, 7e18);
        vm.expectEmit();
        emit IAuteurToken.Minted(minter, bob, 7e18, 507e18);
        vm.prank(minter);
        token.mint(bob, 7e18);
        assertEq(token.balanceOf(bob), 207e18, "bob");
        assertEq(token.totalMinted(), 507e18, "minted");
    }

    function test_mint_revertsWithoutRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                alice,
                MINTER_ROLE
            )
        );
        vm.prank(alice);
        token.mint(alice, 1);
    }

    function test_mint_revertsAfterRevoke() public {
        token.revokeRole(MINTER_ROLE, minter);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                minter,
                MINTER_ROLE
            )
        );
        vm.prank(minter);
        token.mint(alice, 1);
    }

    /// @dev Boundary: exactly the room left succeeds, one more wei reverts.
    function test_mint_capBoundary() public {
        uint256 room = CAP - token.totalSupply();
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ERC20Capped.ERC20ExceededCap.selector, CAP + 1, CAP));
        token.mint(alice, room + 1);
        vm.prank(minter);
        token.mint(alice, room);
        assertEq(token.totalSupply(), CAP, "at cap");
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(ERC20Capped.ERC20ExceededCap.selector, CAP + 1, CAP));
        token.mint(alice, 1);
    }

    function test_fuzz_mint_neverAboveCap(uint256 amount) public {
        uint256 supply = token.totalSupply();
        vm.prank(minter);
        if (amount > CAP - supply) {
            vm.expectRevert();
            token.mint(alice, amount);
            assertEq(token.totalSupply(), supply, "unchanged");
        } else {
            token.mint(alice, amount);
            assertEq(token.totalSupply(), supply + amount, "minted");
        }
        assertLe(token.totalSupply(), CAP, "supply <= cap");
    }

    // ------------------------------------------------------------------ burn

    function test_burn_countsTotalBurned() public {
        vm.expectEmit();
        emit IAuteurToken.Burned(alice, 10e18, 10e18);
        vm.prank(alice);
        token.burn(10e18);
        vm.prank(alice);
        token.approve(bob, 5e18);
        vm.expectEmit();
        emit IAuteurToken.Burned(alice, 5e18, 15e18);
        vm.prank(bob);
        token.burnFrom(alice, 5e18);
        assertEq(token.totalBurned(), 15e18, "burned");
        assertEq(token.totalSupply(), 485e18, "supply");
        assertEq(token.totalMinted(), 500e18, "minted unchanged");
    }

    function test_fuzz_burn(uint256 amount) public {
        amount = bound(amount, 0, 300e18);
        vm.prank(alice);
        token.burn(amount);
        assertEq(token.totalBurned(), amount, "burned");
        assertEq(token.totalSupply() + token.totalBurned(), token.totalMinted(), "identity");
    }

    // ------------------------------------------------------------------ ERC-20

    function test_transferFrom_spendsAllowance() public {
        assertEq(token.nonces(alice), 0, "no permit used");
        vm.prank(alice);
        token.approve(bob, 4e18);
        vm.prank(bob);
        assertTrue(token.transferFrom(alice, minter, 3e18), "transferFrom");
        assertEq(token.allowance(alice, bob), 1e18, "allowance left");
        assertEq(token.balanceOf(minter), 3e18, "received");
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 1e18, 2e18)
        );
        vm.prank(bob);
        token.transferFrom(alice, minter, 2e18);
    }

    // ------------------------------------------------------------------ KIP-7

    function test_safeTransfer_toAccountWithoutCode() public {
        vm.prank(alice);
        token.safeTransfer(bob, 1e18);
        assertEq(token.balanceOf(bob), 201e18, "bob");
    }

    function test_safeTransfer_callsReceiver() public {
        KIP7ReceiverHarness receiver = new KIP7ReceiverHarness(KIP7ReceiverHarness.Mode.Accept);
        vm.expectEmit(address(receiver));
        emit KIP7ReceiverHarness.Received(alice, alice, 2e18, "memo", 2e18);
        vm.prank(alice);
        token.safeTransfer(address(receiver), 2e18, "memo");
        vm.prank(alice);
        token.safeTransfer(address(receiver), 1e18);
        assertEq(receiver.calls(), 2, "calls");
        assertEq(token.balanceOf(address(receiver)), 3e18, "balance");
    }

    function test_safeTransferFrom_callsReceiverWithOperator() public {
        KIP7ReceiverHarness receiver = new KIP7ReceiverHarness(KIP7ReceiverHarness.Mode.Accept);
        vm.prank(alice);
        token.approve(bob, 3e18);
        vm.expectEmit(address(receiver));
        emit KIP7ReceiverHarness.Received(bob, alice, 2e18, "x", 2e18);
        vm.prank(bob);
        token.safeTransferFrom(alice, address(receiver), 2e18, "x");
        vm.prank(bob);
        token.safeTransferFrom(alice, address(receiver), 1e18);
        assertEq(token.allowance(alice, bob), 0, "allowance spent");
        assertEq(token.balanceOf(address(receiver)), 3e18, "balance");
    }

    function test_safeTransferFrom_revertsWithoutAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, 1)
        );
        vm.prank(bob);
        token.safeTransferFrom(alice, bob, 1);
    }

    function test_safeTransfer_revertsOnWrongAnswer() public {
        KIP7ReceiverHarness receiver = new KIP7ReceiverHarness(
            KIP7ReceiverHarness.Mode.WrongAnswer
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IAuteurToken.AuteurTokenInvalidKIP7Receiver.selector,
                address(receiver)
            )
        );
        vm.prank(alice);
        token.safeTransfer(address(receiver), 1);
    }

    function test_safeTransfer_bubblesReceiverError() public {
        KIP7ReceiverHarness receiver = new KIP7ReceiverHarness(
            KIP7ReceiverHarness.Mode.RevertWithError
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                KIP7ReceiverHarness.KIP7ReceiverHarnessRefused.selector,
                alice,
                alice,
                1
            )
        );
        vm.prank(alice);
        token.safeTransfer(address(receiver), 1);
    }

    function test_safeTransfer_revertsOnEmptyRevert() public {
        KIP7ReceiverHarness receiver = new KIP7ReceiverHarness(
            KIP7ReceiverHarness.Mode.RevertEmpty
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IAuteurToken.AuteurTokenInvalidKIP7Receiver.selector,
                address(receiver)
            )
        );
        vm.prank(alice);
        token.safeTransfer(address(receiver), 1);
    }

    /// @dev A contract without `onKIP7Received` (here: the handler) is refused.
    function test_safeTransfer_revertsOnNonReceiverContract() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAuteurToken.AuteurTokenInvalidKIP7Receiver.selector,
                address(handler)
            )
        );
        vm.prank(alice);
        token.safeTransfer(address(handler), 1);
        // A plain transfer to the same contract still works (ERC-20 semantics).
        vm.prank(alice);
        assertTrue(token.transfer(address(handler), 1), "plain transfer");
    }

    // ------------------------------------------------------------------ interfaces

    function test_supportsInterface() public view {
        // KIP-13 is ERC-165: same function, same id.
        assertEq(type(IKIP13).interfaceId, type(IERC165).interfaceId, "KIP-13 == ERC-165");
        assertEq(uint256(uint32(type(IKIP13).interfaceId)), 0x01ffc9a7, "KIP-13 id");
        assertEq(uint256(uint32(type(IKIP7).interfaceId)), 0x65787371, "KIP-7 id");
        assertEq(
            uint256(uint32(IKIP7Receiver.onKIP7Received.selector)),
            0x9d188c22,
            "onKIP7Received selector"
        );
        bytes4 metadata = IERC20Metadata.name.selector ^
            IERC20Metadata.symbol.selector ^
            IERC20Metadata.decimals.selector;
        assertEq(uint256(uint32(metadata)), 0xa219a025, "KIP-7 metadata id");
        assertEq(token.KIP7_METADATA_INTERFACE_ID(), metadata, "metadata constant");
        bytes4 burnable = bytes4(keccak256("burn(uint256)")) ^
            bytes4(keccak256("burnFrom(address,uint256)"));
        assertEq(uint256(uint32(burnable)), 0x3b5a0bf8, "KIP-7 burnable id");
        assertEq(token.KIP7_BURNABLE_INTERFACE_ID(), burnable, "burnable constant");

        assertTrue(token.supportsInterface(0x01ffc9a7), "ERC-165");
        assertTrue(token.supportsInterface(type(IKIP7).interfaceId), "KIP-7");
        assertTrue(token.supportsInterface(metadata), "KIP-7 metadata");
        assertTrue(token.supportsInterface(burnable), "KIP-7 burnable");
        assertTrue(token.supportsInterface(type(IERC20).interfaceId), "ERC-20");
        assertTrue(token.supportsInterface(type(IERC20Metadata).interfaceId), "ERC-20 metadata");
        assertTrue(token.supportsInterface(type(IAccessControl).interfaceId), "AccessControl");
        assertTrue(
            token.supportsInterface(type(IAccessControlDefaultAdminRules).interfaceId),
            "DefaultAdminRules"
        );
        assertFalse(token.supportsInterface(0xffffffff), "0xffffffff must be false");
        assertFalse(token.supportsInterface(0x12345678), "unknown id");
    }

    // ------------------------------------------------------------------ votes

    function test_votes_followDelegation() public {
        assertEq(token.getVotes(alice), 0, "no votes before delegation");
        vm.prank(alice);
        token.delegate(alice);
        assertEq(token.getVotes(alice), 300e18, "self-delegated");
        vm.prank(bob);
        token.delegate(alice);
        assertEq(token.getVotes(alice), 500e18, "with bob");
        vm.prank(bob);
        token.transfer(alice, 50e18);
        assertEq(token.getVotes(alice), 500e18, "transfer between delegators keeps votes");
        vm.prank(alice);
        token.burn(100e18);
        assertEq(token.getVotes(alice), 400e18, "burn removes votes");
    }

    // ------------------------------------------------------------------ admin

    function test_admin_transferIsTwoStepWithDelay() public {
        token.beginDefaultAdminTransfer(bob);
        vm.warp(block.timestamp + 1 days + 1);
        vm.prank(bob);
        token.acceptDefaultAdminTransfer();
        assertEq(token.defaultAdmin(), bob, "new admin");
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                address(this),
                bytes32(0)
            )
        );
        token.grantRole(MINTER_ROLE, alice);
    }

    // ------------------------------------------------------------------ invariants

    function invariant_supplyNeverAboveCap() public view {
        assertLe(token.totalSupply(), token.cap(), "supply <= cap");
    }

    function invariant_mintedEqualsSupplyPlusBurned() public view {
        assertEq(token.totalMinted(), token.totalSupply() + token.totalBurned(), "identity");
        assertEq(token.totalMinted(), 500e18 + handler.ghostMinted(), "ghost minted");
        assertEq(token.totalBurned(), handler.ghostBurned(), "ghost burned");
    }

    // ------------------------------------------------------------------ helpers

    function _deploy(
        uint256 cap,
        address[] memory recipients,
        uint256[] memory amounts
    ) internal returns (AuteurToken) {
        return new AuteurToken("Test Token", "TST", cap, 1 days, address(this), recipients, amounts);
    }

    function _pair(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    function _amounts(uint256 a, uint256 b) internal pure returns (uint256[] memory list) {
        list = new uint256[](2);
        list[0] = a;
        list[1] = b;
    }

    function _one(uint256 a) internal pure returns (uint256[] memory list) {
        list = new uint256[](1);
        list[0] = a;
    }
}
