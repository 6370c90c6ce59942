// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IAuthoritySet} from "../interfaces/IAuthoritySet.sol";

/**
 * @title AuthoritySet
 * @notice Verifier, attester and supervisor sets with an M-of-N quorum check over EIP-712 digests.
 * @dev Roles are plain OZ roles administered by the default admin (two-step transfer with a delay,
 * {AccessControlDefaultAdminRules}). The verifier count is tracked in the grant/revoke hooks so
 * the default threshold ("more than half") follows the set without enumeration.
 *
 * Signature rules in {requireQuorum}: 65-byte signatures only, `s` in the lower half order
 * (ECDSA.tryRecover rejects malleable and zero-address recoveries), signers strictly increasing
 * (no duplicates, O(n) check), each a current verifier, count >= threshold.
 */
contract AuthoritySet is IAuthoritySet, AccessControlDefaultAdminRules {
    /// @notice Signs quorum facts: epoch reports, ad settlements.
    bytes32 public constant VERIFIER_ROLE = keccak256("VERIFIER_ROLE");
    /// @notice Signs what it computed from an uploaded file (hashes, dimensions, manifest CID).
    bytes32 public constant ATTESTER_ROLE = keccak256("ATTESTER_ROLE");
    /// @notice Suspends infringing works, rejects ownership transfers and challenges roots.
    bytes32 public constant SUPERVISOR_ROLE = keccak256("SUPERVISOR_ROLE");

    uint256 private _verifierCount;
    uint256 private _configuredThreshold;

    /**
     * @param initialAdminDelay delay (seconds) of a default-admin transfer
     * @param initialAdmin the default admin (grants and revokes every role)
     */
    constructor(
        uint48 initialAdminDelay,
        address initialAdmin
    ) AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) {}

    /**
     * @notice Sets the quorum threshold; 0 restores "more than half of the verifiers".
     * @dev Requirements: caller is the default admin; `threshold <= verifierCount()`.
     * Emits {QuorumThresholdChanged}.
     */
    function setQuorumThreshold(uint256 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (threshold > _verifierCount) {
            revert AuthoritySetInvalidThreshold(threshold, _verifierCount);
        }
        uint256 previous = _configuredThreshold;
        _configuredThreshold = threshold;
        emit QuorumThresholdChanged(previous, threshold, quorumThreshold());
    }

    /// @inheritdoc IAuthoritySet
    function verifierCount() external view returns (uint256) {
        return _verifierCount;
    }

    /// @inheritdoc IAuthoritySet
    function configuredThreshold() external view returns (uint256) {
        return _configuredThreshold;
    }

    /// @inheritdoc IAuthoritySet
    function isVerifier(address account) external view returns (bool) {
        return hasRole(VERIFIER_ROLE, account);
    }

    /// @inheritdoc IAuthoritySet
    function isAttester(address account) external view returns (bool) {
        return hasRole(ATTESTER_ROLE, account);
    }

    /// @inheritdoc IAuthoritySet
    function isSupervisor(address account) external view returns (bool) {
        return hasRole(SUPERVISOR_ROLE, account);
    }

    /// @inheritdoc IAuthoritySet
    function requireQuorum(
        bytes32 digest,
        bytes[] calldata signatures
    ) external view returns (uint256 signers) {
        uint256 threshold = quorumThreshold();
        signers = signatures.length;
        if (signers < threshold) {
            revert AuthoritySetQuorumNotReached(signers, threshold);
        }
        address previous = address(0);
        for (uint256 i = 0; i < signers; ++i) {
            address signer = _recover(digest, signatures[i], i);
            if (signer <= previous) revert AuthoritySetSignersNotSorted(i, previous, signer);
            if (!hasRole(VERIFIER_ROLE, signer)) revert AuthoritySetNotVerifier(i, signer);
            previous = signer;
        }
    }

    /// @inheritdoc IAuthoritySet
    function requireAttester(
        bytes32 digest,
        bytes calldata signature
    ) external view returns (address attester) {
        attester = _recover(digest, signature, 0);
        if (!hasRole(ATTESTER_ROLE, attester)) revert AuthoritySetNotAttester(attester);
    }

    /// @inheritdoc IAuthoritySet
    function quorumThreshold() public view returns (uint256) {
        uint256 configured = _configuredThreshold;
        return configured != 0 ? configured : _verifierCount / 2 + 1;
    }

    /// @dev Counts verifiers; emits {VerifierSetChanged} on an actual addition.
    function _grantRole(bytes32 role, address account) internal virtual override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted && role == VERIFIER_ROLE) {
            ++_verifierCount;
            emit VerifierSetChanged(account, true, _verifierCount, quorumThreshold());
        }
    }

    /**
     * @dev Counts verifiers; refuses a removal that would leave a configured threshold
     * unreachable; emits {VerifierSetChanged} on an actual removal.
     */
    function _revokeRole(bytes32 role, address account) internal virtual override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == VERIFIER_ROLE) {
            uint256 remaining = _verifierCount - 1;
            if (_configuredThreshold > remaining) {
                revert AuthoritySetThresholdUnreachable(_configuredThreshold, remaining);
            }
            _verifierCount = remaining;
            emit VerifierSetChanged(account, false, remaining, quorumThreshold());
        }
    }

    /// @dev Recovers a signer, rejecting malformed, malleable and zero-address signatures.
    function _recover(bytes32 digest, bytes calldata signature, uint256 index) private pure returns (address signer) {
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecover(digest, signature);
        if (error != ECDSA.RecoverError.NoError) revert AuthoritySetInvalidSignature(index);
        return recovered;
    }
}
