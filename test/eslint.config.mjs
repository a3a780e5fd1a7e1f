// Tests and scripts never ship, so n8n's community-node rules (no file system, timers or console) do not
// apply to them; they get ESLint's and typescript-eslint's recommended rules. The root eslint.config.mjs
// is n8n's default config, unchanged, for the shipped code (n8n-node lint's strict mode requires it).
// ESLint uses this file for test/** and scripts/** because `npm run lint` looks configs up from each file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config({
	files: ['**/*.ts'],
	extends: [js.configs.recommended, tseslint.configs.recommended],
	rules: {
		// Tests read untyped JSON from the emulator and n8n; an `any` there is the honest type.
		'@typescript-eslint/no-explicit-any': 'off',
		// `const { secret: _secret, ...rest } = obj` is how a field is dropped.
		'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
	},
});
