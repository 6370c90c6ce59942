/**
 * Ignition module: the verifier / attester / supervisor set with its quorum check.
 *
 * Parameters (module id `AuthoritySet`):
 * - `admin` (address, default: account 0): the default admin, who grants the roles;
 * - `adminDelay` (seconds, default 86,400): delay of the two-step admin transfer.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("AuthoritySet", (m) => {
  const admin = m.getParameter("admin", m.getAccount(0));
  const adminDelay = m.getParameter("adminDelay", 86_400);
  const authoritySet = m.contract("AuthoritySet", [adminDelay, admin]);
  return { authoritySet };
});
