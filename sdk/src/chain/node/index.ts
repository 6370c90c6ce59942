/**
 * `@auteur/sdk/chain/node`: the Node-only parts of the chain module (file hashing, pHash, chunk
 * storage for registration; deployments files on disk).
 */
export * from "./prepareUpload.js";
export * from "./deploymentsFile.js";
export * from "./balances.js";
