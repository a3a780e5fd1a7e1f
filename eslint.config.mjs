// n8n's lint rules for community packages: the classic eslint-plugin-n8n-nodes-base rule sets (as the
// node starter used them with the gulp build) and the newer @n8n/eslint-plugin-community-nodes.
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// Legacy rules that n8n's own @n8n/node-cli config turns off: they predate NodeConnectionTypes and
// documentation links given as URLs, and contradict the newer plugin.
const superseded = {
	'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
	'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
};

const typescript = {
	parser: tsParser,
	parserOptions: { project: './tsconfig.json', sourceType: 'module', extraFileExtensions: ['.json'] },
};

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test/**', 'scripts/**', 'docs/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase, '@n8n/community-nodes': communityNodes },
		rules: {
			...n8nNodesBase.configs.community.rules,
			...communityNodes.configs.recommendedWithoutN8nCloudSupport.rules,
			// The one exception: the design card makes form-data the multipart encoder of upload chunks
			// (DocSpace derives a chunk's length from Content-Length and form-data's exact framing).
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: typescript,
		plugins: { 'n8n-nodes-base': n8nNodesBase, '@n8n/community-nodes': communityNodes },
		rules: { ...n8nNodesBase.configs.credentials.rules, ...communityNodes.configs.recommendedWithoutN8nCloudSupport.rules, ...superseded },
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: typescript,
		plugins: { 'n8n-nodes-base': n8nNodesBase, '@n8n/community-nodes': communityNodes },
		rules: { ...n8nNodesBase.configs.nodes.rules, ...communityNodes.configs.recommendedWithoutN8nCloudSupport.rules, ...superseded },
	},
];
