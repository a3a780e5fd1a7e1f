export { DocSpaceEmulator, startEmulator, DEFAULT_CHUNK_UPLOAD_SIZE } from './emulator';
export type { EmulatorOptions, NetworkProfile } from './emulator';
export type { FaultKind, FaultRule } from './faults';
export type { LoggedRequest } from './request-log';
export type { ServerVersion, VersionProfile } from './versions';
export { PROFILES, SERVER_VERSIONS } from './versions';
export type { RateLimitConfig } from './rate-limiter';
export { DEFAULT_RATE_LIMITS } from './rate-limiter';
