const preset = require('../../jest.preset.js');

// Two workers: the authorization matrix (two spec files, CPU-bound in one process each) runs beside
// the other suites instead of after them; jest's default on a 2-core machine is one worker.
module.exports = { ...preset, displayName: 'api', roots: ['<rootDir>/apps/api'], maxWorkers: 2 };
