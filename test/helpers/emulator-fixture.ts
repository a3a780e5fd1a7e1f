import { startEmulator, type DocSpaceEmulator, type EmulatorOptions } from '../emulator';

/**
 * One emulator for the tests of the file (or describe block) that calls this: started before them,
 * stopped after them, with its request log and fault plan emptied before each test. Returns a getter,
 * as the emulator exists only once the tests run.
 */
export function useEmulator(options: EmulatorOptions = {}): () => DocSpaceEmulator {
	let emulator: DocSpaceEmulator | undefined;
	beforeAll(async () => {
		emulator = await startEmulator(options);
	});
	afterAll(async () => {
		await emulator?.stop();
	});
	beforeEach(() => {
		emulator?.log.clear();
		emulator?.faults.clear();
	});
	return () => {
		if (!emulator) throw new Error('The emulator starts in beforeAll: use it in hooks and tests');
		return emulator;
	};
}
