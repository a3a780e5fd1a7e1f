// See bail-environment.js: the runner's one copy in the engine tests, the package itself elsewhere.
module.exports = globalThis.__sharedModules?.['n8n-workflow'] ?? require('../../../node_modules/n8n-workflow');
