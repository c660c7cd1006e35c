const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'cases-application', roots: ['<rootDir>/libs/cases/application'] };
