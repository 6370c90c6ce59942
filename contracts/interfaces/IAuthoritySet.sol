// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IAuthoritySet
 * @notice The protocol's proof-of-authority set: verifiers (who sign epoch reports, ad settlements
 * and other quorum facts), attesters (who sign what they computed from an uploaded file) and
 * supervisors (who suspend infringing works and challenge roots). Every off-chain fact that the
 * chain must trust enters through {requireQuorum} or {requireAttester}.
 *
 * Digests are full EIP-712 digests computed by the consuming contract with its own domain
 * (name, version, chain id, its own address), so a signature is bound to one chain and one
 * contract; nonces and deadlines live in the consuming contract's typed struct.
 */
interface IAuthoritySet {
    /// @notice A signature at `index` is not a valid 65-byte ECDSA signature with a low `s`.
    error AuthoritySetInvalidSignature(uint256 index);
    /// @notice Signers must be strictly increasing by address (this also rules out duplicates).
    error AuthoritySetSignersNotSorted(uint256 index, address previous, address signer);
    /// @notice The signer recovered at `index` is not a current verifier.
    error AuthoritySetNotVerifier(uint256 index, address signer);
    /// @notice Fewer valid verifier signatures than the threshold.
    error AuthoritySetQuorumNotReached(uint256 signers, uint256 threshold);
    /// @notice A configured threshold above the number of verifiers (0 means "more than half").
    error AuthoritySetInvalidThreshold(uint256 threshold, uint256 verifierCount);
    /// @notice Removing this verifier would leave the configured threshold unreachable.
    error AuthoritySetThresholdUnreachable(uint256 threshold, uint256 verifierCountAfter);
    /// @notice The attestation's signer is not a current attester.
    error AuthoritySetNotAttester(address signer);

    /**
     * @notice The verifier set changed.
     * @param account the verifier added or removed
     * @param added true when added, false when removed
     * @param verifierCount number of verifiers after the change
     * @param threshold the effective quorum threshold after the change
     */
    event VerifierSetChanged(
        address indexed account,
        bool added,
        uint256 verifierCount,
        uint256 threshold
    );

    /**
     * @notice The configured quorum threshold changed (0 = more than half of the verifiers).
     * @param previous the previous configured value
     * @param configured the new configured value
     * @param threshold the effective threshold now
     */
    event QuorumThresholdChanged(uint256 previous, uint256 configured, uint256 threshold);

    /// @notice Number of current verifiers.
    function verifierCount() external view returns (uint256);

    /// @notice The configured threshold; 0 means "more than half of the verifiers".
    function configuredThreshold() external view returns (uint256);

    /// @notice Number of distinct verifier signatures a quorum needs now.
    function quorumThreshold() external view returns (uint256);

    /// @notice Whether `account` is a current verifier.
    function isVerifier(address account) external view returns (bool);

    /// @notice Whether `account` is a current attester.
    function isAttester(address account) external view returns (bool);

    /// @notice Whether `account` is a current supervisor.
    function isSupervisor(address account) external view returns (bool);

    /**
     * @notice Reverts unless `signatures` hold at least {quorumThreshold} signatures of current
     * verifiers over `digest`, ordered by strictly increasing signer address.
     * @return signers the number of signatures checked (all of them are valid verifiers)
     */
    function requireQuorum(
        bytes32 digest,
        bytes[] calldata signatures
    ) external view returns (uint256 signers);

    /**
     * @notice Reverts unless `signature` over `digest` comes from a current attester.
     * @return attester the recovered attester
     */
    function requireAttester(
        bytes32 digest,
        bytes calldata signature
    ) external view returns (address attester);
}
