const preset = require('../../../jest.preset.js');

// jose 6 ships only ES modules, so it joins the packages the preset already compiles to CommonJS.
const transformIgnorePatterns = preset.transformIgnorePatterns.map((pattern) => pattern.replace('(?!(', '(?!(jose|'));

module.exports = { ...preset, transformIgnorePatterns, displayName: 'identity', roots: ['<rootDir>/libs/platform/identity'] };
