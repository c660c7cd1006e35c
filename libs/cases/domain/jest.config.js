const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'cases-domain', roots: ['<rootDir>/libs/cases/domain'] };
