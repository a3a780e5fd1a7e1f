export { DocSpaceEmulator, startEmulator, DEFAULT_CHUNK_UPLOAD_SIZE } from './emulator';
export type { EmulatorOptions, NetworkProfile } from './emulator';
export type { FaultKind, FaultRule } from './faults';
export type { LoggedRequest } from './request-log';
