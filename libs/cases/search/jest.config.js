const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'cases-search', roots: ['<rootDir>/libs/cases/search'] };
