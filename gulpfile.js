const { src, dest, parallel } = require('gulp');

// gulp 5 decodes files as UTF-8 unless told otherwise, which would corrupt PNG icons.
const copyNodeIcons = () =>
	src('nodes/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/nodes'));
const copyCredentialIcons = () =>
	src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));

exports['build:icons'] = parallel(copyNodeIcons, copyCredentialIcons);
