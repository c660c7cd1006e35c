const preset = require('../../../jest.preset.js');

module.exports = { ...preset, displayName: 'event-store', roots: ['<rootDir>/libs/platform/event-store'] };
