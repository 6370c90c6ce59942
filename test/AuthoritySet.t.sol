// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AuthoritySet} from "../contracts/access/AuthoritySet.sol";
import {IAuthoritySet} from "../contracts/interfaces/IAuthoritySet.sol";
import {Test} from "./utils/Test.sol";

/// @dev Calls requireQuorum through an external call so a revert can be observed as `false`.
contract QuorumProbe {
    function accepts(AuthoritySet authority, bytes32 digest, bytes[] calldata sigs) external view returns (bool) {
        try authority.requireQuorum(digest, sigs) returns (uint256) {
            return true;
        } catch {
            return false;
        }
    }
}

contract AuthoritySetTest is Test {
    AuthoritySet internal authority;
    QuorumProbe internal probe;
    uint256[] internal keys; // sorted by address
    bytes32 internal constant DIGEST = keccak256("settlement");

    function setUp() public {
        authority = new AuthoritySet(0, address(this));
        probe = new QuorumProbe();
        for (uint256 i = 0; i < 12; ++i) keys.push(makeKey(string.concat("verifier-", vm.toString(i))));
        // insertion sort by address
        for (uint256 i = 1; i < keys.length; ++i) {
            uint256 k = keys[i];
            uint256 j = i;
            while (j > 0 && vm.addr(keys[j - 1]) > vm.addr(k)) {
                keys[j] = keys[j - 1];
                --j;
            }
            keys[j] = k;
        }
    }

    function _addVerifiers(uint256 n) internal {
        for (uint256 i = 0; i < n; ++i) authority.grantRole(authority.VERIFIER_ROLE(), vm.addr(keys[i]));
    }

    function _sigs(uint256 from, uint256 count, bytes32 digest) internal view returns (bytes[] memory sigs) {
        sigs = new bytes[](count);
        for (uint256 i = 0; i < count; ++i) sigs[i] = signDigest(keys[from + i], digest);
    }

    /// Accepted exactly when the number of distinct sorted verifier signatures reaches the threshold.
    function test_fuzz_quorumBoundary(uint256 nSeed, uint256 tSeed, uint256 kSeed) public {
        uint256 n = bound(nSeed, 1, 12);
        _addVerifiers(n);
        uint256 configured = bound(tSeed, 0, n);
        authority.setQuorumThreshold(configured);
        uint256 threshold = configured == 0 ? n / 2 + 1 : configured;
        assertEq(authority.quorumThreshold(), threshold, "effective threshold");
        uint256 k = bound(kSeed, 0, n);
        assertEq(probe.accepts(authority, DIGEST, _sigs(0, k, DIGEST)), k >= threshold, "accept iff k >= threshold");
    }

    function test_defaultThresholdIsMoreThanHalf() public {
        for (uint256 n = 1; n <= 12; ++n) {
            authority.grantRole(authority.VERIFIER_ROLE(), vm.addr(keys[n - 1]));
            assertEq(authority.quorumThreshold(), n / 2 + 1, "majority");
            assertTrue(probe.accepts(authority, DIGEST, _sigs(0, n / 2 + 1, DIGEST)), "majority accepted");
            assertFalse(probe.accepts(authority, DIGEST, _sigs(0, n / 2, DIGEST)), "half refused");
        }
    }

    /// A duplicated signature anywhere in an otherwise sufficient set is refused.
    function test_fuzz_duplicateRefused(uint256 posSeed) public {
        _addVerifiers(7);
        bytes[] memory sigs = _sigs(0, 7, DIGEST);
        uint256 pos = bound(posSeed, 1, 6);
        sigs[pos] = sigs[pos - 1];
        vm.expectRevert(
            abi.encodeWithSelector(
                IAuthoritySet.AuthoritySetSignersNotSorted.selector,
                pos,
                vm.addr(keys[pos - 1]),
                vm.addr(keys[pos - 1])
            )
        );
        authority.requireQuorum(DIGEST, sigs);
    }

    function test_removedMemberRefused() public {
        _addVerifiers(5);
        authority.revokeRole(authority.VERIFIER_ROLE(), vm.addr(keys[1]));
        vm.expectRevert(
            abi.encodeWithSelector(IAuthoritySet.AuthoritySetNotVerifier.selector, 1, vm.addr(keys[1]))
        );
        authority.requireQuorum(DIGEST, _sigs(0, 3, DIGEST));
    }

    function test_nonMemberRefused() public {
        _addVerifiers(3);
        // keys[3] was never added
        assertFalse(probe.accepts(authority, DIGEST, _sigs(1, 3, DIGEST)), "non-member");
    }

    /// A signature over another digest (another chain id or contract in the EIP-712 domain) fails.
    function test_fuzz_otherDigestRefused(bytes32 other) public {
        vm.assume(other != DIGEST);
        _addVerifiers(3);
        assertFalse(probe.accepts(authority, DIGEST, _sigs(0, 3, other)), "wrong digest");
        assertTrue(probe.accepts(authority, other, _sigs(0, 3, other)), "right digest");
    }
}
