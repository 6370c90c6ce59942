// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IAuteurToken
 * @notice The protocol token: ERC-20 with permit (EIP-2612), votes (ERC-5805), burning and a hard
 * cap on the total supply, plus Kaia's KIP-7 `safeTransfer` family. The genesis allocation is minted
 * once by the constructor; later supply comes only from emission contracts holding `MINTER_ROLE`
 * (upload mining, Proof-of-View). A token whose genesis fills the cap is fixed-supply: nobody can
 * ever hold `MINTER_ROLE`.
 */
interface IAuteurToken {
    /// @notice The cap is 0 or above what ERC-5805 checkpoints can hold (`type(uint208).max`).
    error AuteurTokenInvalidCap(uint256 cap);
    /// @notice The genesis recipient and amount lists differ in length.
    error AuteurTokenGenesisLengthMismatch(uint256 recipients, uint256 amounts);
    /// @notice A genesis entry has a zero amount.
    error AuteurTokenGenesisZeroAmount(uint256 index, address recipient);
    /// @notice The genesis allocation adds up to more than the cap.
    error AuteurTokenGenesisExceedsCap(uint256 genesisSupply, uint256 cap);
    /// @notice The token is fixed-supply (genesis filled the cap): `role` cannot be granted.
    error AuteurTokenFixedSupply(bytes32 role, address account);
    /// @notice A contract recipient of a KIP-7 safe transfer did not accept the tokens.
    error AuteurTokenInvalidKIP7Receiver(address recipient);

    /**
     * @notice The genesis allocation was minted (once, at deployment, after its `Transfer`s).
     * @param genesisSupply total minted at genesis
     * @param cap the hard cap on the total supply
     * @param fixedSupply true when genesis filled the cap and no minter can ever be granted
     * @param recipients number of genesis recipients
     */
    event GenesisMinted(uint256 genesisSupply, uint256 cap, bool fixedSupply, uint256 recipients);

    /**
     * @notice A minter (an emission contract) minted tokens.
     * @param minter the `MINTER_ROLE` holder that minted
     * @param to the recipient
     * @param amount the amount minted
     * @param totalSupply the total supply after the mint
     */
    event Minted(address indexed minter, address indexed to, uint256 amount, uint256 totalSupply);

    /**
     * @notice Tokens were burned (by their holder, through an allowance, or by a fee burn).
     * @param from the account whose tokens were burned
     * @param amount the amount burned
     * @param totalBurned everything burned since genesis, after this burn
     */
    event Burned(address indexed from, uint256 amount, uint256 totalBurned);

    /// @notice The role of emission contracts allowed to {mint}: `keccak256("MINTER_ROLE")`.
    function MINTER_ROLE() external view returns (bytes32);

    /**
     * @notice Mints `amount` to `to`, never beyond the cap. Only `MINTER_ROLE`.
     */
    function mint(address to, uint256 amount) external;

    /// @notice Amount minted by the constructor.
    function genesisSupply() external view returns (uint256);

    /// @notice Everything burned since genesis.
    function totalBurned() external view returns (uint256);

    /// @notice Everything ever minted: `totalSupply() + totalBurned()`.
    function totalMinted() external view returns (uint256);

    /// @notice True when the genesis allocation filled the cap; then nothing is ever minted again.
    function isFixedSupply() external view returns (bool);
}
