export { AuteurError, AuteurInputError } from "./errors.js";
