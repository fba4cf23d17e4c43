import { config } from '@n8n/node-cli/eslint';

export default [...config, { ignores: ['dev/**', 'test/**', 'scripts/**', 'bench/**', 'jest.config.js', 'gulpfile.js', 'index.js'] }];
