/**
 * Deploys the registry area on a Hardhat connection: AuthoritySet (one attester, one supervisor),
 * AuteurToken (genesis to the buyers), a second ERC-20 standing in for an allowed "other" token
 * (another AuteurToken instance: any ERC-20 works), CopyrightRegistry and LicenseMarket, with an
 * approved NGO. Shared by the story test and the gas benchmark.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type {
  AuteurToken,
  AuthoritySet,
  CopyrightRegistry,
  LicenseMarket,
} from "../../types/ethers-contracts/index.js";

export const WINDOW = 7n * 24n * 3600n;
export const THRESHOLD = 10;
export const FUEL_BPS = 100; // 1 % fuel fee
export const NATIVE_FEE_BPS = 100; // 1 % on the native-coin path (source design)
export const OTHER_FEE_BPS = 300; // 3 % for other tokens (source design)
export const TOKEN_UNIT = 10n ** 18n;

export async function deployRegistryArea(ethers: HardhatEthers) {
  const [admin, attester, supervisor, alice, bob, carol, ngo, treasury] = await ethers.getSigners();
  const authority = (await ethers.deployContract("AuthoritySet", [
    0n,
    admin.address,
  ])) as unknown as AuthoritySet;
  await authority.grantRole(await authority.ATTESTER_ROLE(), attester.address);
  await authority.grantRole(await authority.SUPERVISOR_ROLE(), supervisor.address);

  const supply = 1_000_000n * TOKEN_UNIT;
  const holders = [bob.address, carol.address];
  const amounts = [supply / 2n, supply / 2n];
  const auteur = (await ethers.deployContract("AuteurToken", [
    "Auteur",
    "AUT",
    10n * supply,
    0n,
    admin.address,
    holders,
    amounts,
  ])) as unknown as AuteurToken;
  const other = (await ethers.deployContract("AuteurToken", [
    "Other USD",
    "OUSD",
    10n * supply,
    0n,
    admin.address,
    holders,
    amounts,
  ])) as unknown as AuteurToken;

  const registry = (await ethers.deployContract("CopyrightRegistry", [
    await authority.getAddress(),
    0n,
    admin.address,
    THRESHOLD,
    WINDOW,
  ])) as unknown as CopyrightRegistry;
  const market = (await ethers.deployContract("LicenseMarket", [
    await registry.getAddress(),
    await auteur.getAddress(),
    0n,
    admin.address,
    treasury.address,
    FUEL_BPS,
    NATIVE_FEE_BPS,
  ])) as unknown as LicenseMarket;
  await market.configureToken(await other.getAddress(), true, OTHER_FEE_BPS);
  await registry.setNgoApproval(ngo.address, true);

  const chainId = (await ethers.provider.getNetwork()).chainId;
  return {
    chainId,
    authority,
    auteur,
    other,
    registry,
    market,
    admin,
    attester,
    supervisor,
    alice,
    bob,
    carol,
    ngo,
    treasury,
  };
}

export type RegistryArea = Awaited<ReturnType<typeof deployRegistryArea>>;
