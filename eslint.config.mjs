import { config } from '@n8n/node-cli/eslint';

// `npm run mutation` keeps mutated copies of the sources in Stryker's sandbox while it runs.
export default [...config, { ignores: ['.stryker-tmp/'] }];
