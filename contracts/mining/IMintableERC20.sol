// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title IMintableERC20
 * @notice What the emission contracts (UploadMiner, ProofOfView) need from the reward token: an
 * ERC-20 whose `MINTER_ROLE` holders mint (AuteurToken's `mint(address,uint256)`; the token
 * enforces its own cap).
 */
interface IMintableERC20 is IERC20 {
    /// @notice Mints `amount` to `to`; reverts unless the caller may mint and the cap allows it.
    function mint(address to, uint256 amount) external;
}
