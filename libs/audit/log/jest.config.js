const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'audit-log', roots: ['<rootDir>/libs/audit/log'] };
