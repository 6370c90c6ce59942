// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/**
 * @title Test
 * @notice A small base for Solidity tests (Hardhat 3 runs `test*` functions, fuzzes their
 * parameters, and runs `invariant*` functions against the contracts returned by
 * {targetContracts}). Assertions revert with a readable message; `bound` maps a fuzzed value into a
 * range without discarding runs.
 */
abstract contract Test {
    /// @dev The cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    address[] private _targetContracts;
    bytes4[] private _noSelectors;

    // ------------------------------------------------------------------ invariant targets

    /// @notice Restricts invariant fuzzing to `target` (call once per handler in `setUp`).
    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @notice Read by the invariant runner: the contracts it calls at random.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    // ------------------------------------------------------------------ helpers

    /// @notice A deterministic address (with a known key) labelled `name`.
    function makeAddr(string memory name) internal returns (address account) {
        account = vm.addr(makeKey(name));
        vm.label(account, name);
    }

    /// @notice The private key behind {makeAddr}`(name)`.
    function makeKey(string memory name) internal pure returns (uint256) {
        return uint256(keccak256(bytes(name)));
    }

    /// @notice Maps `x` into `[min, max]` (inclusive), keeping small values small.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    /// @notice A 65-byte `r || s || v` signature of `digest` by `privateKey`.
    function signDigest(uint256 privateKey, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(privateKey, digest);
        return abi.encodePacked(r, s, v);
    }

    // ------------------------------------------------------------------ assertions

    function fail(string memory message) internal pure {
        revert(message);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(string.concat("assertTrue: ", message));
    }

    function assertTrue(bool condition) internal pure {
        assertTrue(condition, "expected true");
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) fail(string.concat("assertFalse: ", message));
    }

    function assertFalse(bool condition) internal pure {
        assertFalse(condition, "expected false");
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": ", vm.toString(actual), " != ", vm.toString(expected)));
        }
    }

    function assertEq(uint256 actual, uint256 expected) internal pure {
        assertEq(actual, expected, "assertEq(uint256)");
    }

    function assertEq(int256 actual, int256 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": ", vm.toString(actual), " != ", vm.toString(expected)));
        }
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": ", vm.toString(actual), " != ", vm.toString(expected)));
        }
    }

    function assertEq(address actual, address expected) internal pure {
        assertEq(actual, expected, "assertEq(address)");
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": ", vm.toString(actual), " != ", vm.toString(expected)));
        }
    }

    function assertEq(bytes32 actual, bytes32 expected) internal pure {
        assertEq(actual, expected, "assertEq(bytes32)");
    }

    function assertEq(bool actual, bool expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": ", vm.toString(actual), " != ", vm.toString(expected)));
        }
    }

    function assertEq(bool actual, bool expected) internal pure {
        assertEq(actual, expected, "assertEq(bool)");
    }

    function assertEq(bytes memory actual, bytes memory expected, string memory message) internal pure {
        if (keccak256(actual) != keccak256(expected)) {
            fail(string.concat(message, ": ", vm.toString(actual), " != ", vm.toString(expected)));
        }
    }

    function assertEq(string memory actual, string memory expected, string memory message) internal pure {
        if (keccak256(bytes(actual)) != keccak256(bytes(expected))) {
            fail(string.concat(message, ": \"", actual, "\" != \"", expected, "\""));
        }
    }

    function assertEq(string memory actual, string memory expected) internal pure {
        assertEq(actual, expected, "assertEq(string)");
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) fail(string.concat(message, ": ", vm.toString(a), " > ", vm.toString(b)));
    }

    function assertLe(uint256 a, uint256 b) internal pure {
        assertLe(a, b, "assertLe");
    }

    function assertLt(uint256 a, uint256 b, string memory message) internal pure {
        if (a >= b) fail(string.concat(message, ": ", vm.toString(a), " >= ", vm.toString(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) fail(string.concat(message, ": ", vm.toString(a), " < ", vm.toString(b)));
    }

    function assertGe(uint256 a, uint256 b) internal pure {
        assertGe(a, b, "assertGe");
    }

    function assertGt(uint256 a, uint256 b, string memory message) internal pure {
        if (a <= b) fail(string.concat(message, ": ", vm.toString(a), " <= ", vm.toString(b)));
    }
}
