/**
 * Typed errors of the chunk store. Each one names what failed (block index, CID, backend) and what
 * to do about it; the CLI prints them with their hints.
 */
import { AuteurError, AuteurInputError } from "../errors.js";

/** A failure of the chunk store (a backend, a block, a manifest). */
export class StorageError extends AuteurError {
  override readonly name: string = "StorageError";
}

/** Bad input to the store: an empty file, a malformed CID, a range outside the content. */
export class StorageInputError extends AuteurInputError {
  override readonly name: string = "StorageInputError";
}

/** A block whose bytes do not hash to what the manifest (or its CID) says. */
export class StorageBlockCorruptError extends StorageError {
  override readonly name: string = "StorageBlockCorruptError";
}

/** A block (or manifest) that no backend holds. */
export class StorageBlockMissingError extends StorageError {
  override readonly name: string = "StorageBlockMissingError";
}

/** A manifest that does not decode, does not validate, or whose bytes do not match its CID. */
export class StorageManifestError extends StorageError {
  override readonly name: string = "StorageManifestError";
}

/** A backend that did not answer within the store's timeout. */
export class StorageBackendTimeoutError extends StorageError {
  override readonly name: string = "StorageBackendTimeoutError";
}

/** A backend that answered with an error (disk full, HTTP 500, ...). */
export class StorageBackendError extends StorageError {
  override readonly name: string = "StorageBackendError";
}

/** ffmpeg failed or is missing while cutting VideoCells. */
export class StorageCellError extends StorageError {
  override readonly name: string = "StorageCellError";
}
