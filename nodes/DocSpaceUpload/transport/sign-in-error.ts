/** Signing in with e-mail and password was refused; trying again with the same data will not help. */
export class SignInError extends Error {}
