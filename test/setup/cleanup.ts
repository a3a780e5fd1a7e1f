import { rmSync } from 'node:fs';

// Removes the user folder environment.ts made for this test file, with the binary data n8n-core stored in it.
afterAll(() => rmSync(process.env.N8N_USER_FOLDER!, { recursive: true, force: true }));
