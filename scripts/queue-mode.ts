/**
 * n8n in queue mode on this machine, with the package in every process: PostgreSQL and Redis from
 * Debian's packages on loopback, an n8n 2.41.1 main on http://localhost:5678 and two workers, binary
 * data in the database, the DocSpace emulator, a credential for it and a webhook workflow that
 * uploads what is posted to it. Runs until Ctrl+C.
 */
import { startEmulator } from '../test/emulator';
import { OWNER, packPackage } from '../test/e2e/real-n8n';
import { QueueMode } from '../test/e2e/queue-mode';
import { credentialFile, webhookToDocSpace } from '../test/e2e/workflows';

async function main(): Promise<void> {
	await packPackage();
	const emulator = await startEmulator({ port: Number(process.env.DOCSPACE_EMULATOR_PORT ?? 8090) });
	const queue = await QueueMode.create({ workers: 2 });
	const stop = async () => {
		await queue.destroy();
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const credential = { id: 'docspaceEmulator', name: 'DocSpace emulator', data: { baseUrl: emulator.url, authType: 'authKey', authKey: emulator.portal.owner.authKey } };
	await queue.main.importCredentials([credentialFile(credential)]);
	await queue.main.importWorkflows([{ ...webhookToDocSpace('QueueUpload00001', 'upload', credential), name: 'Upload a posted file to DocSpace' }]);
	await queue.main.publishWorkflow('QueueUpload00001');
	await queue.start();
	await queue.main.signIn();

	console.log(`
n8n in queue mode: main ${queue.main.url} (sign in as ${OWNER.email} / ${OWNER.password}), 2 workers
  PostgreSQL 127.0.0.1:${queue.postgres.port} (database n8n), Redis 127.0.0.1:${queue.redis.port}, binary data mode: database
  Try it:  curl -F file=@some.pdf ${queue.main.url}/webhook/upload
DocSpace emulator on ${emulator.url} (uploaded files: ${emulator.url}/__emulator/state)

Press Ctrl+C to stop everything.`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
